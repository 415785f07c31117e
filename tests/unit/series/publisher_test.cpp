#include <boost/test/unit_test.hpp>

#include "scenario/parser.hpp"
#include "series/publisher.hpp"
#include "unit/series/disk_scenario.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// A clock the test moves by hand.
struct FakeClock {
    Clock::time_point now{};
    series::Publisher::Clock clock() {
        return [this] { return now; };
    }
};

struct Served {
    std::string family, instance;
    double value;
};

std::vector<Served> served(const series::Publisher& p) {
    std::vector<Served> out;
    for (const auto& family : p.Collect()) {
        BOOST_TEST((family.type == prometheus::MetricType::Gauge));
        for (const auto& m : family.metric) {
            std::string instance;
            for (const auto& l : m.label)
                if (l.name == "instance")
                    instance = l.value;
            out.push_back({family.name, instance, m.gauge.value});
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(serves_each_metric_as_one_gauge_family_with_the_scenarios_labels) {
    auto s = scenario::parse_scenario(k_disk_scenario, "disk.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    FakeClock clock;
    series::Publisher p(clock.clock());
    BOOST_TEST(p.Collect().empty());  // nothing before begin
    const auto origin = Clock::time_point{} + 100s;
    clock.now = origin;
    auto scaled = s->phases;  // as the run scales them: half time
    for (auto& phase : scaled)
        phase.duration /= 2;
    p.begin(*s, scaled, 0.5, origin);  // one value every 7.5 s, phases of 90 s and 60 s
    auto families = p.Collect();
    BOOST_REQUIRE(families.size() == 2u);
    BOOST_TEST(families[0].name == "node_filesystem_avail_bytes");
    BOOST_REQUIRE(families[0].metric.size() == 2u);  // both instances in one family
    const auto& labels = families[0].metric[0].label;
    BOOST_REQUIRE(labels.size() == 4u);
    BOOST_TEST(labels[1].name == "instance");
    BOOST_TEST(labels[1].value == "node-under-test");
    BOOST_TEST(labels[2].name == "job");
    BOOST_TEST(labels[2].value == "node");
    BOOST_TEST(families[0].metric[0].gauge.value == 80e9);
    BOOST_TEST(families[0].metric[1].gauge.value == 5.0);
    BOOST_TEST(families[1].name == "node_filesystem_size_bytes");

    clock.now = origin + 7500ms;  // `_` for b: left out
    auto now = served(p);
    BOOST_REQUIRE(now.size() == 2u);
    BOOST_TEST(now[0].instance == "node-under-test");
    BOOST_TEST(now[0].value == 70e9);

    clock.now = origin + 120s;  // halfway through recover (90 s to 150 s)
    now = served(p);
    BOOST_REQUIRE(now.size() == 3u);
    BOOST_TEST(now[0].value == 10e9);  // values[16]
    BOOST_TEST(now[1].value == 7.0);   // b: past its last value, keeps it
    BOOST_TEST(now[2].family == "node_filesystem_size_bytes");
    BOOST_TEST(now[2].value == 75e9);

    clock.now = origin + 150s;  // after the last phase: each holds its last value
    now = served(p);
    BOOST_REQUIRE(now.size() == 3u);
    BOOST_TEST(now[2].value == 50e9);

    p.end();
    BOOST_TEST(p.Collect().empty());
}

BOOST_AUTO_TEST_CASE(groups_series_by_job_and_instance_for_the_pushgateway) {
    auto s = scenario::parse_scenario(k_disk_scenario, "disk.yaml");
    BOOST_REQUIRE(s.has_value());
    FakeClock clock;
    series::Publisher p(clock.clock());
    p.begin(*s, s->phases, 1, clock.now);
    const auto groups = p.groups();
    BOOST_REQUIRE(groups.size() == 2u);
    BOOST_TEST(groups[0].second == "node-under-test");
    BOOST_TEST(groups[1].second == "b");
    const auto a = p.collect_group("node", "node-under-test");
    BOOST_REQUIRE(a.size() == 2u);
    BOOST_REQUIRE(a[0].metric.size() == 1u);
    BOOST_TEST(a[0].metric[0].gauge.value == 80e9);
    BOOST_TEST(p.collect_group("node", "c").empty());
}
