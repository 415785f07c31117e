#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace capture {

/// The most of a request or message a Notification keeps as `raw` (64 KiB).
inline constexpr std::size_t k_max_raw = 64 * 1024;

/// ASCII letters in lower (upper) case, other bytes as they are: SMTP verbs, header and
/// parameter names.
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

/// `text` cut to at most `limit` bytes (never in the middle of a UTF-8 sequence).
std::string capped(std::string_view text, std::size_t limit = k_max_raw);

/// %XX decoded (and '+' as a space when `plus_is_space`: form bodies); none on a bad escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// An application/x-www-form-urlencoded body as its pairs, in order; none when an escape is
/// bad.
std::optional<std::vector<std::pair<std::string, std::string>>> form_decode(std::string_view body);

/// Quoted-printable (RFC 2045 6.7) decoded leniently, as Go's mime/quotedprintable reads it:
/// soft line breaks removed, a malformed '=' kept as it is.
std::string quoted_printable_decode(std::string_view text);

/// Base64 with the line breaks and whitespace of a MIME body; none when not base64.
std::optional<std::string> mime_base64_decode(std::string_view text);

/// A header value with its RFC 2047 encoded-words (=?charset?Q?...?= and ?B?) decoded: UTF-8
/// and US-ASCII as they are, ISO-8859-1 converted to UTF-8, other charsets' bytes kept; the
/// whitespace between two adjacent encoded-words dropped (RFC 2047 6.2). A malformed word
/// stays as written.
std::string decode_encoded_words(std::string_view value);

}  // namespace capture
