#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "load/arrival_schedule.hpp"
#include "load/request_mix.hpp"
#include "load/run_result.hpp"
#include "load/stride.hpp"
#include "load/transport.hpp"
#include "net/endpoint.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"

namespace load {

struct EngineOptions;

/// A run as every worker reads it, fixed before the first request: the scaled phases, the
/// arrival schedule, the request mix, this process's share (`--segment`), the limits. Workers
/// only read it, so one plan serves every thread.
struct Plan {
    std::vector<scenario::Phase> phases;
    ArrivalSchedule schedule;
    RequestMix mix;
    Clock::time_point start;  ///< traffic starts here (set when the run begins)
    bool start_at = false;    ///< `--start-at`: a worker ready after `start` skips what is due
    unsigned threads = 1;
    unsigned cap = 0;  ///< the scenario's max_in_flight
    std::chrono::milliseconds drain_after_stop{2000};
    Segment segment;
    net::Endpoint target;                 ///< where `path:` requests go, and how to reach it
    std::chrono::milliseconds timeout{};  ///< the scenario's, for a whole request
    /// This process's arrivals and users: {i, n} for segment i of n.
    Stride share() const { return {segment.index, segment.count}; }
    /// Thread j's arrivals and users: its part of the segment's share.
    Stride thread_share(unsigned j) const { return share().part(j, threads); }

    Clock::time_point phase_start(std::size_t p) const { return start + schedule.phase_start(p); }
    Clock::time_point phase_end(std::size_t p) const { return start + schedule.phase_start(p + 1); }
    /// This segment's closed-model users in phase p.
    unsigned segment_vus(std::size_t p) const {
        return static_cast<unsigned>(share().count_below(phases[p].vus));
    }
    /// Thread j's closed-model users in phase p.
    unsigned thread_vus(std::size_t p, unsigned j) const {
        return static_cast<unsigned>(thread_share(j).count_below(phases[p].vus));
    }
    /// How many requests one thread may have out in phase p: its share of max_in_flight.
    unsigned thread_cap(std::size_t p) const {
        const unsigned total = phases[p].max_in_flight ? phases[p].max_in_flight : cap;
        return (total + threads - 1) / threads;
    }
    /// The most one thread may ever have out: how many connections its transport keeps.
    unsigned most_in_flight() const;
};

/// The plan for `scenario` under `options` (scaled, split, seeded). Phases the scaling pushed
/// past scenario::limits are a usage error (the CLI checks them first, naming the phase).
util::Result<Plan> make_plan(const scenario::Scenario& scenario, const EngineOptions& options);

}  // namespace load
