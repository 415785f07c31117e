#include "promapi/prometheus_client.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
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
    if (!pair.is_array() || pair.size() != 2)
        return 0;
    if (pair[1].is_number())
        return pair[1].get<double>();
    if (!pair[1].is_string())
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

util::Result<std::vector<RecordingRule>> PrometheusClient::recording_rules() {
    return get_parsed(m_http, m_base + "/api/v1/rules?type=record",
                      &parse_recording_rules_response);
}

util::Result<std::vector<AlertRule>> PrometheusClient::alert_rules() {
    return get_parsed(m_http, m_base + "/api/v1/rules?type=alert", &parse_rules_response);
}

util::Result<Labels> PrometheusClient::external_labels() {
    return get_parsed(m_http, m_base + "/api/v1/status/config", &parse_external_labels);
}

util::Result<AlertLabelling> PrometheusClient::alert_labelling() {
    return get_parsed(m_http, m_base + "/api/v1/status/config", &parse_alert_labelling);
}

util::Result<std::vector<Sample>> parse_query_response(const HttpResponse& response,
                                                       const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<std::vector<Sample>> {
        const std::string type = str_field(*data, "resultType", "data");
        std::vector<Sample> samples;
        if (type == "scalar") {
            samples.push_back({{}, sample_value((*data)["result"])});
            return samples;
        }
        if (type != "vector") {
            return util::fail(util::ExitCode::stack_unavailable,
                              "expected an instant vector, got " + type, url);
        }
        for (const auto& item : array_field(*data, "result", "data")) {
            samples.push_back({to_labels(object_field(item, "metric", "data.result[]")),
                               sample_value(array_field(item, "value", "data.result[]"))});
        }
        return samples;
    });
}

util::Result<std::vector<PrometheusAlert>> parse_alerts_response(const HttpResponse& response,
                                                                 const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<std::vector<PrometheusAlert>> {
        std::vector<PrometheusAlert> alerts;
        // vmalert sends "alerts": null where Prometheus sends [].
        for (const auto& item : array_field(*data, "alerts", "data")) {
            alerts.push_back({to_labels(object_field(item, "labels", "data.alerts[]")),
                              to_labels(object_field(item, "annotations", "data.alerts[]")),
                              str_field(item, "state", "data.alerts[]"),
                              str_field(item, "activeAt", "data.alerts[]")});
        }
        return alerts;
    });
}

}  // namespace promapi

namespace promapi {

util::Result<std::vector<ScrapeTarget>> parse_targets_response(const HttpResponse& response,
                                                               const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<std::vector<ScrapeTarget>> {
        std::vector<ScrapeTarget> targets;
        for (const auto& t : array_field(*data, "activeTargets", "data")) {
            const auto labels = to_labels(object_field(t, "labels", "data.activeTargets[]"));
            const auto discovered =
                to_labels(object_field(t, "discoveredLabels", "data.activeTargets[]"));
            ScrapeTarget target;
            target.job = labels.count("job") ? labels.at("job") : "";
            target.instance = labels.count("instance") ? labels.at("instance") : "";
            target.health = str_field(t, "health", "data.activeTargets[]");
            target.last_error = str_field(t, "lastError", "data.activeTargets[]");
            // Prometheus has scrapeInterval; VictoriaMetrics only the discovered label.
            std::string interval = str_field(t, "scrapeInterval", "data.activeTargets[]");
            if (interval.empty() && discovered.count("__scrape_interval__"))
                interval = discovered.at("__scrape_interval__");
            if (auto d = util::parse_duration(interval))
                target.scrape_interval = *d;
            targets.push_back(std::move(target));
        }
        return targets;
    });
}

namespace {

/// Calls `each(group, rule)` for every rule of `type` ("alerting", "recording").
template <typename F>
void for_each_rule(const nlohmann::json& data, const char* type, F each) {
    for (const auto& group : array_field(data, "groups", "data")) {
        for (const auto& rule : array_field(group, "rules", "data.groups[]")) {
            if (str_field(rule, "type", "data.groups[].rules[]") == type)
                each(group, rule);
        }
    }
}

}  // namespace

