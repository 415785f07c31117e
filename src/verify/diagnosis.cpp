#include "verify/diagnosis.hpp"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "promql/selectors.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace verify {
namespace {

std::string since(const RunSpan& span, double t) {
    const auto ms = std::chrono::milliseconds(static_cast<long long>((t - span.start) * 1000.0));
    return (ms.count() < 0 ? "-" : "+") + util::human_duration(ms.count() < 0 ? -ms : ms);
}

std::string short_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

/// An expression as one short line for a message.
std::string shorten(const std::string& expr) {
    return expr.size() <= 160 ? expr : expr.substr(0, 157) + "...";
}

std::string quoted_list(std::vector<std::string> items, std::size_t most = 12) {
    std::sort(items.begin(), items.end());
    const std::size_t n = items.size();
    if (n > most)
        items.resize(most);
    return util::join(items, ", ") + (n > most ? ", ... (" + std::to_string(n) + ")" : "");
}

bool matches(const promql::LabelMatcher& m, const std::string& value) {
    if (m.op == "=")
        return value == m.value;
    try {
        return std::regex_match(value, std::regex(m.value));
    } catch (const std::regex_error&) {
        return true;  // RE2 syntax std::regex cannot read: do not claim a mismatch
    }
}

const promapi::RecordingRule* recorded(const std::string& metric,
                                       const std::vector<promapi::RecordingRule>& recording) {
    for (const auto& r : recording) {
        if (r.name == metric)
            return &r;
    }
    return nullptr;
}

void check_selectors(promapi::PrometheusClient& prometheus, const std::string& query,
                     const std::vector<promapi::RecordingRule>& recording, const RunSpan& span,
                     bool before_traffic, int depth, std::set<std::string>& done,
                     std::vector<std::string>& out) {
    for (const auto& s : promql::vector_selectors(query)) {
        // Each distinct selector once: the same metric with other matchers is checked again.
        std::string key = s.metric;
        for (const auto& m : s.matchers)
            key += "\n" + m.label + m.op + m.value;
        if (s.metric.empty() || !done.insert(key).second)
            continue;
        if (const auto* rule = recorded(s.metric, recording); rule != nullptr && depth < 8) {
            check_selectors(prometheus, rule->query, recording, span, before_traffic, depth + 1,
                            done, out);
            continue;
        }
        const std::string match = "{__name__=\"" + s.metric + "\"}";
        auto names = prometheus.label_names(match, span.start, span.end);
        if (!names)
            continue;  // an API the stack does not offer: nothing to say
        std::erase(*names, std::string("__name__"));
        if (names->empty()) {
            out.push_back(before_traffic
                              ? s.metric +
                                    " has no series yet (a typo, or one that appears with traffic?)"
                              : s.metric + " has no series (is it exported, and scraped?)");
            continue;
        }
        for (const auto& m : s.matchers) {
            // A matcher that accepts the empty string also matches series without the label.
            if (m.label == "__name__" || m.op == "!=" || m.op == "!~" || matches(m, ""))
                continue;
            if (std::find(names->begin(), names->end(), m.label) == names->end()) {
                out.push_back(s.metric + " has no label \"" + m.label + "\"; it has " +
                              quoted_list(*names));
                continue;
            }
            if (before_traffic)
                continue;
            auto values = prometheus.label_values(m.label, match, span.start, span.end);
            if (!values)
                continue;
            if (std::none_of(values->begin(), values->end(),
                             [&](const std::string& v) { return matches(m, v); })) {
                out.push_back("no series of " + s.metric + " has " + m.label + m.op + "\"" +
                              m.value + "\" (" + m.label + " was " + quoted_list(*values) + ")");
            }
        }
    }
}

/// The extreme of `series` in the direction the comparison needs: the largest value for
/// > and >=, the smallest for < and <=, the one closest to the threshold for ==.
std::optional<std::pair<double, double>> extreme(const std::vector<promapi::Series>& series,
                                                 const promql::Comparison& c) {
    std::optional<std::pair<double, double>> best;  // (time, value)
    auto better = [&](double v, double than) {
        if (c.op == ">" || c.op == ">=")
            return v > than;
        if (c.op == "<" || c.op == "<=")
            return v < than;
        return std::abs(v - *c.threshold) < std::abs(than - *c.threshold);
    };
    for (const auto& s : series) {
        for (const auto& [t, v] : s.points) {
            if (std::isnan(v))
                continue;
            if (!best || better(v, best->second))
                best = std::make_pair(t, v);
        }
    }
    return best;
}

}  // namespace

