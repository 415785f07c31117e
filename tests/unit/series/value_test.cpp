#include <boost/test/unit_test.hpp>

#include <cmath>

#include "scenario/series_parse.hpp"
#include "series/value.hpp"

using namespace std::chrono_literals;
using scenario::Phase;
using scenario::SeriesSpec;

namespace {

SeriesSpec by_values(const std::string& values, std::chrono::milliseconds interval = 60s) {
    SeriesSpec s;
    s.text = s.metric = "queue_depth";
    s.values = *scenario::expand_series_values(values);
    s.interval = interval;
    return s;
}

Phase phase(const std::string& name, std::chrono::milliseconds duration) {
    Phase p;
    p.name = name;
    p.duration = duration;
    p.rate_from = p.rate_to = 1;
    return p;
}

std::optional<double> at(const SeriesSpec& s, std::chrono::nanoseconds elapsed,
                         double time_scale = 1, const std::vector<Phase>& phases = {}) {
    return series::value_at(s, elapsed, phases, time_scale);
}

}  // namespace

BOOST_AUTO_TEST_CASE(serves_value_i_from_i_scaled_intervals_after_the_start) {
    const auto s = by_values("1 2 3");
    // Time scale 0.1: one value every 6 s instead of every minute.
    BOOST_TEST(at(s, 0s, 0.1).value() == 1.0);
    BOOST_TEST(at(s, 5999ms, 0.1).value() == 1.0);
    BOOST_TEST(at(s, 6s, 0.1).value() == 2.0);
    BOOST_TEST(at(s, 12s, 0.1).value() == 3.0);
    BOOST_TEST(at(s, 59s).value() == 1.0);
    BOOST_TEST(at(s, 60s).value() == 2.0);
}

BOOST_AUTO_TEST_CASE(keeps_its_last_value_past_the_end_of_its_values) {
    BOOST_TEST(at(by_values("1 2 3"), 24h).value() == 3.0);
    BOOST_TEST(!at(by_values("1 _"), 24h).has_value());
    BOOST_TEST(!at(by_values("1 stale"), 24h).has_value());
}

BOOST_AUTO_TEST_CASE(serves_nothing_for_missing_and_stale_values_nor_before_the_start) {
    const auto s = by_values("1 _ stale 4", 1s);
    BOOST_TEST(at(s, 0s).value() == 1.0);
    BOOST_TEST(!at(s, 1s).has_value());
    BOOST_TEST(!at(s, 2500ms).has_value());
    BOOST_TEST(at(s, 3s).value() == 4.0);
    BOOST_TEST(!at(s, -1ns).has_value());
}

BOOST_AUTO_TEST_CASE(follows_a_line_over_each_named_phase_as_scaled) {
    SeriesSpec s;
    s.text = s.metric = "disk_size";
    s.phases["recover"] = {100, 50};
    s.phases["idle"] = {7, 7};
    // Phases as they run (scaled): fill 12 s, recover 6 s, idle 2 s.
    const std::vector<Phase> phases{phase("fill", 12s), phase("recover", 6s), phase("idle", 2s)};
    BOOST_TEST(!at(s, 0s, 0.1, phases).has_value());  // fill is not named
    BOOST_TEST(!at(s, 11999ms, 0.1, phases).has_value());
    BOOST_TEST(at(s, 12s, 0.1, phases).value() == 100.0);
    BOOST_TEST(at(s, 15s, 0.1, phases).value() == 75.0);
    BOOST_TEST(at(s, 19s, 0.1, phases).value() == 7.0);
    // After the last phase (the wait for verdicts) it holds where that phase ended.
    BOOST_TEST(at(s, 20s, 0.1, phases).value() == 7.0);
    BOOST_TEST(at(s, 60s, 0.1, phases).value() == 7.0);
}

BOOST_AUTO_TEST_CASE(a_counter_grows_by_the_time_scale_and_goes_on_growing_after_its_phases) {
    SeriesSpec s;
    s.text = s.metric = "node_cpu_seconds_total";
    s.phases["calm"] = {0, 30};       // 0.5/s over 1m
    s.phases["pressure"] = {30, 60};  // 0.05/s over 10m
    // Ten times faster: calm 6 s, pressure 60 s. The counter grows a tenth as much, so its rate
    // per (real) second is what the scenario wrote.
    const std::vector<Phase> phases{phase("calm", 6s), phase("pressure", 60s)};
    BOOST_TEST(at(s, 0s, 0.1, phases).value() == 0.0);
    BOOST_TEST(at(s, 6s, 0.1, phases).value() == 3.0,
               boost::test_tools::tolerance(1e-9));  // 0.5/s for 6 s
    BOOST_TEST(at(s, 66s, 0.1, phases).value() == 6.0,
               boost::test_tools::tolerance(1e-9));  // + 0.05/s for 60 s
    // Past its phases it keeps the last rate: a flat counter would read as a CPU never idle.
    BOOST_TEST(at(s, 86s, 0.1, phases).value() == 7.0, boost::test_tools::tolerance(1e-9));
    // A gauge is not scaled.
    s.text = s.metric = "node_memory_MemAvailable_bytes";
    BOOST_TEST(at(s, 6s, 0.1, phases).value() == 30.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(writes_promtools_notation_that_reads_back_to_the_same_values) {
    auto s = by_values("80e9-10e9x7 10e9x10", 15s);
    s.text = R"(avail{mountpoint="/it's"})";
    BOOST_TEST(series::promtool_input_series(s, {}, {}, 2) ==
               "  - series: 'avail{mountpoint=\"/it''s\"}'\n"
               "    values: '80000000000 70000000000 60000000000 50000000000 40000000000 "
               "30000000000 20000000000 10000000000x11'\n");
    for (const std::string odd : {"0.1+0.1x9 _x3 stale stale Inf Inf -Inf", "-0 0 NaN NaN 1e300"}) {
        auto spec = by_values(odd);
        const auto text = series::promtool_input_series(spec);
        const auto values = text.substr(text.find("values: '") + 9);
        auto back = scenario::expand_series_values(values.substr(0, values.size() - 2));
        BOOST_REQUIRE_MESSAGE(back.has_value(), text);
        BOOST_REQUIRE(back->size() == spec.values.size());
        for (std::size_t i = 0; i < back->size(); ++i) {
            BOOST_TEST((back->at(i).kind == spec.values[i].kind));
            const double a = back->at(i).value, b = spec.values[i].value;
            BOOST_TEST((a == b || (std::isnan(a) && std::isnan(b))), text << " at " << i);
        }
    }
}

BOOST_AUTO_TEST_CASE(samples_a_series_given_per_phase_every_interval_for_promtool) {
    SeriesSpec s;
    s.text = s.metric = "disk_size";
    s.interval = 30s;
    s.phases["recover"] = {100, 50};
    const std::vector<Phase> phases{phase("fill", 1min), phase("recover", 2min)};
    BOOST_TEST(series::promtool_input_series(s, phases) ==
               "- series: 'disk_size'\n  values: '_x2 100 87.5 75 62.5'\n");
    // At a test group's interval of 1m instead; values at 20 s resampled too.
    BOOST_TEST(series::promtool_input_series(s, phases, 1min) ==
               "- series: 'disk_size'\n  values: '_ 100 75'\n");
    BOOST_TEST(series::promtool_input_series(by_values("1 2 3 4", 20s), {}, 40s) ==
               "- series: 'queue_depth'\n  values: '1 3'\n");
}
