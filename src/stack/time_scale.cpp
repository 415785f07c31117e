#include "stack/time_scale.hpp"

#include <cmath>

#include "util/promql.hpp"

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
    std::size_t copied = 0;
    for (const auto& w : util::range_windows(expr)) {
        out.append(expr.substr(copied, w.begin - copied));
        out += '[';
        out += util::format_duration(scale(w.range, window_floor));
        if (w.subquery) {
            out += ':';
            out += w.step ? util::format_duration(scale(*w.step, util::Millis{1000})) : w.step_text;
        }
        out += ']';
        copied = w.end;
    }
    out.append(expr.substr(copied));
    return out;
}

}  // namespace stack
