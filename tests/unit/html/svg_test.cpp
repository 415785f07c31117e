#include <boost/test/unit_test.hpp>

#include "html/svg.hpp"

namespace {

using Ticks = std::vector<double>;

}  // namespace

BOOST_AUTO_TEST_CASE(chart_ticks_fall_at_round_values) {
    // A rate peaking at 18.75/s once had ticks at 4.6875, 9.375, ..., 18.75.
    BOOST_TEST(html::value_ticks(0, 18.75) == (Ticks{0, 5, 10, 15, 20}));
    BOOST_TEST(html::value_ticks(0, 3.75) == (Ticks{0, 1, 2, 3, 4}));
    BOOST_TEST(html::value_ticks(0, 20) == (Ticks{0, 5, 10, 15, 20}));
    BOOST_TEST(html::value_ticks(0, 140) == (Ticks{0, 50, 100, 150}));
    // Below zero too, with 0 among them.
    BOOST_TEST(html::value_ticks(-3, 7) == (Ticks{-5, 0, 5, 10}));
    // Nothing measured still draws an axis.
    BOOST_TEST(html::value_ticks(0, 0) == (Ticks{0, 0.5, 1}));
}

BOOST_AUTO_TEST_CASE(chart_tick_labels_read_like_the_summary) {
    BOOST_TEST(html::format_value(0.005, "s") == "5ms");
    BOOST_TEST(html::format_value(2.9655, "s") == "2.97s");
    BOOST_TEST(html::format_value(0, "s") == "0ms");
    BOOST_TEST(html::format_value(0.30000000000000004, "/s") == "0.3/s");
}

BOOST_AUTO_TEST_CASE(a_line_chart_labels_its_axis_at_the_round_ticks) {
    html::TimeAxis axis{10};
    html::Chart chart{"requests", "/s", {{"sent", "#000", {{0, 3.0}, {5, 18.75}}}}, {}, {}};
    const auto svg = html::line_chart(axis, chart, {}, {});
    for (const char* label : {">0/s<", ">5/s<", ">10/s<", ">15/s<", ">20/s<"})
        BOOST_TEST(svg.find(label) != std::string::npos, label);
    BOOST_TEST(svg.find("18.75/s<") == std::string::npos);
    BOOST_TEST(svg.find("4.688/s<") == std::string::npos);
}
