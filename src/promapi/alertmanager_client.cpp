#include "promapi/alertmanager_client.hpp"

namespace promapi {
namespace {

std::vector<std::string> strings(const nlohmann::json& array) {
    std::vector<std::string> out;
    if (!array.is_array())
        return out;
    for (const auto& v : array) {
        if (v.is_string())
            out.push_back(v.get<std::string>());
    }
    return out;
}

}  // namespace

util::Result<std::vector<AlertmanagerAlert>> AlertmanagerClient::alerts() {
    return get_parsed(m_http, m_base + "/api/v2/alerts", &parse_alertmanager_alerts);
}

util::Result<std::vector<AlertmanagerAlert>> parse_alertmanager_alerts(const HttpResponse& response,
                                                                       const std::string& url) {
    auto doc = parse_json(response.body, url);
    if (!doc)
        return std::unexpected(doc.error());
    if (response.status != 200 || !doc->is_array()) {
        return util::fail(
            util::ExitCode::stack_unavailable,
            "HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 200), url);
    }
    std::vector<AlertmanagerAlert> alerts;
    for (const auto& item : *doc) {
        AlertmanagerAlert alert;
        alert.labels = to_labels(item.value("labels", nlohmann::json::object()));
        const auto status = item.value("status", nlohmann::json::object());
        alert.state = status.value("state", "");
        alert.inhibited_by = strings(status.value("inhibitedBy", nlohmann::json::array()));
        alert.silenced_by = strings(status.value("silencedBy", nlohmann::json::array()));
        for (const auto& receiver : item.value("receivers", nlohmann::json::array())) {
            alert.receivers.push_back(receiver.value("name", ""));
        }
        alert.starts_at = item.value("startsAt", "");
        alerts.push_back(std::move(alert));
    }
    return alerts;
}

}  // namespace promapi
