#include <boost/test/unit_test.hpp>

#include "verify/deadlines.hpp"

using namespace verify;
using namespace std::chrono_literals;

namespace {

promapi::AlertRule rule(const std::string& query, Millis for_duration, Millis keep = 0ms) {
    promapi::AlertRule r;
    r.name = "HighErrorRate";
    r.query = query;
    r.for_duration = for_duration;
    r.keep_firing_for = keep;
    r.group_interval = 1s;
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(derives_the_fire_deadline_from_window_for_and_intervals) {
    // HighErrorRate at time scale 0.1: rate over [30s], for 12s, evaluated and scraped every 1s.
    const auto r = rule(R"(sum(rate(x{status=~"5.."}[30s])) / sum(rate(x[30s])) > 0.05)", 12s);
    const auto d = fire_deadline(r, 1s, std::nullopt, 0.1);
    BOOST_TEST(d.value.count() == 50'000);  // 30 + 12 + 2 x 1 + 1 + 5 slack
    BOOST_TEST(d.source ==
               "rule: window 30.0s + for 12.0s + 2 x 1.0s evaluation + 1.0s scrape + 5.0s slack");
}

BOOST_AUTO_TEST_CASE(derives_the_resolve_deadline_with_keep_firing_for) {
    const auto d = resolve_deadline(rule("up == 0", 6s, 10s), 2s, std::nullopt, 1.0);
    BOOST_TEST(d.value.count() == 0 + 10'000 + 2'000 + 2'000 + 5'000);  // no window in `up == 0`
}

BOOST_AUTO_TEST_CASE(a_scenario_within_overrides_the_rule_and_follows_the_time_scale) {
    const auto d =
        fire_deadline(rule("rate(x[5m]) > 1", 2min), 15s, std::optional<Millis>(4min), 0.1);
    BOOST_TEST(d.value.count() == 24'000 + 5'000);  // the slack is never scaled
    BOOST_TEST(d.source.starts_with("scenario within 4m x 0.1"), d.source);
    BOOST_TEST(d.source.ends_with(" + 5.0s slack"), d.source);
    // --slack 30s: a stack with its own fixed delays.
    const auto slow = fire_deadline(rule("rate(x[5m]) > 1", 2min), 15s, std::optional<Millis>(4min),
                                    0.1, {}, 30s);
    BOOST_TEST(slow.value.count() == 24'000 + 30'000);
    const auto none =
        fire_deadline(rule("rate(x[5m]) > 1", 2min), 15s, std::optional<Millis>(4min), 0.1, {}, 0s);
    BOOST_TEST(none.value.count() == 24'000);
}

BOOST_AUTO_TEST_CASE(an_offset_pushes_the_window_back) {
    // rate over [30s] compared with itself 1m earlier: new traffic is in both only after 1m30s.
    const auto d =
        fire_deadline(rule("rate(x[30s]) > 2 * rate(x[30s] offset 1m)", 0s), 1s, std::nullopt, 1.0);
    BOOST_TEST(d.value.count() == 90'000 + 2'000 + 1'000 + 5'000);
}

BOOST_AUTO_TEST_CASE(delivery_deadlines_follow_alertmanagers_route_timing) {
    const promapi::RouteTiming routes{1s, 6s};
    const auto firing = delivery_deadline(routes);
    BOOST_TEST(firing.value.count() == 11'000);  // the longer of 1s and 6s, + 5s slack
    BOOST_TEST(firing.source == "Alertmanager: group_wait 1.0s / group_interval 6.0s + 5.0s slack");
    BOOST_TEST(resolved_delivery_deadline(routes).value.count() == 11'000);
    BOOST_TEST(resolved_delivery_deadline({30s, 2s}).value.count() == 7'000);
}

BOOST_AUTO_TEST_CASE(an_alert_over_a_recording_rule_waits_for_that_rules_window) {
    // The alert reads a rate recorded over [1m] every 15 s: new traffic shows in it only once
    // that window has filled, and one evaluation of the recording rule later.
    const std::vector<promapi::RecordingRule> recording{
        {"job:errors:rate1m", "sum by (job) (rate(errors_total[1m]))", 15s},
        {"job:errors:ratio1m", "job:errors:rate1m / job:requests:rate30s", 15s},
        {"job:requests:rate30s", "sum by (job) (rate(requests_total[30s]))", 15s}};
    const auto w = verify::rule_window("job:errors:ratio1m > 0.05", recording);
    BOOST_TEST(w.value == Millis(60s + 15s + 15s));
    BOOST_TEST(w.via == "job:errors:ratio1m via job:errors:rate1m");
    const auto d =
        fire_deadline(rule("job:errors:ratio1m > 0.05", 1min), 15s, std::nullopt, 1.0, recording);
    BOOST_TEST(d.value == Millis(90s + 1min + 2 * 1s + 15s + verify::k_slack));
    BOOST_TEST(
        d.source.find("window 1m30s (recorded by job:errors:ratio1m via job:errors:rate1m)") !=
            std::string::npos,
        d.source);
    // Its own window when it reads no recording rule.
    BOOST_TEST(verify::rule_window("rate(x[5m]) > 1", recording).value == Millis(5min));
}
