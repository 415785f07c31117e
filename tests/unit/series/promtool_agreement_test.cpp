// promtool and obsctl read the same series alike: the disk series of a scenario, written by
// series::promtool_input_series, and a disk rule tested with `promtool test rules` at every
// evaluation; the expected alerts come from series::value_at. promtool is a local binary.
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "scenario/parser.hpp"
#include "series/value.hpp"
#include "support/test_support.hpp"
#include "unit/series/disk_scenario.hpp"
#include "util/process.hpp"

using namespace std::chrono_literals;

namespace {

const char* k_rules = R"(groups:
  - name: disk
    rules:
      - alert: DiskAlmostFull
        expr: 100 * node_filesystem_avail_bytes / node_filesystem_size_bytes < 20
        for: 1m
        labels: {severity: warning}
)";

constexpr auto k_step = 15s;
constexpr int k_steps = 19;  // the avail values: 0 s to 270 s

/// Whether the rule's condition holds at `t` by value_at (both series served).
bool condition_at(const scenario::Scenario& s, std::chrono::seconds t) {
    auto avail = series::value_at(s.series[0], t, s.phases, 1);
    auto size = series::value_at(s.series[1], t, s.phases, 1);
    return avail && size && 100 * *avail / *size < 20;
}

/// Whether the alert fires at `t`: the condition held at every evaluation of the last `for`.
bool firing_at(const scenario::Scenario& s, std::chrono::seconds t) {
    if (t < 60s)
        return false;
    for (auto u = t - 60s; u <= t; u += k_step)
        if (!condition_at(s, u))
            return false;
    return true;
}

/// The promtool test file, expecting what value_at says at each step (`flip`: but the step
/// at that index, to show promtool notices).
std::string promtool_test(const scenario::Scenario& s, int flip = -1) {
    std::string out =
        "rule_files: [rules.yml]\nevaluation_interval: 15s\ntests:\n"
        "  - interval: 15s\n    input_series:\n";
    for (const auto& spec : s.series)  // the per-phase one sampled every 15 s
        out += series::promtool_input_series(spec, s.phases, k_step, 6);
    out += "    alert_rule_test:\n";
    for (int i = 0; i < k_steps; ++i) {
        const auto t = std::chrono::seconds(i * k_step);
        const bool firing = firing_at(s, t) != (i == flip);
        out += "      - eval_time: " + std::to_string(t.count()) + "s\n" +
               "        alertname: DiskAlmostFull\n";
        out += firing ? "        exp_alerts:\n"
                        "          - exp_labels: {severity: warning, job: node, "
                        "instance: node-under-test, mountpoint: /data, fstype: ext4}\n"
                      : "        exp_alerts: []\n";
    }
    return out;
}

util::CommandOutput run_promtool(const test_support::TempDir& dir, const std::string& test) {
    std::ofstream(dir.path() / "rules.yml") << k_rules;
    std::ofstream(dir.path() / "test.yml") << test;
    auto out = util::run_command({"promtool", "test", "rules", (dir.path() / "test.yml").string()},
                                 dir.path() / "promtool.out");
    BOOST_REQUIRE_MESSAGE(out.has_value(), (out ? "" : out.error().message()));
    return *out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(promtool_fires_the_disk_rule_exactly_when_value_at_says) {
    auto s = scenario::parse_scenario(k_disk_scenario, "disk.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    // The case is not trivial: quiet first, firing from 165 s (10e9 from 105 s, plus 1m).
    BOOST_TEST(!firing_at(*s, 150s));
    BOOST_TEST(firing_at(*s, 165s));
    BOOST_TEST(!condition_at(*s, 90s));
    BOOST_TEST(condition_at(*s, 105s));
    test_support::TempDir dir;
    const auto test = promtool_test(*s);
    const auto agreed = run_promtool(dir, test);
    BOOST_TEST(agreed.exit_status == 0, test << agreed.output);
    // And promtool notices one step where obsctl would say otherwise.
    for (int flip : {10, 11}) {
        const auto disagreed = run_promtool(dir, promtool_test(*s, flip));
        BOOST_TEST(disagreed.exit_status != 0, "flipped step " << flip);
    }
}
