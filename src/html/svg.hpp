#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "html/model.hpp"

namespace html {

/// The time axis every chart of a page shares: seconds from traffic start to `end`.
struct TimeAxis {
    double end = 1;
    static constexpr double k_left = 70, k_width = 870, k_total = 960;
    double x(double t) const { return k_left + k_width * std::clamp(t, 0.0, end) / end; }
};

struct Line {
    std::string name, color;
    std::vector<std::pair<double, double>> points;  ///< (seconds, value); NaN breaks the line
    bool dashed = false;
};

struct Chart {
    std::string title;
    std::string unit;  ///< "/s" (a rate), "s" (a duration), "" (a plain number)
    std::vector<Line> lines;
    std::optional<double> threshold;  ///< drawn as a red dashed level
    std::string threshold_label;
};

/// A line chart on the shared axis with the phases shaded and named, and each action a
/// vertical line at its time (its text and outcome as the tooltip, its text cut short as a
/// label; a failed one red). SVG, no script.
std::string line_chart(const TimeAxis& axis, const Chart& chart,
                       const std::vector<PhaseSpan>& phases,
                       const std::vector<ActionView>& actions);

/// An expected alert's states as a band (inactive, pending, firing, in Alertmanager,
/// delivered, resolved) with its deadlines as markers, and each action's line (no label: the
/// deadlines' labels are under the band).
std::string band_chart(const TimeAxis& axis, const AlertView& alert,
                       const std::vector<PhaseSpan>& phases,
                       const std::vector<ActionView>& actions);

/// The value axis of a line chart: ticks at multiples of 1, 2 or 5 x 10^k, from the last one at
/// or below `lo` to the first at or above `hi`, at most 4 steps apart plus rounding (0..18.75
/// gives 0, 5, 10, 15, 20). An empty range (hi <= lo) spans lo..lo+1.
std::vector<double> value_ticks(double lo, double hi);

/// A value with its unit, short: "350/s", "1.25ms", "2s" (util::human_seconds), "0.042".
std::string format_value(double v, const std::string& unit);

/// Text for HTML and SVG: & < > " escaped.
std::string escape(const std::string& text);

}  // namespace html
