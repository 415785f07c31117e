#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace demoapp {

using Millis = std::chrono::milliseconds;

/// Everything a flag or DEMOAPP_* environment variable can set.
struct Config {
    std::string listen = "127.0.0.1:5002";
    double error_rate = 0.3;             ///< probability that GET /api/error answers 500
    double order_failure_rate = 0.05;    ///< probability that a valid order fails (500)
    Millis slow_min{1000};               ///< GET /api/slow answers after a uniform delay in
    Millis slow_max{3000};               ///< [slow_min, slow_max]
    Millis db_min{1};                    ///< simulated database query latency, uniform in
    Millis db_max{15};                   ///< [db_min, db_max]; 0..0 turns it off
    std::uint64_t seed = 0;              ///< 0: seed from the clock
    unsigned threads = 1;                ///< event loops, each with its own SO_REUSEPORT acceptor
    Millis request_timeout{10'000};      ///< a request must arrive whole within this (else 408)
    Millis idle_timeout{60'000};         ///< keep-alive connections idle longer are closed
    Millis drain_timeout{10'000};        ///< SIGTERM waits this long for in-flight requests
    std::size_t body_limit = 64 * 1024;  ///< larger bodies get 413
};

inline constexpr const char* k_version = "1.0.0";
inline constexpr const char* k_app_name = "obsctl-demoapp";

}  // namespace demoapp
