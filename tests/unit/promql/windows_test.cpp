#include <boost/test/unit_test.hpp>

#include "promql/windows.hpp"

BOOST_AUTO_TEST_CASE(finds_windows_and_subqueries_but_never_brackets_in_quotes_or_comments) {
    const std::string expr =
        "rate(x{status=~\"[45]..\", path!~'[a-z]+', q=`[1h]`}[5m]) # not [1h] either\n"
        "  / max_over_time(rate(y[1h30m])[30m:1m]) + z[10m:]";
    const auto w = promql::range_windows(expr);
    BOOST_TEST_REQUIRE(w.size() == 4u);
    BOOST_TEST(expr.substr(w[0].begin, w[0].end - w[0].begin) == "[5m]");
    BOOST_TEST(w[0].range.count() == 300'000);
    BOOST_TEST(!w[0].subquery);
    BOOST_TEST(w[1].range.count() == 5'400'000);
    BOOST_TEST(w[2].subquery);
    BOOST_TEST(w[2].range.count() == 1'800'000);
    BOOST_TEST(w[2].step.value().count() == 60'000);
    BOOST_TEST(w[3].subquery);
    BOOST_TEST(w[3].step_text.empty());
    BOOST_TEST(!w[3].step.has_value());
    BOOST_TEST(promql::longest_range_window(expr).count() == 5'400'000);
    BOOST_TEST(promql::longest_range_window("x{a=\"[9y]\"}").count() == 0);
}

BOOST_AUTO_TEST_CASE(finds_offsets_and_functions_that_count_plain_seconds) {
    const auto offsets =
        promql::offset_modifiers("rate(x[5m] offset 1h) / y OFFSET -30s + z{offset=\"1m\"}");
    BOOST_REQUIRE(offsets.size() == 2u);
    BOOST_TEST(offsets[0].offset.count() == 3'600'000);
    BOOST_TEST(!offsets[0].negative);
    BOOST_TEST(offsets[1].negative);
    BOOST_TEST(promql::longest_offset("x offset 2m + y offset -1h").count() == 120'000);
    BOOST_TEST(promql::offset_modifiers("my_offset + sum by (offset) (x)").empty());
    BOOST_TEST(
        (promql::functions_with_seconds("predict_linear(d[1h], 4 * 3600) < 0 or time() - t > "
                                        "300 or predict_linear(x[1m], 60)") ==
         std::vector<std::string>{"predict_linear", "time"}));
    BOOST_TEST(promql::functions_with_seconds("rate(time_total[5m]) > 1").empty());
}
