#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "load/run_result.hpp"
#include "load/scaling.hpp"
#include "load/transport.hpp"
#include "net/endpoint.hpp"
#include "scenario/model.hpp"

namespace load {

/// Counters the engine threads publish while they run, for the progress line and
/// --metrics-listen. Atomics for counts; the latency histogram is merged in under the mutex a
/// few times a second, never per request.
struct LiveStats {
    std::atomic<std::uint64_t> sent{0}, responses{0}, failed{0}, dropped{0};
    std::atomic<std::size_t> phase{0};
    std::mutex mutex;
    LatencyHistogram latency;  ///< guarded by mutex; everything so far
    /// Guarded by mutex: each thread's statistics [phase][request] as last published, for
    /// --metrics-listen. Copied a few times a second per thread, never per request.
    std::vector<std::vector<std::vector<RequestStats>>> by_thread;

    /// Sums by_thread into [phase][request]; takes the mutex.
    std::vector<std::vector<RequestStats>> snapshot();
};

struct EngineOptions {
    unsigned threads = 1;  ///< independent event loops sharing the schedule
    TransportChoice transport = TransportChoice::automatic;  ///< --transport
    net::Endpoint target;  ///< base URL for `path:` requests, and how to reach it
    std::uint64_t seed = 0;
    double rate_scale = 1.0;      ///< multiplies every phase's rate
    double duration_scale = 1.0;  ///< multiplies every phase's duration (and think time)
    const std::atomic<bool>* stop = nullptr;  ///< set (by Ctrl-C) to stop sending
    const std::atomic<bool>* halt = nullptr;  ///< set (--fail-fast) to stop sending: not Ctrl-C
    std::chrono::milliseconds drain_after_stop{2000};  ///< wait for in-flight requests this long
    LiveStats* live = nullptr;
    /// Open-model arrivals with index = segment.index (mod segment.count), closed-model users
    /// split so the shares sum to the total: n processes together send the whole scenario.
    Segment segment;
    /// When traffic starts (`--start-at`), instead of now. Arrivals already due when a worker
    /// begins are counted as dropped (`late`), never sent in a burst to catch up.
    std::optional<std::chrono::system_clock::time_point> start_at;
};

/// Sends a scenario's traffic and measures it. Open-model phases send on the exact arrival
/// schedule whatever the server does: a request due while its thread has max_in_flight
/// requests out is counted as dropped, never delayed. Closed-model phases run `vus` users that
/// send, wait for the answer, think, and repeat. Each thread is one libcurl multi loop with
/// reused keep-alive connections; thread j takes arrivals j, j+T, j+2T, ... Memory is bounded
/// by the number of phases x requests x threads, not by the number of requests sent.
RunResult run_load(const scenario::Scenario& scenario, const EngineOptions& options);

}  // namespace load
