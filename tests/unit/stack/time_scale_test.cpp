#include <boost/test/unit_test.hpp>

#include "stack/time_scale.hpp"

using stack::TimeScale;
using util::Millis;

BOOST_AUTO_TEST_CASE(scales_range_windows_by_the_factor) {
    TimeScale tenth{0.1};
    BOOST_TEST(tenth.scale_expr("rate(x[5m])") == "rate(x[30s])");
    BOOST_TEST(tenth.scale_expr("sum(rate(a[2m])) / sum(rate(b[10m]))") ==
               "sum(rate(a[12s])) / sum(rate(b[1m]))");
}

BOOST_AUTO_TEST_CASE(leaves_regex_brackets_in_label_matchers_alone) {
    TimeScale tenth{0.1};
    const std::string expr = R"(rate(http_requests_total{status=~"[45]..", path!~'[a-z]+'}[5m]))";
    BOOST_TEST(tenth.scale_expr(expr) ==
               R"(rate(http_requests_total{status=~"[45]..", path!~'[a-z]+'}[30s]))");
}

BOOST_AUTO_TEST_CASE(scales_subquery_range_and_step) {
    TimeScale tenth{0.1};
    BOOST_TEST(tenth.scale_expr("max_over_time(rate(x[5m])[30m:1m])") ==
               "max_over_time(rate(x[30s])[3m:6s])");
    BOOST_TEST(tenth.scale_expr("max_over_time(x[10m:])") == "max_over_time(x[1m:])");
}

BOOST_AUTO_TEST_CASE(never_scales_a_window_below_a_few_scrape_intervals) {
    TimeScale tenth{0.1};
    BOOST_TEST(tenth.scale_expr("rate(x[30s])") == "rate(x[4s])");
    BOOST_TEST(tenth.scale(Millis{20'000}, tenth.for_floor).count() == 3000);
    BOOST_TEST(tenth.scale(Millis{120'000}, tenth.for_floor).count() == 12'000);
}

BOOST_AUTO_TEST_CASE(keeps_zero_durations_and_the_identity_scale) {
    TimeScale tenth{0.1};
    BOOST_TEST(tenth.scale(Millis{0}, tenth.for_floor).count() == 0);
    TimeScale one{1.0};
    BOOST_TEST(one.scale_expr("rate(x[5m])") == "rate(x[5m])");
    BOOST_TEST(one.scale(Millis{120'000}, one.for_floor).count() == 120'000);
}

BOOST_AUTO_TEST_CASE(scales_offsets_with_the_windows) {
    TimeScale tenth{0.1};
    BOOST_TEST(tenth.scale_expr("rate(x[5m] offset 1h) > rate(x[5m])") ==
               "rate(x[30s] offset 6m) > rate(x[30s])");
    BOOST_TEST(tenth.scale_expr("x OFFSET -10m") == "x OFFSET -1m");
    BOOST_TEST(tenth.scale_expr("max_over_time(deriv(x[10m])[1h:1m] offset 30m)") ==
               "max_over_time(deriv(x[1m])[6m:6s] offset 3m)");
    // A label or metric named offset is no modifier, and a quoted one is never touched.
    BOOST_TEST(tenth.scale_expr(R"(x{offset="offset 5m"} + my_offset)") ==
               R"(x{offset="offset 5m"} + my_offset)");
    BOOST_TEST(tenth.scale_expr("sum by (offset) (x)") == "sum by (offset) (x)");
}
