#include <boost/test/unit_test.hpp>

#include "promql/selectors.hpp"

namespace {

std::string describe(const std::vector<promql::VectorSelector>& selectors) {
    std::string out;
    for (const auto& s : selectors) {
        out += s.metric + "{";
        for (const auto& m : s.matchers)
            out += m.label + m.op + m.value + ",";
        out += "} ";
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(finds_every_selector_and_nothing_else) {
    // The shipped HighErrorRate, HighLatency and LowActiveUsers expressions.
    BOOST_TEST(describe(promql::vector_selectors(
                   R"(sum by (job) (rate(http_requests_total{job="demoapp", status=~"5.."}[5m]))
                        / sum by (job) (rate(http_requests_total{job="demoapp"}[5m])) > 0.05)")) ==
               "http_requests_total{job=demoapp,status=~5..,} http_requests_total{job=demoapp,} ");
    BOOST_TEST(
        describe(promql::vector_selectors(
            "histogram_quantile(0.95, sum by (job, le) (rate(x_bucket{job=\"d\"}[5m]))) > 1")) ==
        "x_bucket{job=d,} ");
    BOOST_TEST(describe(promql::vector_selectors(
                   "max by (job) (active_users) < 5 and on (job) sum(rate(r[5m])) by (job) > 1")) ==
               "active_users{} r{} ");
    // Recording-rule names, __name__ matchers, offsets, label_replace's strings, Inf.
    BOOST_TEST(describe(promql::vector_selectors(
                   R"x(job:errors:rate5m offset 5m > bool Inf unless {__name__="up", job!=""}
                      or label_replace(a, "dst", "$1", "src", "(.*)"))x")) ==
               "job:errors:rate5m{} up{__name__=up,job!=,} a{} ");
}

BOOST_AUTO_TEST_CASE(splits_at_the_top_level_comparison) {
    auto c = promql::top_level_comparisons(
        "sum by (job) (rate(a{status=~\"5..\"}[5m])) / sum by (job) (rate(a[5m])) > 0.05");
    BOOST_TEST_REQUIRE(c.size() == 1u);
    BOOST_TEST(c[0].lhs ==
               "sum by (job) (rate(a{status=~\"5..\"}[5m])) / sum by (job) (rate(a[5m]))");
    BOOST_TEST(c[0].op == ">");
    BOOST_TEST(c[0].threshold.value() == 0.05);

    c = promql::top_level_comparisons("up{job=\"demoapp\"} == 0");
    BOOST_TEST_REQUIRE(c.size() == 1u);
    BOOST_TEST(c[0].lhs == "up{job=\"demoapp\"}");
    BOOST_TEST(c[0].op == "==");

    // Both operands of `and`; the modifier after it is not part of the right side.
    c = promql::top_level_comparisons(
        "max by (job) (active_users) < 5\n  and on (job)\nsum by (job) (rate(r[5m])) > 1");
    BOOST_TEST_REQUIRE(c.size() == 2u);
    BOOST_TEST(c[0].lhs == "max by (job) (active_users)");
    BOOST_TEST(c[0].threshold.value() == 5);
    BOOST_TEST(c[1].lhs == "sum by (job) (rate(r[5m]))");
    BOOST_TEST(c[1].op == ">");

    // A number on the left is the threshold: `0.8 > A` is `A < 0.8`; bool is skipped.
    c = promql::top_level_comparisons("(0.8 > bool rate(x[1m]))");
    BOOST_TEST_REQUIRE(c.size() == 1u);
    BOOST_TEST(c[0].lhs == "rate(x[1m])");
    BOOST_TEST(c[0].op == "<");
    BOOST_TEST(c[0].threshold.value() == 0.8);

    // Comparisons inside a function or inside braces are not the top level.
    BOOST_TEST(promql::top_level_comparisons("count(x > 1)").empty());
    BOOST_TEST(promql::top_level_comparisons("x{a!=\"b\"}").empty());
    c = promql::top_level_comparisons("a > b");
    BOOST_TEST_REQUIRE(c.size() == 1u);
    BOOST_TEST(!c[0].threshold.has_value());
}

BOOST_AUTO_TEST_CASE(finds_a_recording_rule_name_as_a_whole_identifier) {
    BOOST_TEST(promql::uses_identifier("job:errors:rate5m > 1", "job:errors:rate5m"));
    BOOST_TEST(!promql::uses_identifier("job:errors:rate5m_total > 1", "job:errors:rate5m"));
    BOOST_TEST(!promql::uses_identifier("x{a=\"job:errors:rate5m\"}", "job:errors:rate5m"));
}

BOOST_AUTO_TEST_CASE(reads_matchers_with_spaces_and_ignores_what_is_not_one) {
    BOOST_TEST(describe(promql::vector_selectors(R"(x{job = "a", b !~ "c"} + y{d + "e"})")) ==
               "x{job=a,b!~c,} y{} ");
}
