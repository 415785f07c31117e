#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "load/engine.hpp"
#include "util/error.hpp"

namespace cli {

/// "--segment 2/4": 0 <= i < n <= 10,000; else exit 2 saying what is wrong.
util::Result<load::Segment> parse_segment(const std::string& text);

/// "--start-at": Unix seconds ("1764669600", "1764669600.5") or RFC 3339
/// ("2026-12-02T10:00:00Z", "2026-12-02T11:00:00.250+01:00"); "now" is no common start
/// (nullopt: each worker starts when ready); else exit 2.
util::Result<std::optional<std::chrono::system_clock::time_point>> parse_start_at(
    const std::string& text);

}  // namespace cli
