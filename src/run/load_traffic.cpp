#include "run/load_traffic.hpp"

#include <cstdio>
#include <thread>

#include "report/thresholds.hpp"
#include "run/progress.hpp"

namespace run {

LoadTraffic::LoadTraffic(const scenario::Scenario& s, load::Engine engine,
                         std::vector<scenario::Phase> phases, bool show,
                         report::MetricsExporter* exporter, const Stack* stack, Actions* actions,
                         series::Publisher* series)
    : m_scenario(s),
      m_engine(std::move(engine)),
      m_phases(std::move(phases)),
      m_show(show),
      m_exporter(exporter),
      m_stack(stack),
      m_actions(actions),
      m_series(series) {}

Sent LoadTraffic::send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) {
    load::LiveStats live;
    load::RunControls controls{&interrupt, &halt, &live};
    const load::EngineOptions& options = m_engine.options();
    std::atomic<bool> done{false};
    std::thread watcher;
    if (m_show || m_exporter) {
        watcher = std::thread(watch_run, std::ref(live), std::cref(m_scenario), std::cref(m_phases),
                              m_show, m_exporter, m_stack, m_actions, std::cref(done));
    }
    // The actions' and the series' clock starts with the traffic's (at --start-at if given).
    auto origin = std::chrono::steady_clock::now();
    if (options.start_at) {
        const auto ahead = *options.start_at - std::chrono::system_clock::now();
        if (ahead > std::chrono::system_clock::duration::zero())
            origin += std::chrono::duration_cast<std::chrono::steady_clock::duration>(ahead);
    }
    if (m_series != nullptr && !m_scenario.series.empty())
        m_series->begin(m_scenario, m_phases, options.duration_scale, origin);
    if (m_actions != nullptr) {
        m_actions->start(origin, interrupt, halt);
        controls.halt = &m_actions->stop_traffic();  // a failed action or --fail-fast
    }
    Sent sent;
    sent.run = m_engine.run(controls);
    if (m_actions != nullptr) {
        // Done before the progress line ends: its undo ("start demoapp") shows there.
        sent.actions = m_actions->finish(!interrupt && !m_actions->stop_traffic());
        sent.action_failed = m_actions->failure();
    }
    done = true;
    if (watcher.joinable())
        watcher.join();
    if (m_exporter) {
        m_exporter->update(live.snapshot(), m_phases.size() - 1);
        // The last push carries the whole run: a worker that ends is still counted.
        if (auto pushed = m_exporter->push(true); !pushed)
            std::fprintf(stderr, "obsctl: warning: metrics not pushed: %s\n",
                         pushed.error().message().c_str());
    }
    sent.traffic = verify::traffic_of(sent.run);
    sent.thresholds = report::evaluate_thresholds(m_scenario, sent.run);
    return sent;
}

}  // namespace run
