// The two small servers inside obsctl, over real loopback sockets: the webhook receiver that
// Alertmanager posts to, and the --metrics-listen exporter that Prometheus scrapes.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <sstream>
#include <thread>

#include "capture/listener.hpp"
#include "load/run_result.hpp"
#include "report/metrics_exporter.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"

using namespace test_support;
using namespace std::chrono_literals;

namespace {

const std::string k_payload =
    R"({"receiver":"oncall","status":"firing","alerts":[{"status":"firing","labels":)"
    R"({"alertname":"HighErrorRate","severity":"critical"},"annotations":{}}],)"
    R"("groupLabels":{},"commonLabels":{},"version":"4","groupKey":"{}"})";

std::string post(const std::string& path, const std::string& body, bool close = true) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           (close ? "Connection: close\r\n" : "") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// The value of one exact series line in a /metrics body, -1 when absent.
double series(const std::string& metrics, const std::string& name) {
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with(name + " "))
            return std::stod(line.substr(name.size() + 1));
    }
    return -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(webhook_receiver_records_what_alertmanager_posts_over_http) {
    const auto port = util::free_loopback_port();
    auto receiver = capture::Listener::start({"127.0.0.1:" + std::to_string(port), {}, {}});
    BOOST_REQUIRE(receiver.has_value());
    const auto answer = raw_exchange(port, post("/hooks/oncall", k_payload));
    BOOST_TEST(status_of(answer) == 200, answer);
    const auto caught = (*receiver)->take();
    const auto& got = caught.deliveries;
    BOOST_REQUIRE(got.size() == 1u);
    // The user's own webhook (a stack obsctl did not render): a notification of its own.
    BOOST_REQUIRE(caught.notifications.size() == 1u);
    BOOST_TEST(caught.notifications[0].integration == "webhook");
    BOOST_TEST(got[0].integration == "webhook[0]");
    BOOST_TEST(got[0].receiver == "oncall");
    BOOST_TEST(got[0].status == "firing");
    BOOST_TEST(got[0].labels.at("alertname") == "HighErrorRate");
    BOOST_TEST((*receiver)->take().deliveries.empty());  // taken once
}

