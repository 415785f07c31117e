#pragma once

#include <atomic>
#include <vector>

#include "load/engine.hpp"
#include "report/metrics_exporter.hpp"
#include "scenario/model.hpp"

namespace cli {

/// Twice a second while a run lasts: the live progress line on a terminal (when `show`) and,
/// once a second, obsctl's own metrics (when `exporter` is set; pushed every 5 s with
/// --metrics-push). Returns when `done` is set.
void watch_run(load::LiveStats& live, const scenario::Scenario& s,
               const std::vector<scenario::Phase>& phases, bool show,
               report::MetricsExporter* exporter, const std::atomic<bool>& done);

}  // namespace cli
