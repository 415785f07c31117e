// The preflight against a fake stack answering in the APIs' own shapes (fake_stack.hpp).
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "fake_stack.hpp"
#include "verify/preflight.hpp"
#include "verify/preflight_checks.hpp"

using namespace std::chrono_literals;

namespace {

scenario::Scenario errors_scenario() {
    scenario::Scenario s;
    s.name = "errors";
    scenario::FireExpectation e;
    e.alert = "HighErrorRate";
    e.labels = {{"severity", "critical"}};
    e.receiver = "oncall";
    s.expect.fire.push_back(e);
    return s;
}

/// The preflight of `s` against `http` (Prometheus, ruler and Alertmanager alike).
verify::PreflightResult preflight_on(fake_stack::Http& http, const scenario::Scenario& s,
                                     double time_scale = 1.0, verify::Millis slack = 5s) {
    promapi::PrometheusClient prometheus(http, "http://prom");
    promapi::AlertmanagerClient alertmanager(http, "http://am");
    return verify::preflight(
        prometheus, prometheus, alertmanager, s, "http://localhost:5002", 0ms,
        [](const verify::Check&) {}, nullptr, {"demoapp"}, time_scale, slack);
}

/// Alertmanager answering /api/v2/status with `yaml` as its loaded configuration.
void alertmanager_config(fake_stack::Http& http, const std::string& yaml) {
    http.answer("/api/v2/status", nlohmann::json{{"config", {{"original", yaml}}}}.dump());
}

bool asked(const fake_stack::Http& http, const std::string& fragment) {
    for (const auto& url : http.requested) {
        if (url.find(fragment) != std::string::npos)
            return true;
    }
    return false;
}

const verify::Check* find(const verify::PreflightResult& r, const std::string& name) {
    for (const auto& c : r.checks) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}
// A check of a temporary result would dangle: keep the result in a variable.
const verify::Check* find(verify::PreflightResult&& r, const std::string& name) = delete;

}  // namespace

BOOST_AUTO_TEST_CASE(reads_prometheus_external_labels_and_names_them) {
    auto http = fake_stack::shipped_stack();
    const auto result = preflight_on(http, errors_scenario());
    BOOST_TEST(result.passed());
    BOOST_TEST((result.labelling.external == promapi::Labels{{"stack", "obsctl-demo"}}));
    BOOST_TEST(find(result, "alert relabelling") == nullptr);  // it has none: no line
    const auto* c = find(result, "external labels");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->passed());
    BOOST_TEST(!c->warning);
    BOOST_TEST(c->detail == "stack=\"obsctl-demo\"");
}

BOOST_AUTO_TEST_CASE(external_labels_that_cannot_be_read_are_a_warning_not_a_failure) {
    // VictoriaMetrics and Mimir have no /api/v1/status/config.
    auto http = fake_stack::shipped_stack();
    http.answer("/api/v1/status/config", "unsupported path requested", 404);
    const auto result = preflight_on(http, errors_scenario());
    BOOST_TEST(result.passed());
    BOOST_TEST(result.labelling.external.empty());
    const auto* c = find(result, "external labels");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->warning);
    BOOST_TEST(c->detail.starts_with("not read: "), c->detail);
    BOOST_TEST(c->detail.find("HTTP 404") != std::string::npos, c->detail);
}

BOOST_AUTO_TEST_CASE(names_the_route_an_expected_alert_takes) {
    auto http = fake_stack::shipped_stack();
    const auto result = preflight_on(http, errors_scenario());
    BOOST_TEST(result.passed());
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->passed());
    BOOST_TEST(!c->warning);
    BOOST_TEST(c->detail == "-> oncall (route 1: severity=\"critical\")");
}

BOOST_AUTO_TEST_CASE(a_misspelt_receiver_fails_as_the_scenarios_mistake_before_the_settle_wait) {
    auto http = fake_stack::shipped_stack();
    auto s = errors_scenario();
    s.expect.fire[0].receiver = "oncal";
    const auto result = preflight_on(http, s);
    BOOST_TEST(!result.passed());
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->failed());
    BOOST_TEST(c->scenario_error);
    BOOST_TEST(c->detail ==
               "no receiver named oncal in Alertmanager's configuration; did you mean "
               "oncall? (receivers: default, oncall, team)");
    // Said at once: the wait for active alerts to clear never began.
    BOOST_TEST(!asked(http, "/api/v1/alerts"));
    BOOST_TEST(find(result, "expected alerts inactive") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_receiver_no_route_reaches_with_the_known_labels_fails) {
    auto http = fake_stack::shipped_stack();
    auto s = errors_scenario();
    s.expect.fire[0].receiver = "team";
    const auto result = preflight_on(http, s);
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->failed());
    BOOST_TEST(c->scenario_error);
    BOOST_TEST(c->detail ==
               "-> oncall (route 1: severity=\"critical\"), not team, with "
               "alertname=\"HighErrorRate\", severity=\"critical\", stack=\"obsctl-demo\": no "
               "route reaches team (team is route 2: severity=\"warning\")");
}

