#pragma once

#include "load/run_result.hpp"

namespace test_support {

/// A run of one phase "p" (10 s) with two requests: "a" (100 sent, 10 of them 5xx, latencies
/// 1..100 ms) and "b" (50 sent, all 2xx, 500 ms each).
inline load::RunResult sample_run() {
    load::RunResult run;
    run.request_names = {"a", "b"};
    load::PhaseResult phase;
    phase.name = "p";
    phase.end = std::chrono::seconds(10);
    phase.requests.resize(2);
    auto& a = phase.requests[0];
    for (int i = 1; i <= 100; ++i) {
        ++a.sent;
        ++a.status_class[i <= 10 ? 5 : 2];
        a.latency.record_micros(static_cast<std::uint64_t>(i) * 1000);
    }
    auto& b = phase.requests[1];
    for (int i = 0; i < 50; ++i) {
        ++b.sent;
        ++b.status_class[2];
        b.latency.record_micros(500'000);
    }
    run.phases.push_back(phase);
    return run;
}

}  // namespace test_support