util::Result<std::vector<AlertRule>> parse_rules_response(const HttpResponse& response,
                                                          const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<std::vector<AlertRule>> {
        std::vector<AlertRule> rules;
        for_each_rule(*data, "alerting",
                      [&](const nlohmann::json& group, const nlohmann::json& rule) {
                          const std::string at = "data.groups[].rules[]";
                          AlertRule r;
                          r.name = str_field(rule, "name", at);
                          r.query = str_field(rule, "query", at);
                          r.group = str_field(group, "name", "data.groups[]");
                          r.for_duration = seconds_field(rule, "duration");
                          // Prometheus says keepFiringFor, vmalert keep_firing_for.
                          r.keep_firing_for = std::max(seconds_field(rule, "keepFiringFor"),
                                                       seconds_field(rule, "keep_firing_for"));
                          r.group_interval = seconds_field(group, "interval");
                          r.health = str_field(rule, "health", at);
                          r.last_error = str_field(rule, "lastError", at);
                          r.state = str_field(rule, "state", at);
                          r.labels = to_labels(object_field(rule, "labels", at));
                          rules.push_back(std::move(r));
                      });
        return rules;
    });
}

util::Result<std::vector<RecordingRule>> parse_recording_rules_response(
    const HttpResponse& response, const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<std::vector<RecordingRule>> {
        std::vector<RecordingRule> rules;
        for_each_rule(*data, "recording",
                      [&](const nlohmann::json& group, const nlohmann::json& rule) {
                          rules.push_back({str_field(rule, "name", "data.groups[].rules[]"),
                                           str_field(rule, "query", "data.groups[].rules[]"),
                                           seconds_field(group, "interval")});
                      });
        return rules;
    });
}

util::Result<AlertLabelling> parse_alert_labelling(const HttpResponse& response,
                                                   const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<AlertLabelling> {
        const std::string text = str_field(*data, "yaml", "data");  // throws unless an object
        if (!data->contains("yaml"))
            throw ShapeError{"data.yaml", "is missing"};
        auto shape = [&](const std::string& field, const std::string& what) {
            return util::fail(util::ExitCode::stack_unavailable,
                              "unexpected response: " + field + " " + what, url,
                              "is this a Prometheus-compatible API?");
        };
        YAML::Node config;
        try {
            config = YAML::Load(text);
        } catch (const YAML::Exception& e) {
            return shape("data.yaml", std::string("is not YAML: ") + e.what());
        }
        Labels labels;
        // Prometheus writes every section it knows, but an empty configuration is "{}".
        if (!config.IsMap() && !config.IsNull())
            return shape("data.yaml", "is not a mapping");
        // Applied after the external labels to every alert sent (a malformed one is
        // Prometheus's to refuse: it loaded this config).
        const bool relabels = config.IsMap() && config["alerting"].IsMap() &&
                              config["alerting"]["alert_relabel_configs"].IsSequence();
        const YAML::Node relabel =
            relabels ? config["alerting"]["alert_relabel_configs"] : YAML::Node();
        const YAML::Node global = config.IsMap() ? config["global"] : YAML::Node();
        if (!global || global.IsNull())
            return AlertLabelling(labels, relabel);
        if (!global.IsMap())
            return shape("data.yaml global", "is not a mapping");
        const YAML::Node external = global["external_labels"];
        if (!external || external.IsNull())
            return AlertLabelling(labels, relabel);
        if (!external.IsMap())
            return shape("data.yaml global.external_labels", "is not a mapping");
        for (const auto& item : external) {
            if (!item.first.IsScalar() || !item.second.IsScalar())
                return shape("data.yaml global.external_labels",
                             "holds a value that is not a string");
            labels[item.first.Scalar()] = item.second.Scalar();
        }
        return AlertLabelling(labels, relabel);
    });
}

util::Result<Labels> parse_external_labels(const HttpResponse& response, const std::string& url) {
    auto labelling = parse_alert_labelling(response, url);
    if (!labelling)
        return std::unexpected(labelling.error());
    return labelling->external;
}

}  // namespace promapi
