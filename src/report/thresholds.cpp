#include "report/thresholds.hpp"

#include <cstdio>

#include "util/duration.hpp"

namespace report {

double latency_stat(const load::LatencyHistogram& h, const std::string& stat) {
    if (stat == "max")
        return h.max_seconds();
    if (stat == "mean")
        return h.mean_seconds();
    return h.percentile_seconds(std::stod(stat.substr(1)));
}

load::RequestStats scoped_stats(const load::RunResult& run, const std::string& phase,
                                const std::string& request, double& seconds) {
    load::RequestStats out;
    seconds = 0;
    for (const auto& p : run.phases) {
        if (!phase.empty() && p.name != phase)
            continue;
        seconds += p.seconds();
        for (std::size_t r = 0; r < p.requests.size(); ++r) {
            if (request.empty() || run.request_names[r] == request)
                out.merge(p.requests[r]);
        }
    }
    return out;
}

namespace {

/// `observed` in the one duration style, with as many more digits as it takes not to read the
/// same as the `bound` it is judged against (a p95 of 800.4ms failing `below 800ms`).
std::string observed_apart(double observed, std::optional<double> bound) {
    int digits = 3;
    while (bound && observed != *bound && digits < 9 &&
           util::human_seconds(observed, digits) == util::human_seconds(*bound, digits))
        ++digits;
    return util::human_seconds(observed, digits);
}

}  // namespace

std::vector<ThresholdVerdict> evaluate_thresholds(const scenario::Scenario& s,
                                                  const load::RunResult& run) {
    std::vector<ThresholdVerdict> verdicts;
    for (const auto& t : s.thresholds) {
        double seconds = 0;
        const auto stats = scoped_stats(run, t.phase, t.request, seconds);
        ThresholdVerdict v{t.text};
        char text[48];
        switch (t.metric) {
            case scenario::Threshold::Metric::latency:
                v.observed = latency_stat(stats.latency, t.stat);
                std::snprintf(text, sizeof text, "%s",
                              observed_apart(v.observed, t.below ? t.below : t.above).c_str());
                break;
            case scenario::Threshold::Metric::error_ratio: {
                const auto attempts = stats.responses() + stats.transport_errors();
                v.observed = attempts == 0 ? 0
                                           : static_cast<double>(stats.failed()) /
                                                 static_cast<double>(attempts);
                std::snprintf(text, sizeof text, "%.2f%%", v.observed * 100.0);
                break;
            }
            case scenario::Threshold::Metric::rate:
                v.observed = seconds > 0 ? static_cast<double>(stats.sent) / seconds : 0;
                std::snprintf(text, sizeof text, "%.1f/s", v.observed);
                break;
        }
        v.observed_text = text;
        v.passed = (!t.below || v.observed < *t.below) && (!t.above || v.observed > *t.above);
        // No requests at all cannot pass a latency or ratio check: it measured nothing.
        if (stats.sent == 0 && t.metric != scenario::Threshold::Metric::rate)
            v.passed = false;
        verdicts.push_back(std::move(v));
    }
    return verdicts;
}

}  // namespace report
