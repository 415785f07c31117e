#include <boost/test/unit_test.hpp>

#include "report/thresholds.hpp"
#include "scenario/parser.hpp"

namespace {

/// A run of one phase "p" (10 s) with two requests: "a" (100 sent, 10 of them 5xx, latencies
/// 1..100 ms) and "b" (50 sent, all 2xx, 500 ms each).
load::RunResult sample_run() {
    load::RunResult run;
    run.request_names = {"a", "b"};
    load::PhaseResult phase;
    phase.name = "p";
    phase.end = std::chrono::seconds(10);
    phase.requests.resize(2);
    auto& a = phase.requests[0];
    for (int i = 1; i <= 100; ++i) {
        ++a.sent;
        ++a.status_class[i <= 10 ? 5 : 2];
        a.latency.record_micros(static_cast<std::uint64_t>(i) * 1000);
    }
    auto& b = phase.requests[1];
    for (int i = 0; i < 50; ++i) {
        ++b.sent;
        ++b.status_class[2];
        b.latency.record_micros(500'000);
    }
    run.phases.push_back(phase);
    return run;
}

std::vector<report::ThresholdVerdict> verdicts(const std::string& thresholds) {
    auto s = scenario::parse_scenario(
        "name: t\nrequests: [{name: a, path: /a}, {name: b, path: /b}]\n"
        "phases: [{name: p, duration: 10s, rate: 15}]\nthresholds:\n" +
            thresholds,
        "t.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    return report::evaluate_thresholds(*s, sample_run());
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
