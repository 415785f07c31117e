#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace util {

using Millis = std::chrono::milliseconds;

/// Parses a Prometheus-style duration: one or more <integer><unit> terms with units
/// ms, s, m, h, d, w, y ("1m30s", "500ms", "2h"). Decimal seconds ("1.5s") are accepted too,
/// as CLI users type them. Returns nullopt for anything else, including an empty string.
std::optional<Millis> parse_duration(std::string_view text);

/// Formats a duration the way Prometheus accepts it, largest units first ("1m30s", "250ms",
/// "0s"). Round-trips with parse_duration.
std::string format_duration(Millis d);

/// Formats a duration for people: "41.9s", "2m20s", "850ms".
std::string human_duration(Millis d);

/// RFC 3339 in UTC with milliseconds: "2026-11-22T07:30:00.123Z" (Alertmanager's API and
/// obsctl's reports both read it).
std::string rfc3339(std::chrono::system_clock::time_point t);

}  // namespace util
