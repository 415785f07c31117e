#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "promapi/http_client.hpp"
#include "promapi/json_util.hpp"
#include "promapi/relabel.hpp"

namespace promapi {

/// One element of an instant vector (a scalar result is one sample with no labels).
struct Sample {
    Labels labels;
    double value = 0;
};

/// An alert as Prometheus's /api/v1/alerts reports it.
struct PrometheusAlert {
    Labels labels;
    Labels annotations;
    std::string state;      ///< "pending" or "firing"
    std::string active_at;  ///< RFC 3339, when the expression first held
    std::string name() const { return alert_name(labels); }
};

/// An alerting rule as loaded by Prometheus (/api/v1/rules?type=alert).
struct AlertRule {
    std::string name;
    std::string query;
    std::string group;
    std::chrono::milliseconds for_duration{0};
    std::chrono::milliseconds keep_firing_for{0};
    std::chrono::milliseconds group_interval{0};  ///< the group's evaluation interval
    std::string health;                           ///< "ok", "err" or "unknown"
    std::string last_error;
    std::string state;  ///< "inactive", "pending" or "firing"
    Labels labels;
};

/// A recording rule as loaded by the ruler (/api/v1/rules?type=record).
struct RecordingRule {
    std::string name;
    std::string query;
    std::chrono::milliseconds group_interval{0};
};

/// One series of a range query: its labels and (Unix seconds, value) points.
struct Series {
    Labels labels;
    std::vector<std::pair<double, double>> points;
};

/// A scrape target as /api/v1/targets reports it.
struct ScrapeTarget {
    std::string job;
    std::string instance;  ///< host:port
    std::string health;    ///< "up", "down" or "unknown"
    std::string last_error;
    std::chrono::milliseconds scrape_interval{0};
};

/// The Prometheus HTTP API. Every call names the URL it used in its Error.
class PrometheusClient {
  public:
    PrometheusClient(HttpClient& http, std::string base_url)
        : m_http(http), m_base(std::move(base_url)) {}

    const std::string& url() const { return m_base; }

    /// GET /-/ready answered 200.
    util::Result<void> ready() { return probe_ready(m_http, m_base, "/api/v1/query?query=1"); }

    /// An instant query at the current time, or at `at` (Unix seconds) when given.
    util::Result<std::vector<Sample>> query(const std::string& promql,
                                            std::optional<double> at = {});

    /// GET /api/v1/targets?state=active.
    util::Result<std::vector<ScrapeTarget>> targets();

    /// GET /api/v1/alerts: every pending and firing alert.
    util::Result<std::vector<PrometheusAlert>> alerts();

    /// GET /api/v1/rules?type=alert: every loaded alerting rule.
    util::Result<std::vector<AlertRule>> alert_rules();

    /// GET /api/v1/rules?type=record: every loaded recording rule.
    util::Result<std::vector<RecordingRule>> recording_rules();

    /// GET /api/v1/status/config: the `global.external_labels` of the loaded configuration
    /// (empty when it has none). Prometheus adds them to an alert only when the alert lacks the
    /// label. VictoriaMetrics and Mimir have no such endpoint: an Error.
    util::Result<Labels> external_labels();
    /// The same response: the external labels and `alerting.alert_relabel_configs`, what
    /// Prometheus does to an alert's labels as it sends it.
    util::Result<AlertLabelling> alert_labelling();

    /// GET /api/v1/query_range from `start` to `end` (Unix seconds) every `step`.
    util::Result<std::vector<Series>> query_range(const std::string& promql, double start,
                                                  double end, std::chrono::milliseconds step);

    /// GET /api/v1/labels?match[]=SELECTOR: the label names the selector's series carry
    /// between `start` and `end`.
    util::Result<std::vector<std::string>> label_names(const std::string& selector, double start,
                                                       double end);

    /// GET /api/v1/label/NAME/values?match[]=SELECTOR: the values `label` takes on them.
    util::Result<std::vector<std::string>> label_values(const std::string& label,
                                                        const std::string& selector, double start,
                                                        double end);

  private:
    HttpClient& m_http;
    std::string m_base;
};

/// Parsers for the API's response bodies, apart from the transport so captured responses can
/// be tested. `url` only labels errors.
util::Result<std::vector<Sample>> parse_query_response(const HttpResponse& response,
                                                       const std::string& url);
util::Result<std::vector<PrometheusAlert>> parse_alerts_response(const HttpResponse& response,
                                                                 const std::string& url);
util::Result<std::vector<ScrapeTarget>> parse_targets_response(const HttpResponse& response,
                                                               const std::string& url);
util::Result<std::vector<AlertRule>> parse_rules_response(const HttpResponse& response,
                                                          const std::string& url);
util::Result<std::vector<RecordingRule>> parse_recording_rules_response(
    const HttpResponse& response, const std::string& url);
util::Result<std::vector<Series>> parse_matrix_response(const HttpResponse& response,
                                                        const std::string& url);
/// `data.yaml` of /api/v1/status/config read as YAML: its `global.external_labels`.
util::Result<Labels> parse_external_labels(const HttpResponse& response, const std::string& url);
util::Result<AlertLabelling> parse_alert_labelling(const HttpResponse& response,
                                                   const std::string& url);
/// A response whose data is a list of strings (label names, label values).
util::Result<std::vector<std::string>> parse_string_list_response(const HttpResponse& response,
                                                                  const std::string& url);

}  // namespace promapi
