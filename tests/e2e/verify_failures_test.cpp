// obsctl run must fail the right way: each case against one real local stack (time scale 0.1).
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "support/local_stack_fixture.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"
#include "util/process.hpp"

using namespace test_support;

namespace {

BOOST_TEST_GLOBAL_FIXTURE(SharedStack);

struct Outcome {
    int exit_code = -1;
    std::string output;
};

/// obsctl run FILE against the shared stack, with `scenario` as the file's text; `prometheus`
/// replaces the stack's URL when given. The JUnit report's text is appended to the output.
Outcome run(const std::string& scenario, const std::string& prometheus = {}) {
    TempDir dir;
    std::ofstream(dir.path() / "s.yaml") << scenario;
    const auto& st = SharedStack::get().state();
    std::vector<std::string> argv{OBSCTL_BINARY,
                                  "run",
                                  (dir.path() / "s.yaml").string(),
                                  "--time-scale",
                                  "0.1",
                                  "--target",
                                  st.app_url(),
                                  "--prometheus",
                                  prometheus.empty() ? st.prometheus_url() : prometheus,
                                  "--alertmanager",
                                  st.alertmanager_url(),
                                  "--settle",
                                  "60",
                                  "--junit",
                                  (dir.path() / "junit.xml").string()};
    auto out = util::run_command(argv, dir.path() / "out.log");
    BOOST_REQUIRE(out.has_value());
    std::ifstream junit(dir.path() / "junit.xml");
    const std::string xml{std::istreambuf_iterator<char>(junit), std::istreambuf_iterator<char>()};
    return {out->exit_status, out->output + xml};
}

const std::string k_health_only =
    "name: calm\nrequests: [{name: health, path: /health}]\n"
    "phases: [{name: p, duration: 20s, rate: 10}]\n";

}  // namespace

BOOST_AUTO_TEST_CASE(an_expected_alert_without_a_rule_is_exit_3_before_any_traffic) {
    const auto r = run(k_health_only + "expect: {fire: [{alert: NoSuchAlert}]}\n");
    BOOST_TEST(r.exit_code == 3, r.output);
    BOOST_TEST(r.output.find("no alerting rule named NoSuchAlert") != std::string::npos, r.output);
    BOOST_TEST(r.output.find("requests") == std::string::npos, "traffic was sent:\n" << r.output);
}

BOOST_AUTO_TEST_CASE(an_unreachable_prometheus_is_exit_3_naming_its_url) {
    const std::string url = "http://127.0.0.1:" + std::to_string(util::free_loopback_port());
    const auto r = run(k_health_only, url);
    BOOST_TEST(r.exit_code == 3, r.output);
    BOOST_TEST(r.output.find(url + "/-/ready") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(an_alert_the_traffic_cannot_cause_fails_after_its_deadline) {
    // Fast /health requests cannot push p95 over 1 s: HighLatency never fires.
    const auto r = run(k_health_only + "expect: {fire: [{alert: HighLatency}]}\n");
    BOOST_TEST(r.exit_code == 1, r.output);
    BOOST_TEST(r.output.find("FAIL  fire HighLatency") != std::string::npos, r.output);
    BOOST_TEST(r.output.find("never fired (fire <= 56.0s from rule: window 30.0s + for 18.0s") !=
                   std::string::npos,
               r.output);
    BOOST_TEST(
        r.output.find("<failure message=\"fire HighLatency: never fired") != std::string::npos,
        r.output);
    // Why, from Prometheus: p95 of fast /health requests is far below the 1 s threshold.
    BOOST_TEST(
        r.output.find("why: histogram_quantile(0.95, sum by (job, le) (rate(") != std::string::npos,
        r.output);
    BOOST_TEST(r.output.find(" peaked at 0.") != std::string::npos, r.output);
    BOOST_TEST(r.output.find("; the rule needs > 1\n") != std::string::npos, r.output);
    BOOST_TEST(
        r.output.find("why: the condition was never true during the run") != std::string::npos,
        r.output);
}

BOOST_AUTO_TEST_CASE(traffic_that_fires_an_unexpected_alert_fails_quiet) {
    // Error traffic long enough for HighErrorRate (for 12 s scaled) to fire, expecting nothing.
    const auto r =
        run("name: noisy\nrequests: [{name: error, path: /api/error, weight: 8},"
            " {name: user, path: \"/api/users/{{randint 1 100}}\", weight: 2}]\n"
            "phases: [{duration: 300s, rate: 20}]\nexpect: {quiet: true}\n");
    BOOST_TEST(r.exit_code == 1, r.output);
    BOOST_TEST(r.output.find("FAIL  quiet: unexpected: HighErrorRate") != std::string::npos,
               r.output);
}
