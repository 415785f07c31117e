#include "load/engine.hpp"

#include <malloc.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <utility>

#include "load/plan.hpp"
#include "load/worker.hpp"

namespace load {
namespace {

std::string describe(const scenario::Phase& p, unsigned segment_vus, const Segment& segment) {
    char buf[64];
    if (!p.open() && !segment.whole()) {
        std::snprintf(buf, sizeof buf, "%u of %u vus", segment_vus, p.vus);
    } else if (!p.open()) {
        std::snprintf(buf, sizeof buf, "%u vus", p.vus);
    } else if (*p.rate_from == *p.rate_to) {
        std::snprintf(buf, sizeof buf, "rate %g/s", *p.rate_from);
    } else {
        std::snprintf(buf, sizeof buf, "rate %g->%g/s", *p.rate_from, *p.rate_to);
    }
    return buf;
}

/// Every 10 s while the workers run, hands the memory glibc holds free back to the system:
/// the workers' arenas otherwise keep the pages libcurl's short-lived allocations left behind,
/// and a long run's resident size grew 0.3-0.6 MB a minute at 30k/s without holding more
/// (bench/series_memory.sh). A trim holds each arena's lock while it walks it: once in 10 s.
class MemoryTrimmer {
  public:
    MemoryTrimmer()
        : m_thread([this] {
              std::unique_lock lock(m_mutex);
              while (!m_cv.wait_for(lock, std::chrono::seconds(10), [this] { return m_done; }))
                  malloc_trim(0);
          }) {}
    ~MemoryTrimmer() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_one();
        m_thread.join();
    }
    MemoryTrimmer(const MemoryTrimmer&) = delete;
    MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

  private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::thread m_thread;  ///< last: starts once the rest is ready
};

/// Traffic starts at --start-at (which may be past: the workers then skip what is due), else
/// in 20 ms, when every worker is ready.
Clock::time_point start_time(const EngineOptions& options) {
    if (!options.start_at)
        return Clock::now() + std::chrono::milliseconds(20);
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                              *options.start_at - std::chrono::system_clock::now());
}

/// The run's result from what the workers counted: per phase, merged over the threads, and
/// the per-second series with the schedule it is drawn against.
void assemble(RunResult& result, const Plan& plan,
              const std::vector<std::unique_ptr<Worker>>& workers, SeriesSink& series) {
    for (std::size_t p = 0; p < plan.phases.size(); ++p) {
        PhaseResult phase;
        phase.name = plan.phases[p].name;
        phase.model = describe(plan.phases[p], plan.segment_vus(p), plan.segment);
        phase.start = plan.schedule.phase_start(p);
        phase.end =
            std::min(plan.schedule.phase_start(p + 1), std::chrono::nanoseconds(result.elapsed));
        const double seconds = std::chrono::duration<double>(plan.phases[p].duration).count();
        phase.target_rate =
            plan.phases[p].open()
                ? static_cast<double>(plan.schedule.count_in_phase(p, plan.share())) / seconds
                : 0;
        phase.requests.resize(plan.mix.size());
        for (const auto& w : workers) {
            for (std::size_t r = 0; r < plan.mix.size(); ++r)
                phase.requests[r].merge(w->stats()[p][r]);
        }
        result.phases.push_back(std::move(phase));
    }
    for (const auto& w : workers)
        result.abandoned += w->abandoned();
    std::lock_guard lock(series.mutex);
    result.series = std::move(series.series);
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(plan.schedule.end()).count();
    for (long long s = 0; s < seconds; ++s) {
        const auto at = [&](long long second) {
            return plan.schedule.arrivals_before(std::chrono::seconds(second), plan.share());
        };
        result.series.scheduled.push_back(at(s + 1) - at(s));
    }
}

}  // namespace

Engine::Engine(Engine&&) noexcept = default;
Engine::~Engine() = default;

util::Result<Engine> Engine::prepare(const scenario::Scenario& scenario,
                                     const EngineOptions& options) {
    auto plan = make_plan(scenario, options);
    if (!plan)
        return std::unexpected(plan.error());
    Engine engine;
    engine.m_scenario = &scenario;
    engine.m_options = options;
    engine.m_plan = std::make_unique<Plan>(std::move(*plan));
    const Plan& p = *engine.m_plan;
    auto factory = make_transport_factory(options.transport, {p.target, p.mix, p.timeout});
    if (!factory)
        return std::unexpected(factory.error());
    engine.m_factory = std::move(*factory);
    for (unsigned j = 0; j < p.threads; ++j) {
        auto transport = engine.m_factory->make(p.most_in_flight());
        if (!transport)
            return std::unexpected(transport.error());
        engine.m_transports.push_back(std::move(*transport));
    }
    return engine;
}

TransportKind Engine::transport() const {
    return m_factory->kind();
}

RunResult Engine::run(const RunControls& controls) {
    Plan& plan = *m_plan;
    plan.start = start_time(m_options);
    RunResult result;
    result.scenario = m_scenario->name;
    result.segment = plan.segment;
    result.start_at = plan.start_at;
    result.rate_scale = m_options.rate_scale;
    result.duration_scale = m_options.duration_scale;
    result.target = plan.target.display();
    result.transport = name_of(transport());
    for (const auto& r : m_scenario->requests)
        result.request_names.push_back(r.name);
    SeriesSink series;
    SteadyClock clock;
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned j = 0; j < plan.threads; ++j) {
        workers.push_back(
            std::make_unique<Worker>(plan, j, *m_transports[j], clock, controls, series));
    }
    std::vector<std::thread> running;
    for (auto& w : workers)
        running.emplace_back([&w] { w->run(); });
    std::this_thread::sleep_until(plan.start);
    // The wall clock of the start, not of the moment this thread woke (a late start is past).
    result.started =
        std::chrono::system_clock::now() -
        std::chrono::duration_cast<std::chrono::system_clock::duration>(Clock::now() - plan.start);
    {
        const MemoryTrimmer trimmer;
        for (auto& t : running)
            t.join();
    }
    result.elapsed = Clock::now() - plan.start;
    result.interrupted = controls.stop != nullptr && controls.stop->load();
    result.halted = !result.interrupted && controls.halt != nullptr && controls.halt->load();
    assemble(result, plan, workers, series);
    workers.clear();
    m_transports.clear();  // closes every connection
    return result;
}

util::Result<RunResult> run_load(const scenario::Scenario& scenario, const EngineOptions& options,
                                 const RunControls& controls) {
    auto engine = Engine::prepare(scenario, options);
    if (!engine)
        return std::unexpected(engine.error());
    return engine->run(controls);
}

std::vector<std::vector<RequestStats>> LiveStats::snapshot() {
    std::lock_guard lock(mutex);
    std::vector<std::vector<RequestStats>> sum;
    for (const auto& thread : by_thread) {
        if (sum.size() < thread.size())
            sum.resize(thread.size());
        for (std::size_t p = 0; p < thread.size(); ++p) {
            if (sum[p].size() < thread[p].size())
                sum[p].resize(thread[p].size());
            for (std::size_t r = 0; r < thread[p].size(); ++r)
                sum[p][r].merge(thread[p][r]);
        }
    }
    return sum;
}

}  // namespace load
