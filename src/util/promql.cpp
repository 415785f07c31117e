#include "util/promql.hpp"

#include <algorithm>

namespace util {

std::vector<RangeWindow> range_windows(std::string_view expr) {
    std::vector<RangeWindow> out;
    std::size_t i = 0;
    while (i < expr.size()) {
        const char c = expr[i];
        if (c == '"' || c == '\'' || c == '`') {
            // Skip a string literal, honouring backslash escapes (not in `raw` strings).
            std::size_t end = i + 1;
            while (end < expr.size() && expr[end] != c) {
                if (expr[end] == '\\' && c != '`')
                    ++end;
                ++end;
            }
            i = std::min(end + 1, expr.size());
            continue;
        }
        if (c == '#') {  // a comment runs to the end of the line
            const std::size_t end = expr.find('\n', i);
            i = end == std::string_view::npos ? expr.size() : end;
            continue;
        }
        const std::size_t close = c == '[' ? expr.find(']', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            ++i;
            continue;
        }
        const std::string_view inside = expr.substr(i + 1, close - i - 1);
        const std::size_t colon = inside.find(':');
        if (auto range = parse_duration(inside.substr(0, colon))) {
            RangeWindow w{i, close + 1, *range, std::nullopt, {}, colon != std::string_view::npos};
            if (w.subquery) {
                w.step_text = std::string(inside.substr(colon + 1));
                w.step = parse_duration(w.step_text);
            }
            out.push_back(std::move(w));
        }
        i = close + 1;
    }
    return out;
}

Millis longest_range_window(std::string_view expr) {
    Millis longest{0};
    for (const auto& w : range_windows(expr))
        longest = std::max(longest, w.range);
    return longest;
}

}  // namespace util
