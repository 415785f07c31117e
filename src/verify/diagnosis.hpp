#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "promapi/prometheus_client.hpp"

namespace verify {

/// The span of the run a diagnosis looks at, in Unix seconds, and the step of its range queries.
struct RunSpan {
    double start = 0;  ///< traffic start: times are said as +Ns from here
    double end = 0;
    std::chrono::milliseconds step{1000};
};

/// What is wrong with the vector selectors of `query` on the live data: a metric with no series,
/// a matcher's label that no series of the metric carries (naming the labels it has), a
/// matcher no value satisfies (naming the values there are). A selector that reads a recording
/// rule is looked through to that rule's own selectors. `before_traffic`: only the first two,
/// worded as warnings (values may appear with traffic). Lines, empty when nothing is wrong.
std::vector<std::string> selector_problems(promapi::PrometheusClient& prometheus,
                                           const std::string& query,
                                           const std::vector<promapi::RecordingRule>& recording,
                                           const RunSpan& span, bool before_traffic = false);

/// Why an alerting rule did not fire during `span`: its selectors' problems, then for each
/// top-level comparison with a number (`A > 0.05`) the peak (or trough) of A against the
/// threshold, then whether the whole condition held, and for how long compared with `for`.
std::vector<std::string> why_not_fired(promapi::PrometheusClient& prometheus,
                                       const promapi::AlertRule& rule,
                                       const std::vector<promapi::RecordingRule>& recording,
                                       const RunSpan& span);

/// An alert expression's left-hand side over the run (`A` of `A > 0.05`), for drawing it
/// against its threshold. `error` says why there are no series (a query that failed).
struct ExpressionSeries {
    std::string lhs, op;
    double threshold = 0;
    std::vector<promapi::Series> series;
    std::string error;
};

/// Each top-level comparison of the rule with a number, its left side queried over `span`;
/// the points' times are seconds from span.start (traffic start).
std::vector<ExpressionSeries> expression_series(promapi::PrometheusClient& prometheus,
                                                const promapi::AlertRule& rule,
                                                const RunSpan& span);

/// The longest run of consecutive points (no gap over 1.5 steps) in any series, as
/// (first, last) timestamps; none when there are no points.
std::optional<std::pair<double, double>> longest_stretch(const std::vector<promapi::Series>& series,
                                                         std::chrono::milliseconds step);

}  // namespace verify
