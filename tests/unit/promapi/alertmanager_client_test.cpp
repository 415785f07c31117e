#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "promapi/alertmanager_client.hpp"
#include "support/test_support.hpp"

using namespace promapi;
using test_support::captured;

namespace {}  // namespace

BOOST_AUTO_TEST_CASE(reads_active_alerts_with_their_receivers) {
    auto alerts = parse_alertmanager_alerts({200, captured("am_alerts.json")}, "u");
    BOOST_REQUIRE(alerts.has_value());
    BOOST_REQUIRE(alerts->size() == 1u);
    const auto& a = alerts->front();
    BOOST_TEST(a.name() == "ApplicationDown");
    BOOST_TEST(a.state == "active");
    BOOST_TEST(a.receivers == std::vector<std::string>{"oncall"});
    BOOST_TEST(a.inhibited_by.empty());
    BOOST_TEST(a.labels.at("stack") == "obsctl-demo");  // external label added by Prometheus
}

BOOST_AUTO_TEST_CASE(reports_an_api_error_with_status_and_message) {
    const auto e = test_support::captured_error("am_error.txt");
    auto alerts =
        parse_alertmanager_alerts({e.status, e.body}, "http://127.0.0.1:9093/api/v2/alerts");
    BOOST_REQUIRE(!alerts.has_value());
    BOOST_TEST(alerts.error().what.find("HTTP 400") != std::string::npos);
    BOOST_TEST(alerts.error().what.find("bad matcher") != std::string::npos);
    BOOST_TEST(alerts.error().where == "http://127.0.0.1:9093/api/v2/alerts");
}

BOOST_AUTO_TEST_CASE(reads_the_route_timing_of_the_loaded_configuration) {
    // Captured from the stack at time scale 0.1: group_wait 10s -> 1s, group_interval 1m -> 6s.
    auto timing = parse_route_timing({200, captured("am_status.json")}, "u");
    BOOST_REQUIRE(timing.has_value());
    BOOST_TEST(timing->group_wait.count() == 1000);
    BOOST_TEST(timing->group_interval.count() == 6000);
}

BOOST_AUTO_TEST_CASE(route_timing_takes_the_longest_of_any_route_and_alertmanagers_defaults) {
    auto status = [](const std::string& yaml) {
        return HttpResponse{200, nlohmann::json{{"config", {{"original", yaml}}}}.dump()};
    };
    // The root sets nothing: Alertmanager's defaults (30s, 5m); a child may wait longer.
    auto timing = parse_route_timing(
        status("route:\n  receiver: a\n  routes:\n    - {receiver: b, group_wait: 2m}\n"), "u");
    BOOST_REQUIRE(timing.has_value());
    BOOST_TEST(timing->group_wait.count() == 120'000);
    BOOST_TEST(timing->group_interval.count() == 300'000);
    // A root's own values replace the defaults, even when shorter.
    timing = parse_route_timing(status("route: {receiver: a, group_interval: 2s}\n"), "u");
    BOOST_REQUIRE(timing.has_value());
    BOOST_TEST(timing->group_interval.count() == 2000);
    BOOST_TEST(!parse_route_timing(status("route: {group_wait: soon}\n"), "u").has_value());
}

BOOST_AUTO_TEST_CASE(knows_which_receivers_send_resolved_notifications_by_alertmanagers_defaults) {
    const std::string yaml = R"(route: {receiver: mails}
receivers:
  - name: mails
    email_configs: [{to: a@example.com}]
  - name: slack-loud
    slack_configs: [{channel: '#a', send_resolved: true}]
  - name: slack-quiet
    slack_configs: [{channel: '#a'}]
    email_configs: [{to: a@example.com, send_resolved: false}]
  - name: pager
    pagerduty_configs: [{routing_key: x}]
  - name: rocket
    rocketchat_configs: [{channel: '#a'}]
  - name: blackhole
)";
    const auto timing = parse_route_timing(
        HttpResponse{200, nlohmann::json{{"config", {{"original", yaml}}}}.dump()}, "u");
    BOOST_REQUIRE(timing.has_value());
    const auto& r = timing->receivers;
    BOOST_REQUIRE(r.size() == 6u);
    BOOST_TEST(!r.at("mails").sent);
    BOOST_TEST(r.at("mails").why_not == "email_configs send_resolved defaults to false");
    BOOST_TEST(r.at("slack-loud").sent);
    BOOST_TEST(!r.at("slack-quiet").sent);
    BOOST_TEST(r.at("slack-quiet").why_not ==
               "slack_configs send_resolved defaults to false, email_configs send_resolved: false");
    BOOST_TEST(r.at("pager").sent);    // PagerDuty resolves incidents by default
    BOOST_TEST(!r.at("rocket").sent);  // Rocket.Chat does not (Alertmanager 0.28 and later)
    BOOST_TEST(!r.at("blackhole").sent);
    BOOST_TEST(r.at("blackhole").why_not == "it has no integration");
}
