#include <boost/test/unit_test.hpp>
#include <map>

#include "promapi/prometheus_client.hpp"
#include "support/test_support.hpp"

using namespace promapi;
using test_support::captured;
using test_support::captured_error;

namespace {

/// Answers each URL with a canned response, or refuses the connection.
class FakeHttp : public HttpClient {
  public:
    std::map<std::string, HttpResponse> responses;
    std::vector<std::string> requested;
    util::Result<HttpResponse> get(const std::string& url) override {
        requested.push_back(url);
        auto it = responses.find(url);
        if (it == responses.end()) {
            return util::fail(util::ExitCode::stack_unavailable, "Couldn't connect to server", url);
        }
        return it->second;
    }
    util::Result<HttpResponse> post(const std::string& url, const std::string&,
                                    const std::string&) override {
        return get(url);
    }
    util::Result<HttpResponse> del(const std::string& url) override { return get(url); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(reads_an_instant_vector_with_labels_and_values) {
    auto samples = parse_query_response({200, captured("query_vector.json")}, "u");
    BOOST_REQUIRE(samples.has_value());
    BOOST_REQUIRE(!samples->empty());
    std::map<std::string, double> by_endpoint;
    for (const auto& s : *samples)
        by_endpoint[s.labels.at("endpoint")] += s.value;
    // capture.sh sent 20 requests to /api/users/<id>; obsctl's readiness probe sent one /health.
    BOOST_TEST(by_endpoint["/api/users/<id>"] == 20.0);
    BOOST_TEST(by_endpoint["/health"] == 1.0);
}

BOOST_AUTO_TEST_CASE(reads_a_scalar_as_one_unlabelled_sample) {
    auto samples = parse_query_response({200, captured("query_scalar.json")}, "u");
    BOOST_REQUIRE(samples.has_value());
    BOOST_REQUIRE(samples->size() == 1u);
    BOOST_TEST(samples->front().labels.empty());
    BOOST_TEST(samples->front().value == 3.0);  // up of demoapp, prometheus, alertmanager
}

BOOST_AUTO_TEST_CASE(reports_a_query_error_with_its_type_and_message) {
    const auto e = captured_error("query_error.json");
    auto samples = parse_query_response({e.status, e.body}, "http://127.0.0.1:9090/api/v1/query");
    BOOST_REQUIRE(!samples.has_value());
    BOOST_TEST(samples.error().what.find("bad_data") != std::string::npos, samples.error().what);
    BOOST_TEST(samples.error().what.find("unclosed left parenthesis") != std::string::npos);
    BOOST_TEST(samples.error().where == "http://127.0.0.1:9090/api/v1/query");
}

BOOST_AUTO_TEST_CASE(reads_firing_alerts_with_labels_annotations_and_state) {
    auto alerts = parse_alerts_response({200, captured("alerts_firing.json")}, "u");
    BOOST_REQUIRE(alerts.has_value());
    BOOST_REQUIRE(alerts->size() == 1u);
    const auto& a = alerts->front();
    BOOST_TEST(a.name() == "ApplicationDown");
    BOOST_TEST(a.state == "firing");
    BOOST_TEST(a.labels.at("severity") == "critical");
    BOOST_TEST(a.annotations.at("runbook") == "stack/RUNBOOKS.md#applicationdown");
    BOOST_TEST(!a.active_at.empty());
    auto none = parse_alerts_response({200, captured("alerts_none.json")}, "u");
    BOOST_REQUIRE(none.has_value());
    BOOST_TEST(none->empty());
}

BOOST_AUTO_TEST_CASE(rejects_a_body_that_is_not_json) {
    auto samples = parse_query_response({200, "<html>hello</html>"}, "http://x/api/v1/query");
    BOOST_REQUIRE(!samples.has_value());
    BOOST_TEST(samples.error().what.find("not JSON") != std::string::npos);
    // A proxy's error page: its status first.
    samples = parse_query_response({502, "<html>Bad Gateway</html>"}, "http://x/api/v1/query");
    BOOST_REQUIRE(!samples.has_value());
    BOOST_TEST(samples.error().what == "HTTP 502: <html>Bad Gateway</html>");
}

BOOST_AUTO_TEST_CASE(an_unreachable_prometheus_is_exit_3_naming_its_url) {
    FakeHttp http;
    PrometheusClient prometheus(http, "http://127.0.0.1:9");
    auto ready = prometheus.ready();
    BOOST_REQUIRE(!ready.has_value());
    BOOST_TEST(static_cast<int>(ready.error().code) == 3);
    BOOST_TEST(ready.error().where == "http://127.0.0.1:9/-/ready");
}

BOOST_AUTO_TEST_CASE(encodes_the_query_into_the_url) {
    FakeHttp http;
    PrometheusClient prometheus(http, "http://p");
    http.responses["http://p/api/v1/query?query=up%7Bjob%3D%22demoapp%22%7D%20%3D%3D%201"] = {
        200, captured("query_scalar.json")};
    auto samples = prometheus.query("up{job=\"demoapp\"} == 1");
    BOOST_TEST(samples.has_value());
    BOOST_TEST(http.requested.size() == 1u);
}

BOOST_AUTO_TEST_CASE(reads_loaded_alert_rules_with_durations_and_health) {
    auto rules = parse_rules_response({200, captured("rules.json")}, "u");
    BOOST_REQUIRE(rules.has_value());
    BOOST_TEST(rules->size() == 9u);  // stack/prometheus/rules: 6 app + 3 infrastructure
    const AlertRule* down = nullptr;
    for (const auto& r : *rules) {
        if (r.name == "ApplicationDown")
            down = &r;
        BOOST_TEST(r.health == "ok", r.name);
    }
    BOOST_REQUIRE(down != nullptr);
    // Captured from the stack at time scale 0.1: for 1m became 6s, evaluated every 1s.
    BOOST_TEST(down->for_duration.count() == 6000);
    BOOST_TEST(down->group_interval.count() == 1000);
    BOOST_TEST(down->query == "up{job=\"demoapp\"} == 0");
    BOOST_TEST(down->labels.at("severity") == "critical");
}

BOOST_AUTO_TEST_CASE(reads_scrape_targets_with_health_and_interval) {
    auto targets = parse_targets_response({200, captured("targets.json")}, "u");
    BOOST_REQUIRE(targets.has_value());
    std::map<std::string, const ScrapeTarget*> by_job;
    for (const auto& t : *targets)
        by_job[t.job] = &t;
    BOOST_REQUIRE(by_job.count("demoapp") == 1u);
    const auto& app = *by_job["demoapp"];
    BOOST_TEST(app.health == "up");
    BOOST_TEST(app.last_error.empty());
    BOOST_TEST(app.instance.starts_with("127.0.0.1:"), app.instance);
    BOOST_TEST(app.scrape_interval.count() == 1000);  // the rendered stack scrapes every 1 s
}

BOOST_AUTO_TEST_CASE(a_target_that_is_down_carries_its_last_error) {
    // Captured after demoapp was stopped.
    auto targets = parse_targets_response({200, captured("targets_down.json")}, "u");
    BOOST_REQUIRE(targets.has_value());
    bool seen = false;
    for (const auto& t : *targets) {
        if (t.job != "demoapp")
            continue;
        seen = true;
        BOOST_TEST(t.health == "down");
        BOOST_TEST(t.last_error.find("connection refused") != std::string::npos, t.last_error);
    }
    BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(reports_a_rules_error_with_its_type_and_message) {
    const auto e = captured_error("rules_error.json");
    auto rules = parse_rules_response({e.status, e.body}, "http://127.0.0.1:9090" + e.path);
    BOOST_REQUIRE(!rules.has_value());
    BOOST_TEST(rules.error().what ==
               "HTTP 400, bad_data: invalid parameter \"type\": not supported value \"bogus\"");
    BOOST_TEST(rules.error().where == "http://127.0.0.1:9090" + e.path);
}

BOOST_AUTO_TEST_CASE(a_url_of_another_server_says_so_instead_of_a_json_error) {
    // --prometheus pointing at Alertmanager: its answer to /api/v1/targets.
    const auto e = captured_error("not_prometheus.txt");
    auto targets = parse_targets_response({e.status, e.body}, "http://127.0.0.1:9093" + e.path);
    BOOST_REQUIRE(!targets.has_value());
    BOOST_TEST(targets.error().what == "HTTP 404: 404 page not found");
    BOOST_TEST(targets.error().message().find("is this Prometheus's URL?") != std::string::npos,
               targets.error().message());
}

BOOST_AUTO_TEST_CASE(a_status_that_is_not_a_string_is_an_error_naming_the_url) {
    // Found by tests/fuzz/prometheus_api: value("status", "") threw on an object, and the
    // exception reached main as an internal error (exit 70) instead of exit 3 with the URL.
    for (const char* body : {R"({"status": {"x": 1}, "data": {}})", R"({"status": 7})",
                             R"({"status": null, "data": []})"}) {
        auto targets = parse_targets_response({200, body}, "http://prom/api/v1/targets");
        BOOST_REQUIRE(!targets.has_value());
        BOOST_TEST(targets.error().where == "http://prom/api/v1/targets");
        BOOST_TEST(static_cast<int>(targets.error().code) == 3);
    }
}

BOOST_AUTO_TEST_CASE(an_html_error_page_is_quoted_on_one_line) {
    auto targets = parse_targets_response(
        {502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\tx</body>"},
        "http://proxy/api/v1/targets");
    BOOST_REQUIRE(!targets.has_value());
    BOOST_TEST(targets.error().message().find('\n') == std::string::npos);
    BOOST_TEST(targets.error().message().find('\r') == std::string::npos);
    BOOST_TEST(targets.error().what.starts_with("HTTP 502: <html>  <head><title>502 Bad Gateway"),
               targets.error().what);
}

BOOST_AUTO_TEST_CASE(reads_the_external_labels_of_the_loaded_configuration) {
    // Captured from the stack: its prometheus.yml has external_labels {stack: obsctl-demo}.
    auto labels = parse_external_labels({200, captured("status_config.json")}, "u");
    BOOST_REQUIRE(labels.has_value());
    BOOST_TEST(labels->size() == 1u);
    BOOST_TEST(labels->at("stack") == "obsctl-demo");
}

BOOST_AUTO_TEST_CASE(a_configuration_without_external_labels_has_none) {
    auto config = [](const std::string& yaml) {
        return HttpResponse{
            200, nlohmann::json{{"status", "success"}, {"data", {{"yaml", yaml}}}}.dump()};
    };
    for (const char* yaml :
         {"global:\n  scrape_interval: 15s\n", "{}\n", "", "global:\n  external_labels: {}\n"}) {
        auto labels = parse_external_labels(config(yaml), "u");
        BOOST_REQUIRE(labels.has_value());
        BOOST_TEST(labels->empty(), yaml);
    }
    auto two = parse_external_labels(
        config("global:\n  external_labels:\n    cluster: eu1\n    replica: \"1\"\n"), "u");
    BOOST_REQUIRE(two.has_value());
    BOOST_TEST((*two == Labels{{"cluster", "eu1"}, {"replica", "1"}}));
}

BOOST_AUTO_TEST_CASE(an_unexpected_configuration_shape_names_the_url_and_the_field) {
    const std::string url = "http://prom/api/v1/status/config";
    auto answer = [](const nlohmann::json& data) {
        return HttpResponse{200, nlohmann::json{{"status", "success"}, {"data", data}}.dump()};
    };
    const std::vector<std::pair<nlohmann::json, std::string>> cases{
        {nlohmann::json::object(), "data.yaml is missing"},
        {nlohmann::json{{"yaml", 7}}, "data.yaml"},
        {nlohmann::json::array(), "data is array"},
        {nlohmann::json{{"yaml", "global: [1, 2]\n"}}, "data.yaml global is not a mapping"},
        {nlohmann::json{{"yaml", "global:\n  external_labels: [a]\n"}},
         "data.yaml global.external_labels is not a mapping"},
        {nlohmann::json{{"yaml", "global: {external_labels: {a: {b: c}}}\n"}},
         "data.yaml global.external_labels holds a value that is not a string"},
        {nlohmann::json{{"yaml", "global: [unclosed\n"}}, "data.yaml is not YAML"},
    };
    for (const auto& [data, field] : cases) {
        auto labels = parse_external_labels(answer(data), url);
        BOOST_REQUIRE(!labels.has_value());
        BOOST_TEST(labels.error().where == url);
        BOOST_TEST(static_cast<int>(labels.error().code) == 3);
        BOOST_TEST(labels.error().what.find(field) != std::string::npos, labels.error().what);
    }
}

BOOST_AUTO_TEST_CASE(a_prometheus_without_the_config_endpoint_is_an_error_naming_it) {
    // VictoriaMetrics answers 404 with a text body; the preflight says "not read" and goes on.
    FakeHttp http;
    http.responses["http://vm/api/v1/status/config"] = {404, "unsupported path requested"};
    PrometheusClient prometheus(http, "http://vm");
    auto labels = prometheus.external_labels();
    BOOST_REQUIRE(!labels.has_value());
    BOOST_TEST(labels.error().message().find("HTTP 404") != std::string::npos,
               labels.error().message());
}
