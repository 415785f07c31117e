#include <boost/test/unit_test.hpp>

#include "report/thresholds.hpp"
#include "sample_run.hpp"
#include "scenario/parser.hpp"

namespace {

std::vector<report::ThresholdVerdict> verdicts(const std::string& thresholds) {
    auto s = scenario::parse_scenario(
        "name: t\nrequests: [{name: a, path: /a}, {name: b, path: /b}]\n"
        "phases: [{name: p, duration: 10s, rate: 15}]\nthresholds:\n" +
            thresholds,
        "t.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    return report::evaluate_thresholds(*s, test_support::sample_run());
}

}  // namespace

BOOST_AUTO_TEST_CASE(judges_latency_per_request_and_for_the_whole_run) {
    auto v = verdicts(
        "  - {metric: latency, stat: p95, below: 100ms, request: a}\n"
        "  - {metric: latency, stat: p95, below: 100ms}\n"
        "  - {metric: latency, stat: max, above: 400ms, request: b}\n");
    BOOST_TEST(v[0].passed);  // a's p95 is about 95 ms
    BOOST_TEST(v[0].observed == 0.095, boost::test_tools::tolerance(0.01));
    BOOST_TEST(!v[1].passed);  // with b's 500 ms answers, the run's p95 is 500 ms
    BOOST_TEST(v[2].passed);
}

BOOST_AUTO_TEST_CASE(counts_5xx_as_errors_in_the_error_ratio) {
    auto v = verdicts(
        "  - {metric: error_ratio, below: 5%, request: a}\n"
        "  - {metric: error_ratio, below: 7%}\n");
    BOOST_TEST(!v[0].passed);
    BOOST_TEST(v[0].observed == 0.10, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(v[1].passed);  // 10 of 150
    BOOST_TEST(v[1].observed_text == "6.67%");
}

BOOST_AUTO_TEST_CASE(measures_the_achieved_rate_over_the_phase) {
    auto v =
        verdicts("  - {metric: rate, above: 14.9, phase: p}\n  - {metric: rate, above: 15.1}\n");
    BOOST_TEST(v[0].passed);  // 150 requests in 10 s
    BOOST_TEST(!v[1].passed);
}

BOOST_AUTO_TEST_CASE(says_an_observed_latency_as_the_summary_does) {
    // Seconds above a second, like the summary's p95 beside it (it once said "2500.0ms").
    auto s = scenario::parse_scenario(
        "name: t\nrequests: [{name: a, path: /a}]\n"
        "phases: [{name: p, duration: 10s, rate: 1}]\n"
        "thresholds: [{metric: latency, stat: p95, below: 1s}]\n",
        "t.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    auto run = test_support::sample_run();
    for (auto& r : run.phases[0].requests) {
        r.latency = {};
        r.latency.record_micros(2'500'000);
    }
    const auto v = report::evaluate_thresholds(*s, run);
    BOOST_TEST(v[0].observed_text == "2.5s");
    BOOST_TEST(!v[0].passed);
}
