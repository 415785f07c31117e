// Responses captured from Debian's victoria-metrics 1.79 and vmalert (data/promapi/
// victoriametrics/, saved by tests/e2e/stacks/victoriametrics_test.sh's setup by hand), and
// responses of shapes no server should send: an Error naming the URL and field, never a throw.
#include <boost/test/unit_test.hpp>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "support/test_support.hpp"

using namespace promapi;
using test_support::captured;

BOOST_AUTO_TEST_CASE(vmalerts_null_alerts_list_is_no_alerts) {
    auto alerts =
        parse_alerts_response({200, captured("victoriametrics/vmalert_alerts_none.json")}, "u");
    BOOST_REQUIRE(alerts.has_value());
    BOOST_TEST(alerts->empty());
}

BOOST_AUTO_TEST_CASE(vmalerts_alerts_carry_their_state_and_an_alertgroup_label) {
    auto alerts =
        parse_alerts_response({200, captured("victoriametrics/vmalert_alerts_active.json")}, "u");
    BOOST_REQUIRE(alerts.has_value());
    const auto it = std::find_if(alerts->begin(), alerts->end(),
                                 [](const auto& a) { return a.name() == "HighErrorRate"; });
    BOOST_REQUIRE(it != alerts->end());
    BOOST_TEST(it->state == "pending");
    BOOST_TEST(it->labels.at("alertgroup") == "demoapp");
    BOOST_TEST(it->labels.at("severity") == "critical");
}

BOOST_AUTO_TEST_CASE(vmalerts_rules_give_for_and_the_group_interval) {
    auto rules = parse_rules_response({200, captured("victoriametrics/vmalert_rules.json")}, "u");
    BOOST_REQUIRE(rules.has_value());
    const auto it = std::find_if(rules->begin(), rules->end(),
                                 [](const auto& r) { return r.name == "HighErrorRate"; });
    BOOST_REQUIRE(it != rules->end());
    BOOST_TEST(it->for_duration.count() == 12'000);  // `for: 2m` at time scale 0.1
    BOOST_TEST(it->group_interval.count() == 1'000);
    BOOST_TEST(it->health == "ok");
}

BOOST_AUTO_TEST_CASE(victoriametrics_targets_give_the_interval_from_discovered_labels) {
    auto targets = parse_targets_response({200, captured("victoriametrics/vm_targets.json")}, "u");
    BOOST_REQUIRE(targets.has_value());
    BOOST_REQUIRE(targets->size() == 1u);
    BOOST_TEST(targets->front().job == "demoapp");
    BOOST_TEST(targets->front().health == "up");
    BOOST_TEST(targets->front().scrape_interval.count() == 1'000);  // not "every 0ms"
}

BOOST_AUTO_TEST_CASE(vmalerts_keep_firing_for_is_read_too) {
    const std::string body = R"({"status":"success","data":{"groups":[{"name":"g","interval":1,
      "rules":[{"type":"alerting","name":"A","query":"x","duration":3,"keep_firing_for":7,
      "health":"ok","labels":null}]}]}})";
    auto rules = parse_rules_response({200, body}, "u");
    BOOST_REQUIRE(rules.has_value());
    BOOST_TEST(rules->front().keep_firing_for.count() == 7'000);
}

BOOST_AUTO_TEST_CASE(a_response_of_an_unknown_shape_is_an_error_naming_url_and_field) {
    struct Case {
        std::string body, field;
    };
    for (const auto& c :
         std::vector<Case>{{R"({"status":"success","data":{"alerts":{"a":1}}})", "data.alerts"},
                           {R"({"status":"success","data":{"alerts":[{"state":["firing"]}]}})",
                            "data.alerts[].state"},
                           {R"({"status":"success","data":{"alerts":[7]}})", "data.alerts[]"},
                           {R"({"status":"success","data":[]})", "data"},
                           {R"([1,2])", "expected a JSON object"}}) {
        auto alerts = parse_alerts_response({200, c.body}, "http://ruler/api/v1/alerts");
        BOOST_REQUIRE(!alerts.has_value());
        const auto message = alerts.error().message();
        BOOST_TEST(message.find("http://ruler/api/v1/alerts: unexpected response") == 0u, message);
        BOOST_TEST(message.find(c.field) != std::string::npos, message << " lacks " << c.field);
        BOOST_TEST((alerts.error().code == util::ExitCode::stack_unavailable));
    }
    auto rules = parse_rules_response(
        {200,
         R"({"status":"success","data":{"groups":[{"rules":[{"type":"alerting","name":{"x":1}}]}]}})"},
        "r");
    BOOST_REQUIRE(!rules.has_value());
    BOOST_TEST(rules.error().message().find("data.groups[].rules[].name") != std::string::npos,
               rules.error().message());
    auto am = parse_alertmanager_alerts({200, R"([{"status":"active"}])"}, "am");
    BOOST_REQUIRE(!am.has_value());
    BOOST_TEST(am.error().message().find("[].status") != std::string::npos, am.error().message());
}
