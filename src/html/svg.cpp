#include "html/svg.hpp"

#include <cmath>
#include <cstdio>

#include "util/duration.hpp"
#include "util/text.hpp"

namespace html {
namespace {

constexpr double k_plot_height = 150, k_top = 26, k_bottom = 24;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

double time_step(double end) {
    for (double s : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0,
                     3600.0, 7200.0}) {
        if (end / s <= 12)
            return s;
    }
    return 14400;
}

std::string time_label(double t) {
    char buf[32];
    if (t >= 60 && std::fmod(t, 60) == 0)
        std::snprintf(buf, sizeof buf, "+%.0fm", t / 60);
    else
        std::snprintf(buf, sizeof buf, "+%.0fs", t);
    return buf;
}

std::string phases_layer(const TimeAxis& axis, const std::vector<PhaseSpan>& phases, double top,
                         double height, bool names) {
    std::string out;
    for (std::size_t i = 0; i < phases.size(); ++i) {
        const auto& p = phases[i];
        const double x0 = axis.x(p.start), x1 = axis.x(p.end);
        out += "<rect class=\"phase\" x=\"" + num(x0) + "\" y=\"" + num(top) + "\" width=\"" +
               num(std::max(0.0, x1 - x0)) + "\" height=\"" + num(height) + "\" fill=\"" +
               (i % 2 == 0 ? "#eef3fb" : "#f7f9fc") + "\"><title>phase " + escape(p.name) + " (" +
               escape(p.model) + ")</title></rect>";
        if (names && x1 - x0 > 6.5 * static_cast<double>(p.name.size()) + 8) {
            out += "<text class=\"phase-name\" x=\"" + num(x0 + 4) + "\" y=\"" + num(top + 11) +
                   "\">" + escape(p.name) + "</text>";
        }
    }
    return out;
}

/// Each action as a vertical line over the plot at its time; with `labels`, its text (cut
/// to 24 characters) at the foot of the plot, on two alternating rows so that neighbours do
/// not overwrite each other, and ending at the line near the right edge.
std::string actions_layer(const TimeAxis& axis, const std::vector<ActionView>& actions, double top,
                          double height, bool labels) {
    std::string out;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const auto& a = actions[i];
        const double x = axis.x(a.at);
        out += std::string("<g class=\"action") + (a.ok ? "" : " failed") +
               "\"><line class=\"action-line\" x1=\"" + num(x) + "\" x2=\"" + num(x) + "\" y1=\"" +
               num(top) + "\" y2=\"" + num(top + height) + "\"><title>" +
               escape(a.when + " " + a.text + ": " + a.outcome) + "</title></line>";
        if (labels) {
            std::string label = a.text;
            if (label.size() > 24) {
                std::size_t cut = 21;
                while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80)
                    --cut;  // never inside a UTF-8 character
                label = label.substr(0, cut) + "...";
            }
            const bool right = x + 6.5 * static_cast<double>(label.size()) + 3 >
                               TimeAxis::k_left + TimeAxis::k_width;
            out += "<text class=\"action-label\" x=\"" + num(right ? x - 3 : x + 3) + "\" y=\"" +
                   num(top + height - 4 - 12 * static_cast<double>(i % 2)) + "\"" +
                   (right ? " text-anchor=\"end\"" : "") + ">" + escape(label) + "</text>";
        }
        out += "</g>";
    }
    return out;
}

std::string time_ticks(const TimeAxis& axis, double y) {
    std::string out;
    const double step = time_step(axis.end);
    for (double t = 0; t <= axis.end + 1e-9; t += step) {
        out += "<line class=\"tick\" x1=\"" + num(axis.x(t)) + "\" x2=\"" + num(axis.x(t)) +
               "\" y1=\"" + num(y) + "\" y2=\"" + num(y + 4) + "\"/>";
        out += "<text class=\"tick-label\" x=\"" + num(axis.x(t)) + "\" y=\"" + num(y + 15) +
               "\" text-anchor=\"middle\">" + time_label(t) + "</text>";
    }
    return out;
}

std::string path_of(const TimeAxis& axis, const std::vector<std::pair<double, double>>& points,
                    double lo, double hi, double top) {
    std::string d;
    bool pen = false;
    for (const auto& [t, v] : points) {
        if (!std::isfinite(v)) {
            pen = false;
            continue;
        }
        const double y = top + k_plot_height * (1 - (v - lo) / (hi - lo));
        d += (pen ? "L" : "M") + num(axis.x(t)) + " " + num(y);
        pen = true;
    }
    return d;
}

}  // namespace