BOOST_AUTO_TEST_CASE(the_route_check_routes_the_labels_after_alert_relabelling) {
    // Prometheus's alert_relabel_configs turn severity critical into warning: Alertmanager
    // routes HighErrorRate to team, and the preflight says so before any traffic.
    auto status = [](const std::string& relabel) {
        return nlohmann::json{{"status", "success"},
                              {"data",
                               {{"yaml",
                                 "global:\n  external_labels:\n    stack: obsctl-demo\n"
                                 "alerting:\n  alert_relabel_configs:\n" +
                                     relabel}}}}
            .dump();
    };
    auto http = fake_stack::shipped_stack();
    http.answer("/api/v1/status/config",
                status("  - {source_labels: [severity], regex: critical, target_label: severity,"
                       " replacement: warning}\n"));
    auto s = errors_scenario();
    s.expect.fire[0].receiver = "team";
    s.expect.fire[0].labels = {{"severity", "warning"}};
    const auto result = preflight_on(http, s);
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->passed(), c->detail);
    BOOST_TEST(c->detail == "-> team (route 2: severity=\"warning\")");
    const auto* line = find(result, "alert relabelling");
    BOOST_REQUIRE(line != nullptr);
    BOOST_TEST(line->detail == "1 alert_relabel_configs, applied to the labels Alertmanager gets");

    // A step that reads a label only the expression gives: not known before it fires, so a
    // miss is a warning, never exit 2.
    auto http2 = fake_stack::shipped_stack();
    http2.answer("/api/v1/status/config",
                 status("  - {source_labels: [namespace], regex: prod, target_label: severity,"
                        " replacement: warning}\n"));
    const auto result2 = preflight_on(http2, s);
    c = find(result2, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->warning, c->detail);
    BOOST_TEST(!c->scenario_error);
    BOOST_TEST(c->detail.find("alert_relabel_configs read namespace") != std::string::npos,
               c->detail);
}

BOOST_AUTO_TEST_CASE(a_route_that_depends_on_the_expressions_labels_is_a_warning) {
    // Routed by job, which only the expression's output gives: obsctl cannot know before.
    auto http = fake_stack::shipped_stack();
    alertmanager_config(http, R"(route:
  receiver: default
  routes:
    - {matchers: ['job="api"'], receiver: api-team}
receivers: [{name: default}, {name: api-team}]
)");
    auto s = errors_scenario();
    s.expect.fire[0].receiver = "api-team";
    auto result = preflight_on(http, s);
    BOOST_TEST(result.passed());
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->warning);
    BOOST_TEST(c->detail.starts_with("-> default (default route), not api-team, with "), c->detail);
    BOOST_TEST(c->detail.ends_with("; decided without job, which the alert's expression gives "
                                   "(unknown before it fires)"),
               c->detail);
    // A receiver no route names fails whatever the unknown labels.
    alertmanager_config(http, R"(route:
  receiver: default
  routes:
    - {matchers: ['job="api"'], receiver: api-team}
receivers: [{name: default}, {name: api-team}, {name: unused}]
)");
    s.expect.fire[0].receiver = "unused";
    result = preflight_on(http, s);
    c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->failed());
    BOOST_TEST(c->scenario_error);
    BOOST_TEST(c->detail.ends_with(": no route sends to unused"), c->detail);
    s.expect.fire[0].receiver = "api-team";
    // Expected by the scenario, the label is known: the route is certain.
    s.expect.fire[0].labels["job"] = "api";
    result = preflight_on(http, s);
    c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(!c->warning);
    BOOST_TEST(c->detail == "-> api-team (route 1: job=\"api\")");
}

BOOST_AUTO_TEST_CASE(routes_on_prometheus_external_labels) {
    auto http = fake_stack::shipped_stack();
    alertmanager_config(http, R"(route:
  receiver: default
  routes:
    - {matchers: ['stack="obsctl-demo"', 'severity=~"crit.*"'], receiver: demo}
receivers: [{name: default}, {name: demo}]
)");
    auto s = errors_scenario();
    s.expect.fire[0].receiver = "demo";
    const auto result = preflight_on(http, s);
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->passed());
    BOOST_TEST(!c->warning);
}

