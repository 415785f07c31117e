#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

/// Standard base64 (RFC 4648, with padding).
std::string base64_encode(std::string_view bytes);
/// nullopt for anything that is not canonical base64 (bad characters, length, padding).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace util
