// The preflight against a fake stack answering in the APIs' own shapes (fake_stack.hpp).
#include <boost/test/unit_test.hpp>

#include "fake_stack.hpp"
#include "verify/preflight.hpp"

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
verify::PreflightResult preflight_on(fake_stack::Http& http, const scenario::Scenario& s) {
    promapi::PrometheusClient prometheus(http, "http://prom");
    promapi::AlertmanagerClient alertmanager(http, "http://am");
    return verify::preflight(prometheus, prometheus, alertmanager, s, "http://localhost:5002", 0ms,
                             [](const verify::Check&) {}, nullptr, {"demoapp"});
}

const verify::Check* find(const verify::PreflightResult& r, const std::string& name) {
    for (const auto& c : r.checks) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_prometheus_external_labels_and_names_them) {
    auto http = fake_stack::shipped_stack();
    const auto result = preflight_on(http, errors_scenario());
    BOOST_TEST(result.passed());
    BOOST_TEST((result.external_labels == promapi::Labels{{"stack", "obsctl-demo"}}));
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
    BOOST_TEST(result.external_labels.empty());
    const auto* c = find(result, "external labels");
    BOOST_REQUIRE(c != nullptr);
    BOOST_TEST(c->warning);
    BOOST_TEST(c->detail.starts_with("not read: "), c->detail);
    BOOST_TEST(c->detail.find("HTTP 404") != std::string::npos, c->detail);
}
