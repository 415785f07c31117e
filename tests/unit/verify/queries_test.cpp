#include <boost/test/unit_test.hpp>

#include "verify/queries.hpp"

using namespace verify;
using namespace std::chrono_literals;

namespace {

util::Result<std::vector<promapi::Sample>> samples(std::vector<double> values) {
    std::vector<promapi::Sample> out;
    for (double v : values)
        out.push_back({{{"status", "success"}}, v});
    return out;
}

scenario::QueryExpectation matching(const std::string& request, double tolerance) {
    scenario::QueryExpectation q;
    q.query = "sum(increase(orders_total[${run_window}]))";
    q.matches_client = request;
    q.tolerance = tolerance;
    return q;
}

Traffic counted(std::uint64_t orders) {
    Traffic t;
    t.answered = ClientCounts{{"order", orders}, {"user", 7}};
    return t;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sums_the_samples_and_compares_with_what_the_client_counted) {
    // Prometheus's increase() extrapolates: 96.26 for 96 answered orders is within 10%.
    const auto c = judge_query(matching("order", 0.1), samples({90.1, 6.16}), counted(96));
    BOOST_TEST(c.passed(), c.detail);
    BOOST_TEST(c.detail == "= 96.26; obsctl counted 96 answered order (tolerance 10%)");
}

BOOST_AUTO_TEST_CASE(fails_a_count_outside_the_tolerance_saying_both_numbers) {
    const auto c = judge_query(matching("order", 0.05), samples({80}), counted(96));
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail.find("= 80; obsctl counted 96") == 0, c.detail);
}

BOOST_AUTO_TEST_CASE(skips_matches_client_when_nobody_counted_the_load) {
    Traffic elsewhere;
    elsewhere.no_counts_reason = "the load came from elsewhere";
    const auto c = judge_query(matching("order", 0.1), samples({96}), elsewhere);
    BOOST_TEST(c.skipped());
    BOOST_TEST(!c.failed());
    BOOST_TEST(c.detail == "no client counts to match order: the load came from elsewhere");
}

BOOST_AUTO_TEST_CASE(fails_matches_client_when_counts_were_asked_for_and_missing) {
    Traffic missing;
    missing.skip_without_counts = false;
    missing.no_counts_reason = "run.json was not written during the watch";
    const auto c = judge_query(matching("order", 0.1), samples({96}), missing);
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail.find("run.json was not written") != std::string::npos, c.detail);
}

BOOST_AUTO_TEST_CASE(judges_equals_min_and_max) {
    scenario::QueryExpectation q;
    q.query = "x";
    q.equals = 100;
    q.tolerance = 0.02;
    BOOST_TEST(judge_query(q, samples({101.5}), counted(0)).passed());
    BOOST_TEST(judge_query(q, samples({103}), counted(0)).failed());
    q.equals.reset();
    q.min = 1;
    q.max = 5;
    BOOST_TEST(judge_query(q, samples({1}), counted(0)).passed());
    BOOST_TEST(judge_query(q, samples({0.5}), counted(0)).failed());
    BOOST_TEST(judge_query(q, samples({5.5}), counted(0)).detail == "= 5.5; min 1; max 5");
}

BOOST_AUTO_TEST_CASE(an_empty_result_or_an_error_fails_with_the_reason) {
    scenario::QueryExpectation q;
    q.query = "x";
    q.min = 0;
    const auto empty = judge_query(q, samples({}), counted(0));
    BOOST_TEST(empty.failed());
    BOOST_TEST(empty.detail == "no data");
    const util::Result<std::vector<promapi::Sample>> error =
        util::fail(util::ExitCode::check_failed, "bad_data: parse error",
                   "http://127.0.0.1:9090/api/v1/query");
    const auto broken = judge_query(q, error, counted(0));
    BOOST_TEST(broken.failed());
    BOOST_TEST(broken.detail.find("bad_data: parse error") != std::string::npos, broken.detail);
}

BOOST_AUTO_TEST_CASE(counts_a_run_by_request_name_across_phases) {
    load::RunResult run;
    run.request_names = {"order", "user"};
    run.elapsed = 17'200ms;
    for (int phase = 0; phase < 2; ++phase) {
        load::PhaseResult p;
        p.requests.resize(2);
        p.requests[0].status_class[2] = 10;
        p.requests[0].status_class[5] = 2;
        p.requests[0].errors[0] = 3;  // connect errors: no answer
        p.requests[1].status_class[4] = 1;
        run.phases.push_back(p);
    }
    const auto t = traffic_of(run);
    BOOST_REQUIRE(t.answered.has_value());
    BOOST_TEST(t.answered->at("order") == 24u);
    BOOST_TEST(t.answered->at("user") == 2u);
    // 17.2 s rounds up to 18 s, plus two 1 s scrapes.
    BOOST_TEST(run_window(t, 1s) == "20s");
}
