#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace util {

/// MD5 (RFC 1321) of `bytes`. Not for security: Prometheus's `hashmod` relabel action takes
/// its last 8 bytes, and obsctl follows that action without linking a crypto library.
std::array<std::uint8_t, 16> md5(std::string_view bytes);

}  // namespace util
