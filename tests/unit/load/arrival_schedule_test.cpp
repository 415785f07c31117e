#include <boost/test/unit_test.hpp>

#include "load/arrival_schedule.hpp"

using namespace load;
using namespace std::chrono_literals;

namespace {

/// How many arrivals fall in [from, to).
std::uint64_t arrivals_between(const ArrivalSchedule& s, Nanos from, Nanos to) {
    std::uint64_t n = 0;
    for (std::uint64_t i = 0; i < s.total(); ++i) {
        if (s.at(i).at >= from && s.at(i).at < to)
            ++n;
    }
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_constant_rate_gives_exactly_rate_times_duration_evenly_spaced) {
    ArrivalSchedule s({{10s, 200, 200}});
    BOOST_TEST(s.total() == 2000u);
    BOOST_TEST(s.at(0).at.count() == 0);
    BOOST_TEST(s.at(1).at.count() == 5'000'000);  // 5 ms apart
    BOOST_TEST(s.at(1999).at.count() == 9'995'000'000);
    for (int second = 0; second < 10; ++second) {
        BOOST_TEST(arrivals_between(s, Nanos{second * 1'000'000'000LL},
                                    Nanos{(second + 1) * 1'000'000'000LL}) == 200u);
    }
}

BOOST_AUTO_TEST_CASE(a_linear_ramp_gives_the_area_under_the_rate_and_speeds_up) {
    ArrivalSchedule s({{10s, 0, 100}});  // from 0 to 100/s: 500 requests
    BOOST_TEST(s.total() == 500u);
    // The first second of a 0->100 ramp holds the area 0.5 * 1 * 10 = 5 requests, the last 95.
    BOOST_TEST(arrivals_between(s, 0s, 1s) == 5u);
    BOOST_TEST(arrivals_between(s, 9s, 10s) == 95u);
    for (std::uint64_t i = 1; i < s.total(); ++i)
        BOOST_REQUIRE(s.at(i).at > s.at(i - 1).at);
}

BOOST_AUTO_TEST_CASE(phases_follow_each_other_and_closed_phases_take_time_without_arrivals) {
    ArrivalSchedule s({{2s, 10, 10}, {3s, 0, 0}, {1s, 5, 15}});
    BOOST_TEST(s.total() == 20u + 0u + 10u);
    BOOST_TEST(s.count_in_phase(1) == 0u);
    BOOST_TEST(s.at(19).phase == 0u);
    BOOST_TEST(s.at(20).phase == 2u);
    BOOST_TEST(s.at(20).at.count() == 5'000'000'000LL);  // phase 3 starts after 2 s + 3 s
    BOOST_TEST((s.end() == 6s));
}

BOOST_AUTO_TEST_CASE(a_ramp_down_ends_inside_its_phase) {
    ArrivalSchedule s({{4s, 40, 10}});
    BOOST_TEST(s.total() == 100u);
    BOOST_TEST(s.at(99).at < 4s);
    BOOST_TEST(arrivals_between(s, 0s, 1s) > arrivals_between(s, 3s, 4s));
}
