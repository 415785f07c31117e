#pragma once

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <string_view>

#include "demoapp/access_log.hpp"
#include "demoapp/active_users.hpp"
#include "demoapp/config.hpp"
#include "demoapp/metrics.hpp"
#include "demoapp/router.hpp"

namespace demoapp {

/// What the server hands a handler: views into the parsed request.
struct Request {
    std::string_view method;
    std::string_view target;
    std::string_view body;
    std::string_view user_header;  ///< X-User-ID, counted as an active user when present
    std::string_view request_id;
};

/// What a handler answers. The server waits `delay` on an asio timer (no thread blocked)
/// before sending, which is how slow endpoints and database latency are simulated.
struct Reply {
    unsigned status = 200;
    std::string body;
    std::string_view content_type = "application/json";
    std::chrono::milliseconds delay{0};
    Route route = Route::unmatched;
    Method method = Method::other;
};

/// The demo app's behaviour, free of networking so tests can call it directly.
/// Thread-safe: each event loop passes its own random generator.
class App {
  public:
    App(const Config& config, AppMetrics& metrics, ActiveUsers& users, AccessLog& log)
        : m_config(config), m_metrics(metrics), m_users(users), m_log(log) {}

    Reply handle(const Request& request, std::mt19937_64& rng) const;

    AppMetrics& metrics() const { return m_metrics; }

  private:
    Reply dispatch(Route route, std::string_view id, const Request& request,
                   std::mt19937_64& rng) const;
    Reply root() const;
    Reply users_list(std::mt19937_64& rng) const;
    Reply user(std::string_view id, std::mt19937_64& rng) const;
    Reply create_order(const Request& request, std::mt19937_64& rng) const;
    Reply slow(std::mt19937_64& rng) const;
    Reply error(std::mt19937_64& rng) const;
    Reply metrics_demo(std::mt19937_64& rng) const;
    std::chrono::milliseconds db_query(bool insert, std::mt19937_64& rng) const;

    const Config& m_config;
    AppMetrics& m_metrics;
    ActiveUsers& m_users;
    AccessLog& m_log;
    mutable std::atomic<std::uint64_t> m_next_order{1};
};

/// `{"error": "..."}` with the message escaped.
std::string error_body(std::string_view message);

}  // namespace demoapp
