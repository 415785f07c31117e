#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "load/engine.hpp"
#include "report/metrics_exporter.hpp"
#include "run/actions.hpp"
#include "run/steps.hpp"
#include "scenario/model.hpp"

namespace run {

/// Twice a second while a run lasts: the live progress line on a terminal (when `show`), with
/// each expected alert's state from the verifier's last poll (when `verifier` is set), and,
/// once a second, obsctl's own metrics (when `exporter` is set; pushed every 5 s with
/// --metrics-push). Returns when `done` is set.
void watch_run(load::LiveStats& live, const scenario::Scenario& s,
               const std::vector<scenario::Phase>& phases, bool show,
               report::MetricsExporter* exporter, const run::Stack* stack, const Actions* actions,
               const std::atomic<bool>& done);

/// The alerts' part of the progress line: "HighErrorRate pending 4s", "firing 12s -> oncall".
std::string live_alerts_text(const std::vector<verify::LiveAlert>& alerts);

}  // namespace run