BOOST_AUTO_TEST_CASE(webhook_receiver_takes_several_posts_on_one_keep_alive_connection) {
    const auto port = util::free_loopback_port();
    auto receiver = capture::Listener::start({"127.0.0.1:" + std::to_string(port), {}, {}});
    BOOST_REQUIRE(receiver.has_value());
    const auto answers =
        raw_exchange(port, post("/a", k_payload, false) + post("/b", k_payload, true));
    std::size_t oks = 0;
    for (auto at = answers.find("HTTP/1.1 200"); at != std::string::npos;
         at = answers.find("HTTP/1.1 200", at + 1))
        ++oks;
    BOOST_TEST(oks == 2u, answers);
    BOOST_TEST((*receiver)->take().deliveries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(webhook_receiver_ignores_junk_and_keeps_receiving) {
    const auto port = util::free_loopback_port();
    auto receiver = capture::Listener::start({"127.0.0.1:" + std::to_string(port), {}, {}});
    BOOST_REQUIRE(receiver.has_value());
    raw_exchange(port, "GARBAGE\r\n\r\n", 2s);
    raw_exchange(port, post("/hooks/x", "{\"alerts\": 7}"), 2s);
    raw_exchange(port, post("/hooks/x", "not json"), 2s);
    BOOST_TEST((*receiver)->take().deliveries.empty());
    BOOST_TEST(status_of(raw_exchange(port, post("/hooks/oncall", k_payload))) == 200);
    BOOST_TEST((*receiver)->take().deliveries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_slack_message_is_captured_and_takes_the_alerts_of_the_webhook_beside_it) {
    const auto port = util::free_loopback_port();
    auto receiver = capture::Listener::start(
        {"127.0.0.1:" + std::to_string(port), {}, std::set<std::string>{"oncall"}});
    BOOST_REQUIRE(receiver.has_value());
    const std::string slack =
        R"({"channel":"#oncall","attachments":[{"title":"[FIRING:1] HighErrorRate",)"
        R"("text":"12.5% of requests failed","color":"danger"}]})";
    BOOST_TEST(status_of(raw_exchange(port, post("/capture/oncall/slack/0", slack))) == 200);
    BOOST_TEST(status_of(raw_exchange(port, post("/hooks/oncall", k_payload))) == 200);
    std::this_thread::sleep_for(600ms);  // what else came with the flush has come
    const auto caught = (*receiver)->take();
    BOOST_REQUIRE(caught.notifications.size() == 1u);
    const auto& n = caught.notifications[0];
    BOOST_TEST(n.integration == "slack");
    BOOST_TEST(*n.field("title") == "[FIRING:1] HighErrorRate");
    BOOST_TEST(n.attribution == "webhook");
    // What counts as delivered is the Slack message, not obsctl's webhook.
    BOOST_REQUIRE(caught.deliveries.size() == 1u);
    BOOST_TEST(caught.deliveries[0].integration == "slack[0]");
    BOOST_TEST(caught.deliveries[0].labels.at("alertname") == "HighErrorRate");
}

BOOST_AUTO_TEST_CASE(webhook_receiver_on_a_busy_address_is_a_usage_error) {
    const auto port = util::free_loopback_port();
    auto first = capture::Listener::start({"127.0.0.1:" + std::to_string(port), {}, {}});
    BOOST_REQUIRE(first.has_value());
    auto second = capture::Listener::start({"127.0.0.1:" + std::to_string(port), {}, {}});
    BOOST_REQUIRE(!second.has_value());
    BOOST_TEST(static_cast<int>(second.error().code) == 2);
    BOOST_TEST(second.error().message().find(std::to_string(port)) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_exporter_serves_exact_counts_and_cumulative_buckets) {
    auto exporter = report::MetricsExporter::start("127.0.0.1:0");
    BOOST_REQUIRE(exporter.has_value());
    auto& e = **exporter;
    e.begin("s", {"warmup", "burst"}, {"err"});
    std::vector<std::vector<load::RequestStats>> stats(2, std::vector<load::RequestStats>(1));
    auto& r = stats[1][0];
    r.status_class[2] = 7;
    r.status_class[5] = 3;
    r.errors[static_cast<std::size_t>(load::ErrorKind::timeout)] = 2;
    r.dropped = 4;
    for (auto latency : {3ms, 20ms, 2000ms})
        r.latency.record(latency);
    e.update(stats, 1);
    const std::string labels = R"(phase="burst",request="err",scenario="s")";
    auto metrics = body_of(http_get(e.port(), "/metrics"));
    BOOST_TEST(series(metrics, "obsctl_requests_total{" + labels + R"(,status="2xx"})") == 7);
    BOOST_TEST(series(metrics, "obsctl_requests_total{" + labels + R"(,status="5xx"})") == 3);
    BOOST_TEST(series(metrics, "obsctl_requests_total{" + labels + R"(,status="error_timeout"})") ==
               2);
    BOOST_TEST(series(metrics, "obsctl_dropped_requests_total{" + labels + "}") == 4);
    BOOST_TEST(series(metrics, "obsctl_request_duration_seconds_count{" + labels + "}") == 3);
    BOOST_TEST(series(metrics,
                      "obsctl_request_duration_seconds_bucket{" + labels + R"(,le="0.005"})") == 1);
    BOOST_TEST(series(metrics,
                      "obsctl_request_duration_seconds_bucket{" + labels + R"(,le="0.025"})") == 2);
    BOOST_TEST(series(metrics,
                      "obsctl_request_duration_seconds_bucket{" + labels + R"(,le="+Inf"})") == 3);
    BOOST_TEST(series(metrics, R"(obsctl_phase{phase="burst",scenario="s"})") == 1);
    BOOST_TEST(series(metrics, R"(obsctl_phase{phase="warmup",scenario="s"})") == 0);

    // The next snapshot is cumulative: only what is new is added, nothing twice.
    r.status_class[2] = 10;
    r.latency.record(1ms);
    e.update(stats, 1);
    metrics = body_of(http_get(e.port(), "/metrics"));
    BOOST_TEST(series(metrics, "obsctl_requests_total{" + labels + R"(,status="2xx"})") == 10);
    BOOST_TEST(series(metrics, "obsctl_request_duration_seconds_count{" + labels + "}") == 4);
    BOOST_TEST(series(metrics,
                      "obsctl_request_duration_seconds_bucket{" + labels + R"(,le="0.005"})") == 2);
}
