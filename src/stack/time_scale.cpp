#include "stack/time_scale.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "promql/windows.hpp"

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
    // Each rewrite: where it starts and ends in `expr`, and what replaces it.
    struct Rewrite {
        std::size_t begin, end;
        std::string text;
    };
    std::vector<Rewrite> rewrites;
    for (const auto& w : promql::range_windows(expr)) {
        std::string text = "[" + util::format_duration(scale(w.range, window_floor));
        if (w.subquery) {
            text += ':';
            text +=
                w.step ? util::format_duration(scale(*w.step, util::Millis{1000})) : w.step_text;
        }
        rewrites.push_back({w.begin, w.end, text + "]"});
    }
    // An offset looks back as far in scaled time as the windows do.
    for (const auto& o : promql::offset_modifiers(expr))
        rewrites.push_back(
            {o.begin, o.end, util::format_duration(scale(o.offset, util::Millis{1000}))});
    std::sort(rewrites.begin(), rewrites.end(),
              [](const Rewrite& a, const Rewrite& b) { return a.begin < b.begin; });
    std::string out;
    out.reserve(expr.size());
    std::size_t copied = 0;
    for (const auto& r : rewrites) {
        if (r.begin < copied)
            continue;  // never overlapping; kept safe
        out.append(expr.substr(copied, r.begin - copied));
        out += r.text;
        copied = r.end;
    }
    out.append(expr.substr(copied));
    return out;
}

}  // namespace stack
