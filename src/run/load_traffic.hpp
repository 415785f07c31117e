#pragma once

#include <vector>

#include "load/engine.hpp"
#include "report/metrics_exporter.hpp"
#include "run/actions.hpp"
#include "run/steps.hpp"
#include "scenario/model.hpp"
#include "series/publisher.hpp"

namespace run {

/// obsctl's own load as a run's traffic: the engine, with the progress line (`show`: stdout is
/// a terminal) and obsctl's own metrics (`exporter`, may be null) watching it until the traffic
/// ends; then the thresholds judged on what was measured.
class LoadTraffic : public Traffic {
  public:
    /// `engine` is prepared for `s`. `s` and `stack` (may be null: its alerts join the progress
    /// line) outlive this. `actions` (may be null) run on their schedule from the traffic's start;
    /// `series` (may be null) serves the scenario's synthetic series on the same clock.
    LoadTraffic(const scenario::Scenario& s, load::Engine engine,
                std::vector<scenario::Phase> phases, bool show, report::MetricsExporter* exporter,
                const Stack* stack, Actions* actions = nullptr,
                series::Publisher* series = nullptr);
    Sent send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) override;

  private:
    const scenario::Scenario& m_scenario;
    load::Engine m_engine;
    std::vector<scenario::Phase> m_phases;
    bool m_show;
    report::MetricsExporter* m_exporter;
    const Stack* m_stack;
    Actions* m_actions;
    series::Publisher* m_series;
};

}  // namespace run
