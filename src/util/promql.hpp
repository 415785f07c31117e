#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/duration.hpp"

namespace util {

/// A range window or subquery in a PromQL expression: "[5m]", "[30m:1m]", "[10m:]".
struct RangeWindow {
    std::size_t begin = 0;  ///< index of '['
    std::size_t end = 0;    ///< index after ']'
    Millis range{0};
    std::optional<Millis> step;  ///< a subquery's resolution, when given as a duration
    std::string step_text;       ///< as written after ':' (may be empty), for anything else
    bool subquery = false;
};

/// Every range window outside string literals and comments, in order. Brackets inside
/// quotes (a regex matcher such as status=~"[45]..") are never taken for windows.
std::vector<RangeWindow> range_windows(std::string_view expr);

/// The longest range (or subquery range) in the expression; 0 when it has none.
Millis longest_range_window(std::string_view expr);

}  // namespace util
