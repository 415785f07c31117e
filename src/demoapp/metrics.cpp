#include "demoapp/metrics.hpp"

#include <prometheus/text_serializer.h>

#include <sstream>

#include "demoapp/config.hpp"
#include "demoapp/process_stats.hpp"

namespace demoapp {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// 5 ms to 10 s, as the issue asks; 1 s sits on a bucket boundary so HighLatency's
// histogram_quantile(0.95, ...) > 1 is decided without interpolating across it.
const prometheus::Histogram::BucketBoundaries k_request_buckets{
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
const prometheus::Histogram::BucketBoundaries k_db_buckets{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                           0.05,  0.1,    0.25,  0.5,  1};
const prometheus::Histogram::BucketBoundaries k_order_buckets{10,  25,   50,   100,  250,
                                                              500, 1000, 2500, 5000, 10000};

}  // namespace

AppMetrics::AppMetrics()
    : m_registry(std::make_shared<prometheus::Registry>()),
      m_requests(BuildCounter()
                     .Name("http_requests_total")
                     .Help("HTTP requests by method, route template and status code")
                     .Register(*m_registry)),
      m_durations(BuildHistogram()
                      .Name("http_request_duration_seconds")
                      .Help("Time from a request's arrival to its response, by route template")
                      .Register(*m_registry)),
      m_orders(BuildCounter()
                   .Name("orders_total")
                   .Help("Orders by outcome: success, failed (processing), invalid (4xx)")
                   .Register(*m_registry)),
      m_order_value(BuildHistogram()
                        .Name("order_value_dollars")
                        .Help("Value of successful orders in dollars")
                        .Register(*m_registry)
                        .Add({}, k_order_buckets)),
      m_active_users(BuildGauge()
                         .Name("active_users")
                         .Help("Distinct users seen in the last minute")
                         .Register(*m_registry)
                         .Add({})),
      m_in_flight(BuildGauge()
                      .Name("http_requests_in_flight")
                      .Help("Requests being handled or answered now (scrapes not counted)")
                      .Register(*m_registry)
                      .Add({})),
      m_uptime(BuildGauge()
                   .Name("app_uptime_seconds")
                   .Help("Seconds since the app started")
                   .Register(*m_registry)
                   .Add({})),
      m_cpu_seconds(BuildCounter()
                        .Name("process_cpu_seconds_total")
                        .Help("User and system CPU time spent in seconds")
                        .Register(*m_registry)
                        .Add({})),
      m_resident_bytes(BuildGauge()
                           .Name("process_resident_memory_bytes")
                           .Help("Resident memory size in bytes")
                           .Register(*m_registry)
                           .Add({})),
      m_start_time(BuildGauge()
                       .Name("process_start_time_seconds")
                       .Help("Start time of the process since the Unix epoch in seconds")
                       .Register(*m_registry)
                       .Add({})),
      m_counters(
          std::make_unique<std::array<std::array<CounterRow, k_method_count>, k_route_count>>()) {
    BuildGauge()
        .Name("app_info")
        .Help("Application version")
        .Register(*m_registry)
        .Add({{"version", k_version}})
        .Set(1);
    auto& db = BuildHistogram()
                   .Name("database_query_duration_seconds")
                   .Help("Simulated database query time by query type")
                   .Register(*m_registry);
    m_db_select = &db.Add({{"query_type", "select"}}, k_db_buckets);
    m_db_insert = &db.Add({{"query_type", "insert"}}, k_db_buckets);
    // Every order outcome is exported from the start (0 until the first order), so ratios
    // over orders_total are defined as soon as traffic begins.
    for (const char* status : {"success", "failed", "invalid"})
        m_orders.Add({{"status", status}});
}

prometheus::Counter& AppMetrics::request_counter(Route route, Method method, unsigned status) {
    if (status < 100 || status > 599)
        status = 599;
    auto& slot = (*m_counters)[static_cast<std::size_t>(route)][static_cast<std::size_t>(method)]
                              [status - 100];
    if (auto* counter = slot.load(std::memory_order_acquire))
        return *counter;
    std::lock_guard lock(m_create_mutex);
    if (auto* counter = slot.load(std::memory_order_relaxed))
        return *counter;
    auto* counter = &m_requests.Add({{"method", std::string(method_name(method))},
                                     {"endpoint", std::string(route_template(route))},
                                     {"status", std::to_string(status)}});
    slot.store(counter, std::memory_order_release);
    return *counter;
}

prometheus::Histogram& AppMetrics::duration_histogram(Route route, Method method) {
    auto& slot = m_histograms[static_cast<std::size_t>(route)][static_cast<std::size_t>(method)];
    if (auto* histogram = slot.load(std::memory_order_acquire))
        return *histogram;
    std::lock_guard lock(m_create_mutex);
    if (auto* histogram = slot.load(std::memory_order_relaxed))
        return *histogram;
    auto* histogram = &m_durations.Add({{"method", std::string(method_name(method))},
                                        {"endpoint", std::string(route_template(route))}},
                                       k_request_buckets);
    slot.store(histogram, std::memory_order_release);
    return *histogram;
}

void AppMetrics::observe_request(Route route, Method method, unsigned status, double seconds) {
    request_counter(route, method, status).Increment();
    duration_histogram(route, method).Observe(seconds);
}

void AppMetrics::observe_db_query(bool insert, double seconds) {
    (insert ? m_db_insert : m_db_select)->Observe(seconds);
}

void AppMetrics::count_order(std::string_view status) {
    m_orders.Add({{"status", std::string(status)}}).Increment();
}

void AppMetrics::observe_order_value(double dollars) {
    m_order_value.Observe(dollars);
}

std::string AppMetrics::scrape(std::size_t active_users) {
    m_active_users.Set(static_cast<double>(active_users));
    m_uptime.Set(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count());
    if (auto stats = read_process_stats()) {
        std::lock_guard lock(m_create_mutex);
        // A counter only goes up: add what was spent since the last scrape.
        if (stats->cpu_seconds > m_cpu_reported) {
            m_cpu_seconds.Increment(stats->cpu_seconds - m_cpu_reported);
            m_cpu_reported = stats->cpu_seconds;
        }
        m_resident_bytes.Set(stats->resident_bytes);
        m_start_time.Set(stats->start_time_seconds);
    }
    std::ostringstream out;
    prometheus::TextSerializer{}.Serialize(out, m_registry->Collect());
    return out.str();
}

}  // namespace demoapp
