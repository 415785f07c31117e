#include <boost/test/unit_test.hpp>

#include "util/duration.hpp"

#include "support/test_support.hpp"
#include "verify/alert_timeline.hpp"

using namespace verify;
using namespace std::chrono_literals;
using promapi::AlertmanagerAlert;
using promapi::PrometheusAlert;

namespace {

PrometheusAlert timeline_alert(const std::string& name, const std::string& state,
                               promapi::Labels extra = {}) {
    extra["alertname"] = name;
    return {extra, {}, state, ""};
}

AlertmanagerAlert am(const std::string& name, std::vector<std::string> receivers) {
    AlertmanagerAlert a;
    a.labels = {{"alertname", name}};
    a.state = "active";
    a.receivers = std::move(receivers);
    return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(follows_an_alert_from_pending_to_resolved) {
    AlertTimeline t({"HighErrorRate", {}});
    t.observe_prometheus({}, 1000ms);
    t.observe_prometheus({timeline_alert("HighErrorRate", "pending")}, 11800ms);
    t.observe_prometheus({timeline_alert("HighErrorRate", "firing")}, 41900ms);
    t.observe_alertmanager({am("HighErrorRate", {"oncall"})}, 42000ms);
    BOOST_TEST(!t.resolved().has_value());
    t.observe_prometheus({}, 97000ms);  // gone from Prometheus, still in Alertmanager
    BOOST_TEST(!t.resolved().has_value());
    t.observe_alertmanager({}, 97300ms);
    BOOST_TEST(t.pending()->count() == 11800);
    BOOST_TEST(t.firing()->count() == 41900);
    BOOST_TEST(t.in_alertmanager()->count() == 42000);
    BOOST_TEST(t.resolved()->count() == 97300);
    BOOST_TEST((t.receivers() == std::set<std::string>{"oncall"}));
}

BOOST_AUTO_TEST_CASE(reads_the_captured_real_responses) {
    auto firing =
        promapi::parse_alerts_response({200, test_support::captured("alerts_firing.json")}, "u");
    auto active =
        promapi::parse_alertmanager_alerts({200, test_support::captured("am_alerts.json")}, "u");
    BOOST_REQUIRE(firing.has_value());
    BOOST_REQUIRE(active.has_value());
    AlertTimeline t({"ApplicationDown", {{"severity", "critical"}}});
    t.observe_prometheus(*firing, 7400ms);
    t.observe_alertmanager(*active, 7500ms);
    BOOST_TEST(t.firing()->count() == 7400);
    BOOST_TEST(t.in_alertmanager()->count() == 7500);
    BOOST_TEST((t.receivers() == std::set<std::string>{"oncall"}));
}

BOOST_AUTO_TEST_CASE(ignores_alerts_whose_labels_do_not_match) {
    AlertTimeline t({"HighLatency", {{"severity", "critical"}}});
    t.observe_prometheus({timeline_alert("HighLatency", "firing", {{"severity", "warning"}}),
                          timeline_alert("HighErrorRate", "firing")},
                         5s);
    BOOST_TEST(!t.pending().has_value());
    BOOST_TEST(!t.firing().has_value());
}

BOOST_AUTO_TEST_CASE(a_refire_withdraws_the_resolution) {
    AlertTimeline t({"A", {}});
    t.observe_prometheus({timeline_alert("A", "firing")}, 1s);
    t.observe_prometheus({}, 2s);
    t.observe_alertmanager({}, 2s);
    BOOST_TEST(t.resolved().has_value());
    t.observe_prometheus({timeline_alert("A", "firing")}, 3s);
    BOOST_TEST(!t.resolved().has_value());
}

BOOST_AUTO_TEST_CASE(pending_again_after_a_resolve_is_not_a_refire) {
    // Prometheus sends only firing alerts to Alertmanager: a new pending cycle that never
    // reaches `for` brings no notification and leaves the alert resolved, with its resolved
    // notification.
    AlertTimeline t({"A", {}});
    t.observe_prometheus({timeline_alert("A", "firing")}, 1s);
    promapi::Delivery d{"oncall", "firing", {{"alertname", "A"}}, {}, {}, {}};
    t.observe_delivery(d, 1500ms);
    t.observe_prometheus({}, 2s);
    t.observe_alertmanager({}, 2s);
    d.status = "resolved";
    t.observe_delivery(d, 2500ms);
    t.observe_prometheus({timeline_alert("A", "pending")}, 3s);
    t.observe_alertmanager({}, 3s);
    BOOST_REQUIRE(t.resolved().has_value());
    BOOST_TEST(t.resolved()->count() == 2000);
    BOOST_TEST(t.resolved_delivered()->count() == 2500);
    t.observe_prometheus({timeline_alert("A", "pending"), timeline_alert("A", "firing")}, 4s);
    BOOST_TEST(!t.resolved().has_value());  // this one fired again
}

BOOST_AUTO_TEST_CASE(quiet_fails_new_alerts_but_only_reports_those_firing_before_traffic) {
    QuietWatch quiet({{"HighErrorRate", {}}}, {"Watchdog"});
    quiet.baseline(
        {timeline_alert("DiskSpaceLow", "firing"), timeline_alert("HighLatency", "pending")});
    quiet.observe(
        {timeline_alert("DiskSpaceLow", "firing"), timeline_alert("Watchdog", "firing"),
         timeline_alert("HighErrorRate", "firing"), timeline_alert("HighLatency", "pending")},
        10s);
    BOOST_TEST(quiet.unexpected().empty());
    quiet.observe({timeline_alert("HighLatency", "firing")}, 20s);
    quiet.observe({timeline_alert("HighLatency", "firing")}, 21s);  // reported once
    BOOST_REQUIRE(quiet.unexpected().size() == 1u);
    BOOST_TEST(quiet.unexpected()[0].name == "HighLatency");
    BOOST_TEST(quiet.unexpected()[0].first_seen.count() == 20000);
    BOOST_TEST(quiet.already_firing() == std::vector<std::string>{"DiskSpaceLow"});
}

BOOST_AUTO_TEST_CASE(reads_alertmanager_webhook_payloads_and_tracks_delivery) {
    // Alertmanager 0.25's webhook payload (version 4), as received by the embedded receiver.
    const std::string payload = R"({"receiver":"oncall","status":"firing","alerts":[
        {"status":"firing","labels":{"alertname":"HighErrorRate","severity":"critical"},"annotations":{}},
        {"status":"resolved","labels":{"alertname":"Other"},"annotations":{}}],
        "groupLabels":{},"commonLabels":{},"version":"4","groupKey":"{}"})";
    const auto now = std::chrono::steady_clock::now();
    auto deliveries = promapi::parse_webhook(payload, "/hooks/oncall", now);
    BOOST_REQUIRE(deliveries.size() == 2u);
    BOOST_TEST(deliveries[0].receiver == "oncall");
    BOOST_TEST(deliveries[1].status == "resolved");
    BOOST_TEST(promapi::parse_webhook("not json", "/hooks/x", now).empty());
    // A resolved alert's endsAt, 2 s ago, on the steady clock of its arrival.
    const std::string ended = R"({"receiver":"oncall","status":"resolved","alerts":[
        {"status":"resolved","labels":{"alertname":"HighErrorRate"},"endsAt":")" +
                              util::rfc3339(std::chrono::system_clock::now() - 2s) + R"("}]})";
    const auto resolved_now = promapi::parse_webhook(ended, "/hooks/oncall", now);
    BOOST_REQUIRE(resolved_now.size() == 1u);
    BOOST_REQUIRE(resolved_now[0].ended.has_value());
    const auto ago = std::chrono::duration_cast<Millis>(now - *resolved_now[0].ended).count();
    BOOST_TEST((ago >= 1900 && ago <= 2500), ago);
    BOOST_TEST(!deliveries[1].ended.has_value());  // no endsAt in that payload

    AlertTimeline t({"HighErrorRate", {}});
    t.observe_delivery(deliveries[1], 1s);  // another alert: ignored
    BOOST_TEST(!t.delivered().has_value());
    t.observe_delivery(deliveries[0], 16s);
    BOOST_TEST(t.delivered()->count() == 16000);
    BOOST_TEST((t.delivered_to() == std::set<std::string>{"oncall"}));
    auto resolved = deliveries[0];
    resolved.status = "resolved";
    t.observe_delivery(resolved, 60s);
    BOOST_TEST(t.resolved_delivered()->count() == 60000);

    // A receiver with no integration: obsctl's webhook beside it shows the route, and nobody
    // was notified.
    AlertTimeline routed({"HighErrorRate", {}});
    routed.observe_delivery(deliveries[0], 16s, std::nullopt, false);
    BOOST_TEST(!routed.delivered().has_value());
    BOOST_TEST(!routed.delivered_between(Millis{0}, Millis::max()).has_value());
    BOOST_TEST((routed.delivered_to() == std::set<std::string>{"oncall"}));
    routed.observe_delivery(resolved, 60s, std::nullopt, false);
    BOOST_TEST(!routed.resolved_delivered().has_value());
}
