#include "run/load_traffic.hpp"

#include <cstdio>
#include <thread>

#include "report/thresholds.hpp"
#include "run/progress.hpp"

namespace run {

LoadTraffic::LoadTraffic(const scenario::Scenario& s, load::EngineOptions options,
                         std::vector<scenario::Phase> phases, bool show,
                         report::MetricsExporter* exporter, const Stack* stack)
    : m_scenario(s),
      m_options(std::move(options)),
      m_phases(std::move(phases)),
      m_show(show),
      m_exporter(exporter),
      m_stack(stack) {}

Sent LoadTraffic::send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) {
    load::LiveStats live;
    m_options.live = &live;
    m_options.stop = &interrupt;
    m_options.halt = &halt;
    std::atomic<bool> done{false};
    std::thread watcher;
    if (m_show || m_exporter) {
        watcher = std::thread(watch_run, std::ref(live), std::cref(m_scenario), std::cref(m_phases),
                              m_show, m_exporter, m_stack, std::cref(done));
    }
    Sent sent;
    sent.run = load::run_load(m_scenario, m_options);
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