std::string escape(const std::string& text) {
    return util::xml_escape(text);
}

std::vector<double> value_ticks(double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi))
        lo = hi = 0;
    if (!(hi > lo))
        hi = lo + 1;
    // The smallest of 1, 2, 5 x 10^k that cuts the range into at most 4 steps.
    const double rough = (hi - lo) / 4;
    const double base = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10 * base;
    for (double m : {1.0, 2.0, 5.0}) {
        if (m * base >= rough * (1 - 1e-12)) {
            step = m * base;
            break;
        }
    }
    // Multiples of the step (so 0 is a tick whenever the range holds it), computed from their
    // index rather than summed, so 0.1 + 0.2 never prints as 0.30000000000000004.
    const auto first = static_cast<long long>(std::floor(lo / step + 1e-9));
    const auto last = static_cast<long long>(std::ceil(hi / step - 1e-9));
    std::vector<double> ticks;
    for (long long i = first; i <= last; ++i)
        ticks.push_back(static_cast<double>(i) * step);
    return ticks;
}

std::string format_value(double v, const std::string& unit) {
    char buf[48];
    if (unit == "s") {
        return util::human_seconds(v);
    } else {
        std::snprintf(buf, sizeof buf, "%.4g%s", v, unit.c_str());
    }
    return buf;
}