BOOST_AUTO_TEST_CASE(an_unreadable_alertmanager_configuration_leaves_the_route_unchecked) {
    auto http = fake_stack::shipped_stack();
    http.answer("/api/v2/status", R"({"config": {}})");
    const auto result = preflight_on(http, errors_scenario());
    BOOST_TEST(result.passed());
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->warning);
    BOOST_TEST(c->detail.starts_with("not checked: "), c->detail);
}

BOOST_AUTO_TEST_CASE(a_within_the_rule_cannot_meet_fails_with_the_numbers) {
    // Loaded at time scale 0.1: for 12s, evaluated every 1s.
    auto http = fake_stack::shipped_stack();
    auto s = errors_scenario();
    s.expect.fire[0].within = 1min;
    auto result = preflight_on(http, s, 0.1);
    const auto* c = find(result, "deadline HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->failed());
    BOOST_TEST(c->scenario_error);
    BOOST_TEST(c->detail ==
               "within 1m x 0.100 = 6.0s + 5.0s slack is shorter than the rule's for 12.0s: "
               "HighErrorRate cannot fire in time");
    BOOST_TEST(!asked(http, "/api/v1/alerts"));

    // 12.5s with --slack 0s: for, but not surely the evaluation after it: a warning.
    s.expect.fire[0].within = 125s;
    result = preflight_on(http, s, 0.1, 0s);
    c = find(result, "deadline HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->passed());
    BOOST_TEST(c->warning);
    BOOST_TEST(c->detail ==
               "within 2m5s x 0.100 = 12.5s + 0ms slack is less than the 13.0s (for 12.0s + one "
               "1.0s evaluation) HighErrorRate may need at worst: it fires in time only when an "
               "evaluation comes soon enough");
    // The default 5 s of slack covers the evaluation.
    result = preflight_on(http, s, 0.1);
    c = find(result, "deadline HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST((c->passed() && !c->warning));
}

BOOST_AUTO_TEST_CASE(rules_sharing_a_name_are_told_apart_by_their_labels) {
    // One rule per severity, as community rules often have: the critical one is quick.
    auto http = fake_stack::shipped_stack();
    http.answer("/api/v1/rules?type=alert", R"({"status":"success","data":{"groups":[{
        "name":"g","file":"f.yml","interval":1,"rules":[
        {"type":"alerting","name":"HighErrorRate","query":"x > 1","duration":600,
         "labels":{"severity":"warning"},"annotations":{},"alerts":[],"health":"ok","state":"inactive"},
        {"type":"alerting","name":"HighErrorRate","query":"x > 2","duration":6,
         "labels":{"severity":"critical"},"annotations":{},"alerts":[],"health":"ok","state":"inactive"}
        ]}]}})");
    auto s = errors_scenario();  // expects severity critical, receiver oncall
    s.expect.fire[0].within = 60s;
    auto result = preflight_on(http, s);
    BOOST_TEST(result.passed());
    BOOST_TEST(result.rules.at("HighErrorRate").for_duration.count() == 6000);
    // Without labels to tell them apart, a failure on the first is only a doubt.
    s.expect.fire[0].labels.clear();
    result = preflight_on(http, s);
    const auto* c = find(result, "deadline HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST((c->passed() && c->warning), c->detail);
}

BOOST_AUTO_TEST_CASE(a_rule_that_is_not_loaded_names_the_loaded_ones_and_stays_the_stacks) {
    auto http = fake_stack::shipped_stack();
    auto s = errors_scenario();
    s.expect.fire[0].alert = "HighErorRate";
    const auto result = preflight_on(http, s);
    const auto* c = find(result, "rule HighErorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->failed());
    BOOST_TEST(!c->scenario_error);  // it may be the stack that failed to load it
    BOOST_TEST(c->detail ==
               "no alerting rule named HighErorRate is loaded in http://prom; did you mean "
               "HighErrorRate?; loaded: HighErrorRate, HighLatency, LowOrderSuccessRate, "
               "ApplicationDown, HighRequestRate, LowActiveUsers, HighCPUUsage, HighMemoryUsage, "
               "DiskSpaceLow");
}

BOOST_AUTO_TEST_CASE(a_job_the_scenario_names_that_is_not_scraped_fails) {
    auto http = fake_stack::shipped_stack();
    auto s = errors_scenario();
    s.expect.job = "demoap";
    const auto result = preflight_on(http, s);
    BOOST_TEST(!result.passed());
    const auto* c = find(result, "app scrape target");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->failed());
    BOOST_TEST(!c->warning);
    BOOST_TEST(!c->scenario_error);
    BOOST_TEST(c->detail ==
               "no active target of job demoap (expect.job); did you mean demoapp?; "
               "scraped jobs: alertmanager, demoapp, obsctl, prometheus");
}

