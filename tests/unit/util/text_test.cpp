#include <boost/test/unit_test.hpp>

#include "util/text.hpp"

BOOST_AUTO_TEST_CASE(closest_suggests_a_near_candidate_and_nothing_when_all_are_far) {
    const std::vector<std::string> receivers{"default", "oncall", "team"};
    BOOST_TEST(util::closest("oncal", receivers) == "oncall");
    BOOST_TEST(util::closest("Team", receivers) == "team");
    BOOST_TEST(util::closest("pagerduty", receivers) == "");
    BOOST_TEST(util::closest("x", {}) == "");
    // Long names allow a third of their length: a rule name with two typos.
    BOOST_TEST(util::closest("HighErorRat", {"HighErrorRate", "HighLatency"}) == "HighErrorRate");
}
