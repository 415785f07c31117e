// What --grafana posts: each action a point at its time, tagged "action", saying how it went.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "grafana/annotations.hpp"
#include "support/sample_actions.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

BOOST_AUTO_TEST_CASE(each_action_is_an_annotation_at_its_time_with_its_outcome) {
    // The undo comes after the 12.5 s of traffic, at +12.65 s.
    const auto doc = test_support::document_with_actions();
    const auto all = grafana::annotations_of(doc);
    std::vector<json> actions;
    for (const auto& a : all) {
        if (a.at("tags") == json{"obsctl", "disk", "action"})
            actions.push_back(a);
    }
    const std::int64_t start_ms = 1'790'000'000'000;
    BOOST_REQUIRE_EQUAL(actions.size(), 3u);
    BOOST_TEST(actions[0].at("time").get<std::int64_t>() == start_ms + 5'060);
    BOOST_TEST(actions[0].at("text").get<std::string>() == "stop demoapp: ok (100ms)");
    BOOST_TEST(actions[1].at("time").get<std::int64_t>() == start_ms + 10'120);
    BOOST_TEST(actions[1].at("text").get<std::string>() ==
               "exec ./fill-disk.sh: failed (2.0s, exit 1): <script>alert(1)</script> disk full");
    BOOST_TEST(!actions[1].contains("timeEnd"));  // a point, not a region
    BOOST_TEST(actions[2].at("time").get<std::int64_t>() == start_ms + 12'650);
    BOOST_TEST(actions[2].at("text").get<std::string>() == "start demoapp (undo): ok (1.2s)");
    // The verdict stays the last point, after the undo that came after the traffic.
    BOOST_TEST(all.back().at("tags").at(2).get<std::string>() == "verdict");
    BOOST_TEST(all.back().at("time").get<std::int64_t>() == start_ms + 12'650);
}