std::string line_chart(const TimeAxis& axis, const Chart& chart,
                       const std::vector<PhaseSpan>& phases,
                       const std::vector<ActionView>& actions) {
    double lo = 0, hi = 0;
    for (const auto& line : chart.lines) {
        for (const auto& [t, v] : line.points) {
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    if (chart.threshold) {
        lo = std::min(lo, *chart.threshold);
        hi = std::max(hi, *chart.threshold);
    }
    const auto ticks = value_ticks(lo, hi);
    lo = ticks.front();
    hi = ticks.back();
    // The legend right-aligned on the title's line, or on a line of its own when both do not fit.
    double legend_width = 0;
    for (const auto& line : chart.lines)
        legend_width += 30 + 6.5 * static_cast<double>(line.name.size());
    const bool own_line =
        7.5 * static_cast<double>(chart.title.size()) + legend_width + 20 > TimeAxis::k_width;
    const double top = own_line ? k_top + 14 : k_top;
    const double legend_y = own_line ? 28 : 14;
    const double height = top + k_plot_height + k_bottom;
    std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + num(TimeAxis::k_total) + " " +
                      num(height) + "\" role=\"img\" aria-label=\"" + escape(chart.title) + "\">";
    out += "<text class=\"chart-title\" x=\"" + num(TimeAxis::k_left) + "\" y=\"14\">" +
           escape(chart.title) + "</text>";
    double lx = TimeAxis::k_left + TimeAxis::k_width;
    for (auto it = chart.lines.rbegin(); it != chart.lines.rend(); ++it) {
        lx -= 30 + 6.5 * static_cast<double>(it->name.size());
        out += "<line x1=\"" + num(lx) + "\" x2=\"" + num(lx + 14) + "\" y1=\"" +
               num(legend_y - 4) + "\" y2=\"" + num(legend_y - 4) + "\" stroke=\"" + it->color +
               "\" stroke-width=\"2\"" + (it->dashed ? " stroke-dasharray=\"4 3\"" : "") +
               "/><text class=\"legend\" x=\"" + num(lx + 18) + "\" y=\"" + num(legend_y) + "\">" +
               escape(it->name) + "</text>";
    }
    out += phases_layer(axis, phases, top, k_plot_height, true);
    for (const double v : ticks) {
        const double y = top + k_plot_height * (1 - (v - lo) / (hi - lo));
        out += "<line class=\"grid\" x1=\"" + num(TimeAxis::k_left) + "\" x2=\"" +
               num(TimeAxis::k_left + TimeAxis::k_width) + "\" y1=\"" + num(y) + "\" y2=\"" +
               num(y) + "\"/><text class=\"tick-label\" x=\"" + num(TimeAxis::k_left - 6) +
               "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" +
               escape(format_value(v, chart.unit)) + "</text>";
    }
    if (chart.threshold) {
        const double y = top + k_plot_height * (1 - (*chart.threshold - lo) / (hi - lo));
        out += "<line class=\"threshold\" x1=\"" + num(TimeAxis::k_left) + "\" x2=\"" +
               num(TimeAxis::k_left + TimeAxis::k_width) + "\" y1=\"" + num(y) + "\" y2=\"" +
               num(y) + "\"/><text class=\"threshold-label\" x=\"" +
               num(TimeAxis::k_left + TimeAxis::k_width - 4) + "\" y=\"" + num(y - 4) +
               "\" text-anchor=\"end\">" + escape(chart.threshold_label) + "</text>";
    }
    for (const auto& line : chart.lines) {
        const auto d = path_of(axis, line.points, lo, hi, top);
        if (d.empty())
            continue;
        out += "<path class=\"line\" d=\"" + d + "\" stroke=\"" + line.color + "\"" +
               (line.dashed ? " stroke-dasharray=\"5 3\"" : "") + "><title>" + escape(line.name) +
               "</title></path>";
    }
    out += actions_layer(axis, actions, top, k_plot_height, true);
    out += time_ticks(axis, top + k_plot_height);
    out += "</svg>";
    return out;
}

std::string band_chart(const TimeAxis& axis, const AlertView& alert,
                       const std::vector<PhaseSpan>& phases,
                       const std::vector<ActionView>& actions) {
    constexpr double top = 22, band = 26;
    const double height = top + band + 40;
    // (three rows of marker labels under the band)
    std::string out = "<svg class=\"chart band\" viewBox=\"0 0 " + num(TimeAxis::k_total) + " " +
                      num(height) + "\" role=\"img\" aria-label=\"" + escape(alert.name) +
                      " states\">";
    out += "<text class=\"chart-title\" x=\"" + num(TimeAxis::k_left) + "\" y=\"14\">" +
           escape(alert.name) + ": " + escape(alert.verdict) + "</text>";
    double lx = TimeAxis::k_left + TimeAxis::k_width;
    for (const char* state :
         {"resolved", "delivered", "in_alertmanager", "firing", "pending", "inactive"}) {
        const std::string label =
            std::string(state) == "in_alertmanager" ? "in Alertmanager" : state;
        lx -= 22 + 6.5 * static_cast<double>(label.size());
        out += "<rect class=\"state-" + std::string(state) + "\" x=\"" + num(lx) +
               "\" y=\"5\" width=\"12\" height=\"10\"/><text class=\"legend\" x=\"" + num(lx + 16) +
               "\" y=\"14\">" + label + "</text>";
    }
    out += phases_layer(axis, phases, top, band, false);
    for (const auto& b : alert.bands) {
        const double x0 = axis.x(b.from), x1 = axis.x(b.to);
        const std::string label = b.state == "in_alertmanager" ? "in Alertmanager" : b.state;
        out += "<rect class=\"state state-" + b.state + "\" x=\"" + num(x0) + "\" y=\"" + num(top) +
               "\" width=\"" + num(std::max(0.0, x1 - x0)) + "\" height=\"" + num(band) +
               "\"><title>" + escape(label) + " " + time_label(b.from) + " to " + time_label(b.to) +
               "</title></rect>";
        if (x1 - x0 > 7.0 * static_cast<double>(label.size()) + 8) {
            out += "<text class=\"state-label\" x=\"" + num(x0 + 4) + "\" y=\"" +
                   num(top + band / 2 + 4) + "\">" + escape(label) + "</text>";
        }
    }
    out += actions_layer(axis, actions, top, band, false);
    int row = 0;
    for (const auto& [name, at] : alert.markers) {
        const double x = axis.x(at);
        const double label_y = top + band + 12 + 11 * (row++ % 3);
        const double half = 3.3 * static_cast<double>(name.size());
        const char* anchor =
            x + half > TimeAxis::k_total ? "end" : (x - half < 0 ? "start" : "middle");
        out += "<line class=\"marker\" x1=\"" + num(x) + "\" x2=\"" + num(x) + "\" y1=\"" +
               num(top - 4) + "\" y2=\"" + num(top + band + 4) + "\"><title>" + escape(name) + " " +
               time_label(at) + "</title></line><text class=\"marker-label\" x=\"" + num(x) +
               "\" y=\"" + num(label_y) + "\" text-anchor=\"" + anchor + "\">" + escape(name) +
               "</text>";
    }
    out += "</svg>";
    return out;
}

}  // namespace html
