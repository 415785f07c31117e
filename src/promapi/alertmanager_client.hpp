#pragma once

#include <string>
#include <vector>

#include "promapi/http_client.hpp"
#include "promapi/json_util.hpp"

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

/// The Alertmanager v2 HTTP API.
class AlertmanagerClient {
  public:
    AlertmanagerClient(HttpClient& http, std::string base_url)
        : m_http(http), m_base(std::move(base_url)) {}

    const std::string& url() const { return m_base; }

    util::Result<void> ready() { return probe_ready(m_http, m_base); }

    /// GET /api/v2/alerts: the alerts Alertmanager holds (resolved ones leave at once).
    util::Result<std::vector<AlertmanagerAlert>> alerts();

  private:
    HttpClient& m_http;
    std::string m_base;
};

util::Result<std::vector<AlertmanagerAlert>> parse_alertmanager_alerts(const HttpResponse& response,
                                                                       const std::string& url);

}  // namespace promapi
