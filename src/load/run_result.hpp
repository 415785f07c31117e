#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "load/latency_histogram.hpp"
#include "load/request_counts.hpp"
#include "load/series.hpp"

namespace load {

/// What happened to one request name in one phase. Mergeable across threads and phases.
struct RequestStats : RequestCounts {
    LatencyHistogram latency;  ///< from the intended send time (coordinated omission corrected)
    LatencyHistogram service;  ///< from the actual send time

    void merge(const RequestStats& other);
};

struct PhaseResult {
    std::string name;
    std::string model;       ///< "rate 5/s", "rate 5->40/s", "10 vus"
    double target_rate = 0;  ///< mean scheduled arrivals per second (open model), else 0
    std::chrono::nanoseconds start{0}, end{0};  ///< from traffic start; end is when it really ended
    std::vector<RequestStats> requests;         ///< by the scenario's request index
    RequestStats total() const;
    double seconds() const { return std::chrono::duration<double>(end - start).count(); }
};

/// `--segment i/n`: this process sends the i-th of n disjoint shares of the scenario.
struct Segment {
    unsigned index = 0;
    unsigned count = 1;
    bool whole() const { return count == 1; }
};

/// The result of a run: what the verifier and the reports consume.
struct RunResult {
    std::string scenario;
    std::string target;
    std::string transport;  ///< "curl" or "http1": which client sent the traffic
    std::vector<std::string> request_names;
    std::chrono::system_clock::time_point started;  ///< wall clock at traffic start
    std::chrono::nanoseconds elapsed{0};
    std::vector<PhaseResult> phases;
    bool interrupted = false;     ///< Ctrl-C ended the traffic
    bool halted = false;          ///< --fail-fast ended the traffic (a check had failed)
    std::uint64_t abandoned = 0;  ///< still in flight when an interrupted run gave up waiting
    Segment segment;              ///< which share of the scenario this run sent
    std::vector<unsigned> merged_segments;      ///< `report merge`: the segments it holds
    bool start_at = false;                      ///< started at a --start-at time
    double rate_scale = 1, duration_scale = 1;  ///< as run (segments merge only when equal)
    Series series;                              ///< per second, phase and request

    RequestStats total() const;
    RequestStats for_request(std::size_t index) const;
};

}  // namespace load
