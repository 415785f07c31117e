#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "demoapp/router.hpp"

namespace demoapp {

/// The app's Prometheus metrics. Families are created once in the constructor; label children
/// are created on first use and cached in fixed tables, so the request path does no map
/// look-up and no allocation. Thread-safe.
class AppMetrics {
  public:
    AppMetrics();

    /// One finished request: http_requests_total and http_request_duration_seconds.
    void observe_request(Route route, Method method, unsigned status, double seconds);

    /// http_requests_in_flight: +1 when a request's handling starts, -1 when its answer is
    /// written. Scrapes are not counted, like in http_requests_total.
    prometheus::Gauge& in_flight() { return m_in_flight; }

    void observe_db_query(bool insert, double seconds);
    void count_order(std::string_view status);  ///< success | failed | invalid
    void observe_order_value(double dollars);

    /// Refreshes the gauges read at scrape time (uptime, active users, process CPU and memory)
    /// and renders the text exposition format.
    std::string scrape(std::size_t active_users);

  private:
    prometheus::Counter& request_counter(Route route, Method method, unsigned status);
    prometheus::Histogram& duration_histogram(Route route, Method method);

    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter>& m_requests;
    prometheus::Family<prometheus::Histogram>& m_durations;
    prometheus::Family<prometheus::Counter>& m_orders;
    prometheus::Histogram& m_order_value;
    prometheus::Histogram* m_db_select = nullptr;
    prometheus::Histogram* m_db_insert = nullptr;
    prometheus::Gauge& m_active_users;
    prometheus::Gauge& m_in_flight;
    prometheus::Gauge& m_uptime;
    prometheus::Counter& m_cpu_seconds;
    double m_cpu_reported = 0;  ///< guarded by m_create_mutex
    prometheus::Gauge& m_resident_bytes;
    prometheus::Gauge& m_start_time;

    // Status codes 100..599 map to 500 slots; a null slot is created under m_create_mutex.
    static constexpr std::size_t k_status_slots = 500;
    using CounterRow = std::array<std::atomic<prometheus::Counter*>, k_status_slots>;
    std::unique_ptr<std::array<std::array<CounterRow, k_method_count>, k_route_count>> m_counters;
    std::array<std::array<std::atomic<prometheus::Histogram*>, k_method_count>, k_route_count>
        m_histograms{};
    std::mutex m_create_mutex;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

}  // namespace demoapp
