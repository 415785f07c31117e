#include "stack/time_scale.hpp"

#include <cmath>

namespace stack {

util::Millis TimeScale::scale(util::Millis d, util::Millis floor) const {
    if (d.count() == 0 || identity())
        return d;
    auto seconds = std::llround(static_cast<double>(d.count()) * factor / 1000.0);
    util::Millis scaled{seconds * 1000};
    return std::max(scaled, floor);
}

std::string TimeScale::scale_expr(std::string_view expr) const {
    if (identity())
        return std::string(expr);
    std::string out;
    out.reserve(expr.size());
    std::size_t i = 0;
    while (i < expr.size()) {
        const char c = expr[i];
        if (c == '"' || c == '\'' || c == '`') {
            // Copy a string literal verbatim, honouring backslash escapes (not in `raw`).
            std::size_t end = i + 1;
            while (end < expr.size() && expr[end] != c) {
                if (expr[end] == '\\' && c != '`')
                    ++end;
                ++end;
            }
            end = std::min(end + 1, expr.size());
            out.append(expr.substr(i, end - i));
            i = end;
            continue;
        }
        if (c == '#') {  // a comment runs to the end of the line
            std::size_t end = expr.find('\n', i);
            if (end == std::string_view::npos)
                end = expr.size();
            out.append(expr.substr(i, end - i));
            i = end;
            continue;
        }
        if (c != '[') {
            out += c;
            ++i;
            continue;
        }
        const std::size_t close = expr.find(']', i);
        if (close == std::string_view::npos) {
            out.append(expr.substr(i));
            break;
        }
        // "[5m]" or a subquery "[30m:1m]" / "[30m:]": scale each duration part.
        const std::string_view inside = expr.substr(i + 1, close - i - 1);
        const std::size_t colon = inside.find(':');
        const std::string_view range = inside.substr(0, colon);
        const auto parsed = util::parse_duration(range);
        if (!parsed) {
            out.append(expr.substr(i, close - i + 1));
            i = close + 1;
            continue;
        }
        out += '[';
        out += util::format_duration(scale(*parsed, window_floor));
        if (colon != std::string_view::npos) {
            out += ':';
            const std::string_view step = inside.substr(colon + 1);
            if (auto s = util::parse_duration(step)) {
                out += util::format_duration(scale(*s, util::Millis{1000}));
            } else {
                out.append(step);
            }
        }
        out += ']';
        i = close + 1;
    }
    return out;
}

}  // namespace stack
