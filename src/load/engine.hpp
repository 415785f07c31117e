#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "load/live_stats.hpp"
#include "load/run_result.hpp"
#include "load/scaling.hpp"
#include "load/transport.hpp"
#include "net/endpoint.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"

namespace load {

struct EngineOptions {
    unsigned threads = 1;  ///< independent event loops sharing the schedule
    TransportChoice transport = TransportChoice::automatic;  ///< --transport
    net::Endpoint target;  ///< base URL for `path:` requests, and how to reach it
    std::uint64_t seed = 0;
    double rate_scale = 1.0;      ///< multiplies every phase's rate
    double duration_scale = 1.0;  ///< multiplies every phase's duration (and think time)
    std::chrono::milliseconds drain_after_stop{2000};  ///< wait for in-flight requests this long
    /// Open-model arrivals with index = segment.index (mod segment.count), closed-model users
    /// split so the shares sum to the total: n processes together send the whole scenario.
    Segment segment;
    /// When traffic starts (`--start-at`), instead of now. Arrivals already due when a worker
    /// begins are counted as dropped (`late`), never sent in a burst to catch up.
    std::optional<std::chrono::system_clock::time_point> start_at;
};

struct Plan;

/// Sends a scenario's traffic and measures it. Open-model phases send on the exact arrival
/// schedule whatever the server does: a request due while its thread has max_in_flight
/// requests out is counted as dropped, never delayed. Closed-model phases run `vus` users that
/// send, wait for the answer, think, and repeat. Each thread is one Worker on its own
/// Transport (libcurl, or the lean HTTP/1.1 path) with reused keep-alive connections; thread j
/// takes arrivals j, j+T, j+2T, ... Memory is bounded by the number of phases x requests x
/// threads, not by the number of requests sent.
///
/// Everything that can fail happens in prepare(): the plan, the transport, each worker's
/// connections pool. run() cannot fail: request failures are data in its result.
class Engine {
  public:
    /// Ready to send `scenario` (which outlives the engine); no request sent yet.
    static util::Result<Engine> prepare(const scenario::Scenario& scenario,
                                        const EngineOptions& options);
    Engine(Engine&&) noexcept;
    /// Not assignable: the transports hold references into the plan, which must outlive them.
    Engine& operator=(Engine&&) = delete;
    ~Engine();

    TransportKind transport() const;
    const EngineOptions& options() const { return m_options; }
    /// Sends the traffic (once) and returns what happened. Every connection is closed when it
    /// returns: none stays open (idle, or half-closed by the server) while the alerts are judged.
    RunResult run(const RunControls& controls = {});

  private:
    Engine() = default;

    const scenario::Scenario* m_scenario = nullptr;
    EngineOptions m_options;
    std::unique_ptr<Plan> m_plan;
    std::unique_ptr<TransportFactory> m_factory;
    std::vector<std::unique_ptr<Transport>> m_transports;  ///< one per thread
};

/// prepare() and run() in one step.
util::Result<RunResult> run_load(const scenario::Scenario& scenario, const EngineOptions& options,
                                 const RunControls& controls = {});

}  // namespace load