std::optional<std::pair<double, double>> longest_stretch(const std::vector<promapi::Series>& series,
                                                         std::chrono::milliseconds step) {
    const double gap = 1.5 * static_cast<double>(step.count()) / 1000.0;
    std::optional<std::pair<double, double>> best;
    for (const auto& s : series) {
        std::optional<std::pair<double, double>> run;
        for (const auto& point : s.points) {
            const double t = point.first;
            if (run && t - run->second <= gap)
                run->second = t;
            else
                run = std::make_pair(t, t);
            if (!best || run->second - run->first > best->second - best->first)
                best = run;
        }
    }
    return best;
}

std::vector<std::string> selector_problems(promapi::PrometheusClient& prometheus,
                                           const std::string& query,
                                           const std::vector<promapi::RecordingRule>& recording,
                                           const RunSpan& span, bool before_traffic) {
    std::vector<std::string> out;
    std::set<std::string> done;
    check_selectors(prometheus, query, recording, span, before_traffic, 0, done, out);
    return out;
}

std::vector<ExpressionSeries> expression_series(promapi::PrometheusClient& prometheus,
                                                const promapi::AlertRule& rule,
                                                const RunSpan& span) {
    std::vector<ExpressionSeries> out;
    for (const auto& c : promql::top_level_comparisons(rule.query)) {
        if (!c.threshold)
            continue;
        ExpressionSeries e{c.lhs, c.op, *c.threshold, {}, {}};
        if (auto series = prometheus.query_range(c.lhs, span.start, span.end, span.step)) {
            e.series = std::move(*series);
            for (auto& one : e.series) {
                for (auto& point : one.points)
                    point.first -= span.start;
            }
        } else {
            e.error = series.error().message();
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::string> why_not_fired(promapi::PrometheusClient& prometheus,
                                       const promapi::AlertRule& rule,
                                       const std::vector<promapi::RecordingRule>& recording,
                                       const RunSpan& span) {
    std::vector<std::string> out = selector_problems(prometheus, rule.query, recording, span);
    for (const auto& c : promql::top_level_comparisons(rule.query)) {
        if (!c.threshold) {
            out.push_back("compares " + shorten(c.lhs) + " " + c.op + " " + shorten(c.rhs) +
                          ": two expressions, no threshold to measure against");
            continue;
        }
        auto series = prometheus.query_range(c.lhs, span.start, span.end, span.step);
        if (!series) {
            out.push_back("could not query " + shorten(c.lhs) + ": " + series.error().message());
            continue;
        }
        const auto at = extreme(*series, c);
        const std::string need = "; the rule needs " + c.op + " " + short_number(*c.threshold);
        if (!at) {
            out.push_back(shorten(c.lhs) + " had no value during the run" + need);
            continue;
        }
        const char* word = c.op == ">" || c.op == ">="   ? "peaked at"
                           : c.op == "<" || c.op == "<=" ? "bottomed out at"
                                                         : "came closest at";
        out.push_back(shorten(c.lhs) + " " + word + " " + short_number(at->second) + " at " +
                      since(span, at->first) + need);
    }
    auto held = prometheus.query_range(rule.query, span.start, span.end, span.step);
    if (held) {
        const auto stretch = longest_stretch(*held, span.step);
        if (!stretch) {
            out.push_back("the condition was never true during the run");
        } else {
            const auto length = std::chrono::milliseconds(
                static_cast<long long>((stretch->second - stretch->first) * 1000.0));
            const bool long_enough = length >= rule.for_duration;
            out.push_back("the condition held for " + util::human_duration(length) + " at most (" +
                          since(span, stretch->first) + " to " + since(span, stretch->second) +
                          "), " + (long_enough ? "as long as" : "shorter than") +
                          " for: " + util::human_duration(rule.for_duration) +
                          (long_enough ? "; it should have fired: see the rule's health and the "
                                         "ruler's evaluation"
                                       : ""));
        }
    }
    return out;
}

}  // namespace verify
