#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/duration.hpp"

namespace promql {

/// A range window or subquery in a PromQL expression: "[5m]", "[30m:1m]", "[10m:]".
struct RangeWindow {
    std::size_t begin = 0;  ///< index of '['
    std::size_t end = 0;    ///< index after ']'
    util::Millis range{0};
    std::optional<util::Millis> step;  ///< a subquery's resolution, when given as a duration
    std::string step_text;             ///< as written after ':' (may be empty), for anything else
    bool subquery = false;
};

/// Every range window outside string literals and comments, in order. Brackets inside
/// quotes (a regex matcher such as status=~"[45]..") are never taken for windows.
std::vector<RangeWindow> range_windows(std::string_view expr);

/// The longest range (or subquery range) in the expression; 0 when it has none.
util::Millis longest_range_window(std::string_view expr);

/// An `offset` modifier's duration: "offset 5m", "offset -1h" (the duration's characters).
struct OffsetModifier {
    std::size_t begin = 0;  ///< index of the duration's first character (after any '-')
    std::size_t end = 0;    ///< index after it
    util::Millis offset{0};
    bool negative = false;
};

/// Every `offset` modifier outside string literals and comments, in order (the keyword in any
/// case, as PromQL reads it; never part of a longer name such as `my_offset`).
std::vector<OffsetModifier> offset_modifiers(std::string_view expr);

/// The longest offset into the past; 0 when there is none.
util::Millis longest_offset(std::string_view expr);

/// Functions whose arguments or results are seconds compared with plain numbers, which no time
/// scale reaches: predict_linear(v[1h], 3600), time() - x > 300, timestamp(x); in order, each
/// once.
std::vector<std::string> functions_with_seconds(std::string_view expr);

}  // namespace promql
