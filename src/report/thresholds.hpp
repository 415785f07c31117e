#pragma once

#include <string>
#include <vector>

#include "load/run_result.hpp"
#include "scenario/model.hpp"

namespace report {

struct ThresholdVerdict {
    std::string name;  ///< as written: "latency p95 < 800ms in burst"
    bool passed = false;
    double observed = 0;        ///< seconds, ratio or req/s
    std::string observed_text;  ///< "412ms", "3.1%", "198.7/s"
};

/// Checks each threshold against what the client measured: latency stats from the
/// coordinated-omission-corrected histogram; error ratio = failed (no response or 5xx) over
/// requests answered or failed; rate = requests sent per second of the phase (or run).
std::vector<ThresholdVerdict> evaluate_thresholds(const scenario::Scenario& s,
                                                  const load::RunResult& run);

/// The statistics a threshold looks at: one phase or all, one request name or all.
load::RequestStats scoped_stats(const load::RunResult& run, const std::string& phase,
                                const std::string& request, double& seconds);

double latency_stat(const load::LatencyHistogram& h, const std::string& stat);

}  // namespace report
