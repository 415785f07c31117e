#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace util {

using Millis = std::chrono::milliseconds;

/// Parses a Prometheus-style duration: one or more <integer><unit> terms with units
/// ms, s, m, h, d, w, y ("1m30s", "500ms", "2h"). Decimal seconds ("1.5s") are accepted too,
/// as CLI users type them. Returns nullopt for anything else, including an empty string and a
/// duration over k_max_duration (so no caller's arithmetic can overflow).
std::optional<Millis> parse_duration(std::string_view text);

/// The longest duration parse_duration accepts: 100 years, which still fits in nanoseconds
/// (std::chrono::nanoseconds ends at 292 years) with room to add a few of them.
constexpr Millis k_max_duration{100LL * 365 * 86'400'000};

/// Whether parse_duration refused `text` only for being longer than k_max_duration ("100y"),
/// so a message can say "too long" rather than "not a duration".
bool duration_too_long(std::string_view text);

/// Formats a duration the way Prometheus accepts it, largest units first ("1m30s", "250ms",
/// "0s"). Round-trips with parse_duration.
std::string format_duration(Millis d);

/// Formats a duration for people: "41.9s", "2m20s", "850ms".
std::string human_duration(Millis d);

/// Formats a measured duration (a latency, an observed threshold value, a chart's axis) in
/// seconds for people, the one style of every output: three significant digits, ms below a
/// second and s above: "0.23ms", "12.7ms", "500ms", "2.97s", "0ms". Never "2965.5ms".
/// `digits` more when a verdict must show a value apart from its bound (800.4ms vs 800ms).
std::string human_seconds(double seconds, int digits = 3);

/// RFC 3339 in UTC with milliseconds: "2026-11-22T07:30:00.123Z" (Alertmanager's API and
/// obsctl's reports both read it).
std::string rfc3339(std::chrono::system_clock::time_point t);

/// Reads an RFC 3339 time with its zone: "2026-12-02T10:00:00Z", "...:00.123456789Z",
/// "...:00+01:00". None for anything else (a time without a zone means something else on
/// every machine) and for years outside 1970..2200 (the time point holds nanoseconds).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text);

}  // namespace util
