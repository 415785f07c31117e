#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/duration.hpp"

namespace stack {

/// How a time-scaled copy of the rules shortens time. Scaling keeps the rule logic and only
/// shrinks its clocks; the floors keep it meaningful at 1 s scrape/evaluation intervals:
/// a range window needs several samples for rate() to be stable, and a `for` shorter than a few
/// evaluations would fire on a single noisy one.
struct TimeScale {
    double factor = 1.0;
    util::Millis window_floor{4000};  ///< 4 scrape intervals of 1 s
    util::Millis for_floor{3000};     ///< 3 evaluation intervals of 1 s

    bool identity() const { return factor == 1.0; }

    /// d * factor rounded to whole seconds (Prometheus needs no finer), at least `floor`;
    /// zero stays zero (`for: 0s` means "fire at once").
    util::Millis scale(util::Millis d, util::Millis floor) const;

    /// Multiplies every range window, subquery range/step and `offset` in a PromQL expression
    /// ("rate(x[5m] offset 1h)" -> "rate(x[30s] offset 6m)" at 0.1). String literals are left
    /// alone, so a regex matcher such as status=~"[45].." is never taken for a window.
    std::string scale_expr(std::string_view expr) const;
};

}  // namespace stack
