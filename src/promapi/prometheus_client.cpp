#include "promapi/prometheus_client.hpp"

#include <cstdlib>

#include "util/duration.hpp"

namespace promapi {
namespace {

/// Prometheus writes sample values as strings ("42", "NaN", "+Inf").
/// The rules API gives durations as (fractional) seconds.
std::chrono::milliseconds seconds_field(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number())
        return std::chrono::milliseconds{0};
    return std::chrono::milliseconds{static_cast<long long>(it->get<double>() * 1000.0 + 0.5)};
}

double sample_value(const nlohmann::json& pair) {
    if (!pair.is_array() || pair.size() != 2 || !pair[1].is_string())
        return 0;
    return std::strtod(pair[1].get_ref<const std::string&>().c_str(), nullptr);
}

}  // namespace

util::Result<std::vector<Sample>> PrometheusClient::query(const std::string& promql,
                                                          std::optional<double> at) {
    std::string url = m_base + "/api/v1/query?query=" + url_encode(promql);
    if (at)
        url += "&time=" + std::to_string(*at);
    auto response = m_http.get(url);
    if (!response)
        return std::unexpected(response.error());
    return parse_query_response(*response, m_base + "/api/v1/query");
}

util::Result<std::vector<PrometheusAlert>> PrometheusClient::alerts() {
    return get_parsed(m_http, m_base + "/api/v1/alerts", &parse_alerts_response);
}

util::Result<std::vector<ScrapeTarget>> PrometheusClient::targets() {
    return get_parsed(m_http, m_base + "/api/v1/targets?state=active", &parse_targets_response);
}

util::Result<std::vector<AlertRule>> PrometheusClient::alert_rules() {
    return get_parsed(m_http, m_base + "/api/v1/rules?type=alert", &parse_rules_response);
}

util::Result<std::vector<Sample>> parse_query_response(const HttpResponse& response,
                                                       const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    const std::string type = data->value("resultType", "");
    std::vector<Sample> samples;
    if (type == "scalar") {
        samples.push_back({{}, sample_value((*data)["result"])});
        return samples;
    }
    if (type != "vector") {
        return util::fail(util::ExitCode::stack_unavailable,
                          "expected an instant vector, got " + type, url);
    }
    for (const auto& item : (*data)["result"]) {
        samples.push_back({to_labels(item.value("metric", nlohmann::json::object())),
                           sample_value(item.value("value", nlohmann::json::array()))});
    }
    return samples;
}

util::Result<std::vector<PrometheusAlert>> parse_alerts_response(const HttpResponse& response,
                                                                 const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    std::vector<PrometheusAlert> alerts;
    for (const auto& item : data->value("alerts", nlohmann::json::array())) {
        alerts.push_back({to_labels(item.value("labels", nlohmann::json::object())),
                          to_labels(item.value("annotations", nlohmann::json::object())),
                          item.value("state", ""), item.value("activeAt", "")});
    }
    return alerts;
}

}  // namespace promapi

namespace promapi {

util::Result<std::vector<ScrapeTarget>> parse_targets_response(const HttpResponse& response,
                                                               const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    std::vector<ScrapeTarget> targets;
    for (const auto& t : data->value("activeTargets", nlohmann::json::array())) {
        const auto labels = to_labels(t.value("labels", nlohmann::json::object()));
        ScrapeTarget target;
        target.job = labels.count("job") ? labels.at("job") : "";
        target.instance = labels.count("instance") ? labels.at("instance") : "";
        target.health = t.value("health", "");
        target.last_error = t.value("lastError", "");
        target.scrape_interval =
            util::parse_duration(t.value("scrapeInterval", "0s")).value_or(util::Millis{0});
        targets.push_back(std::move(target));
    }
    return targets;
}

util::Result<std::vector<AlertRule>> parse_rules_response(const HttpResponse& response,
                                                          const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    std::vector<AlertRule> rules;
    for (const auto& group : data->value("groups", nlohmann::json::array())) {
        for (const auto& rule : group.value("rules", nlohmann::json::array())) {
            if (rule.value("type", "") != "alerting")
                continue;
            AlertRule r;
            r.name = rule.value("name", "");
            r.query = rule.value("query", "");
            r.group = group.value("name", "");
            r.for_duration = seconds_field(rule, "duration");
            r.keep_firing_for = seconds_field(rule, "keepFiringFor");
            r.group_interval = seconds_field(group, "interval");
            r.health = rule.value("health", "");
            r.last_error = rule.value("lastError", "");
            r.state = rule.value("state", "");
            r.labels = to_labels(rule.value("labels", nlohmann::json::object()));
            rules.push_back(std::move(r));
        }
    }
    return rules;
}

}  // namespace promapi
