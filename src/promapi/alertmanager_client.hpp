#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "promapi/http_client.hpp"
#include "promapi/json_util.hpp"
#include "promapi/receivers.hpp"
#include "promapi/routes.hpp"

namespace promapi {

/// An alert as Alertmanager's /api/v2/alerts reports it.
struct AlertmanagerAlert {
    Labels labels;
    std::string state;                   ///< "active", "suppressed" or "unprocessed"
    std::vector<std::string> receivers;  ///< where the routing tree sends it
    std::vector<std::string> inhibited_by;
    std::vector<std::string> silenced_by;
    std::string starts_at;
    std::string name() const { return alert_name(labels); }
};

/// How long Alertmanager may hold a notification back: the longest group_wait and
/// group_interval anywhere in its loaded route tree, so a bound for whichever route an alert
/// takes. A new group is sent after group_wait, every later change (a resolved alert too) on
/// the next group_interval tick. With the tree itself and the receivers: one GET of
/// /api/v2/status serves the deadlines, the resolved notifications and the preflight's routes.
struct RouteTiming {
    std::chrono::milliseconds group_wait{30'000};  ///< Alertmanager's defaults
    std::chrono::milliseconds group_interval{300'000};
    /// Each receiver of the loaded configuration, by name: whether it sends resolved
    /// notifications (empty when the configuration could not be read).
    std::map<std::string, ResolvedNotifications> receivers;
    /// The routing tree, when it was read (else `tree_error` says why: the timing and the
    /// receivers stand without it).
    std::optional<Route> tree;
    std::string tree_error;
};

/// The Alertmanager v2 HTTP API.
class AlertmanagerClient {
  public:
    AlertmanagerClient(HttpClient& http, std::string base_url)
        : m_http(http), m_base(std::move(base_url)) {}

    const std::string& url() const { return m_base; }

    util::Result<void> ready() { return probe_ready(m_http, m_base, "/api/v2/status"); }

    /// GET /api/v2/alerts: the alerts Alertmanager holds (resolved ones leave at once).
    util::Result<std::vector<AlertmanagerAlert>> alerts();

    /// GET /api/v2/status: the route timing, receivers and routing tree of the configuration it
    /// loaded.
    util::Result<RouteTiming> route_timing();

    /// POST /api/v2/silences: silences alerts matching every `matchers` label (equality) from
    /// now for `length`; returns the silence's id.
    util::Result<std::string> create_silence(const std::map<std::string, std::string>& matchers,
                                             const std::string& comment,
                                             std::chrono::milliseconds length);

    /// DELETE /api/v2/silence/{id}: expires it.
    util::Result<void> delete_silence(const std::string& id);

  private:
    HttpClient& m_http;
    std::string m_base;
};

util::Result<std::vector<AlertmanagerAlert>> parse_alertmanager_alerts(const HttpResponse& response,
                                                                       const std::string& url);

util::Result<RouteTiming> parse_route_timing(const HttpResponse& response, const std::string& url);

}  // namespace promapi