BOOST_AUTO_TEST_CASE(known_labels_take_the_rules_over_the_expected_over_the_external) {
    promapi::AlertRule rule;
    rule.name = "Down";
    rule.labels = {{"severity", "page"}, {"team", "{{ $labels.owner }}"}, {"cluster", "{{ x }}"}};
    scenario::FireExpectation e;
    e.alert = "Down";
    e.labels = {{"severity", "info"}, {"team", "db"}, {"env", "prod"}};
    const auto labels =
        verify::labels_before_firing(e, rule,
                                     promapi::AlertLabelling(promapi::Labels{
                                         {"cluster", "eu1"}, {"env", "stage"}, {"dc", "a"}}));
    // severity: the rule's; team: templated, known as expected; cluster: templated, unknown (the
    // rule sets it, so the external label is not added); env: expected; dc: external.
    BOOST_TEST((labels == promapi::Labels{{"alertname", "Down"},
                                          {"severity", "page"},
                                          {"team", "db"},
                                          {"env", "prod"},
                                          {"dc", "a"}}));
}

BOOST_AUTO_TEST_CASE(the_labels_alertmanager_gets_are_after_alert_relabelling) {
    // notifier.go: the external labels, then alert_relabel_configs, as the alert is sent.
    promapi::AlertRule rule;
    rule.name = "Down";
    rule.labels = {{"severity", "page"}};
    scenario::FireExpectation e;
    e.alert = "Down";
    const promapi::AlertLabelling labelling(
        {{"cluster", "eu1"}},
        YAML::Load("[{source_labels: [severity], regex: page, target_label: severity, "
                   "replacement: critical},"
                   " {source_labels: [cluster], regex: 'eu.*', target_label: region, "
                   "replacement: europe},"
                   " {action: labeldrop, regex: cluster}]"));
    BOOST_TEST(
        (verify::labels_before_firing(e, rule, labelling) ==
         promapi::Labels{{"alertname", "Down"}, {"severity", "critical"}, {"region", "europe"}}));
    bool kept = true;
    const promapi::AlertLabelling drop(
        {}, YAML::Load("[{action: drop, source_labels: [severity], regex: page}]"));
    drop.as_sent({{"alertname", "Down"}, {"severity", "page"}}, &kept);
    BOOST_TEST(!kept);
}

BOOST_AUTO_TEST_CASE(seconds_no_time_scale_reaches_are_named) {
    auto http = fake_stack::shipped_stack();
    auto s = errors_scenario();
    http.answer("/api/v1/rules?type=alert", R"({"status":"success","data":{"groups":[{
        "name":"g","file":"f.yml","interval":1,"rules":[{"type":"alerting",
        "name":"HighErrorRate","query":"predict_linear(node_filesystem_free_bytes[1h], 4 * 3600) < 0",
        "duration":12,"labels":{"severity":"critical"},"annotations":{},"alerts":[],
        "health":"ok","state":"inactive"}]}]}})");
    auto result = preflight_on(http, s, 0.1);
    const auto* c = find(result, "time scale HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->warning);
    BOOST_TEST(c->detail.starts_with("predict_linear in its expression counts plain seconds"),
               c->detail);
    const auto unscaled = preflight_on(http, s, 1.0);
    BOOST_TEST(find(unscaled, "time scale HighErrorRate") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_miss_decided_on_an_external_label_is_a_warning) {
    // Prometheus's external label stack="obsctl-demo" is added only where the alert lacks it:
    // the alert's own series may carry stack="staging" (a target label) and reach `staging`.
    auto http = fake_stack::shipped_stack();
    alertmanager_config(http, R"(route:
  receiver: default
  routes:
    - receiver: staging
      matchers: ['stack="staging"']
    - receiver: oncall
      matchers: ['severity="critical"']
receivers: [{name: default}, {name: staging}, {name: oncall}]
)");
    auto s = errors_scenario();
    s.expect.fire[0].receiver = "staging";
    const auto result = preflight_on(http, s);
    const auto* c = find(result, "route HighErrorRate");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST((c->passed() && c->warning), c->detail);
    BOOST_TEST(c->detail.ends_with("decided on the external label(s) stack, which the alert's "
                                   "own series may set otherwise"),
               c->detail);
}
