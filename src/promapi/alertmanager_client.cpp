#include "promapi/alertmanager_client.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <optional>

#include "promapi/yaml_config.hpp"
#include "util/duration.hpp"

namespace promapi {

using util::Millis;

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

util::Result<RouteTiming> AlertmanagerClient::route_timing() {
    return get_parsed(m_http, m_base + "/api/v2/status", &parse_route_timing);
}

util::Result<std::string> AlertmanagerClient::create_silence(
    const std::map<std::string, std::string>& matchers, const std::string& comment,
    std::chrono::milliseconds length) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, value] : matchers)
        list.push_back({{"name", name}, {"value", value}, {"isRegex", false}, {"isEqual", true}});
    const auto now = std::chrono::system_clock::now();
    const nlohmann::json body{{"matchers", list},
                              {"startsAt", util::rfc3339(now - std::chrono::seconds(1))},
                              {"endsAt", util::rfc3339(now + length)},
                              {"createdBy", "obsctl"},
                              {"comment", comment}};
    const std::string url = m_base + "/api/v2/silences";
    auto response = m_http.post(url, body.dump(), "application/json");
    if (!response)
        return std::unexpected(response.error());
    auto doc = parse_json(response->body, url);
    if (response->status != 200 || !doc) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "could not create the silence: HTTP " + std::to_string(response->status) +
                              ": " + response->body.substr(0, 200),
                          url);
    }
    return guarded(url, [&]() -> util::Result<std::string> {
        auto id = str_field(*doc, "silenceID", "response");
        if (id.empty())
            return util::fail(util::ExitCode::stack_unavailable, "no silenceID in the answer", url);
        return id;
    });
}

util::Result<void> AlertmanagerClient::delete_silence(const std::string& id) {
    const std::string url = m_base + "/api/v2/silence/" + url_encode(id);
    auto response = m_http.del(url);
    if (!response)
        return std::unexpected(response.error());
    if (response->status != 200) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "could not delete the silence: HTTP " + std::to_string(response->status),
                          url);
    }
    return {};
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
    return guarded(url, [&]() -> util::Result<std::vector<AlertmanagerAlert>> {
        std::vector<AlertmanagerAlert> alerts;
        for (const auto& item : *doc) {
            AlertmanagerAlert alert;
            alert.labels = to_labels(object_field(item, "labels", "[]"));
            const auto& status = object_field(item, "status", "[]");
            alert.state = str_field(status, "state", "[].status");
            alert.inhibited_by = strings(array_field(status, "inhibitedBy", "[].status"));
            alert.silenced_by = strings(array_field(status, "silencedBy", "[].status"));
            for (const auto& receiver : array_field(item, "receivers", "[]"))
                alert.receivers.push_back(str_field(receiver, "name", "[].receivers[]"));
            alert.starts_at = str_field(item, "startsAt", "[]");
            alerts.push_back(std::move(alert));
        }
        return alerts;
    });
}

util::Result<RouteTiming> parse_route_timing(const HttpResponse& response, const std::string& url) {
    auto doc = parse_json(response.body, url);
    if (!doc)
        return std::unexpected(doc.error());
    std::string original;
    try {
        original = str_field(object_field(*doc, "config", "status"), "original", "status.config");
    } catch (const ShapeError&) {
        original.clear();  // said below as "no loaded configuration"
    }
    if (response.status != 200 || original.empty()) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "HTTP " + std::to_string(response.status) + ": no loaded configuration",
                          url);
    }
    RouteTiming timing;  // Alertmanager's defaults, unless the root route sets its own
    try {
        auto read = [](const YAML::Node& route, const char* key) -> std::optional<Millis> {
            if (!route[key])
                return std::nullopt;  // inherited from the parent route
            auto d = util::parse_duration(route[key].as<std::string>());
            if (!d)
                throw YAML::Exception(route[key].Mark(), std::string("bad ") + key);
            return d;
        };
        const YAML::Node config = load_config_yaml(original);
        const YAML::Node root = config["route"];
        timing.group_wait = read(root, "group_wait").value_or(timing.group_wait);
        timing.group_interval = read(root, "group_interval").value_or(timing.group_interval);
        std::function<void(const YAML::Node&)> children = [&](const YAML::Node& route) {
            for (const auto& child : route["routes"]) {
                timing.group_wait =
                    std::max(timing.group_wait, read(child, "group_wait").value_or(Millis{0}));
                timing.group_interval = std::max(timing.group_interval,
                                                 read(child, "group_interval").value_or(Millis{0}));
                children(child);
            }
        };
        children(root);
        if (auto tree = parse_routing_tree(root, url))
            timing.tree = std::move(*tree);
        else
            timing.tree_error = tree.error().message();
        for (const auto& receiver : config["receivers"]) {
            timing.receivers[receiver["name"].as<std::string>("")] =
                resolved_notifications(receiver);
        }
    } catch (const YAML::Exception& e) {
        return util::fail(util::ExitCode::stack_unavailable,
                          std::string("unreadable configuration: ") + e.what(), url);
    }
    return timing;
}

}  // namespace promapi
