#include <boost/test/unit_test.hpp>

#include "demoapp/active_users.hpp"

using demoapp::ActiveUsers;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(counts_distinct_users_within_the_window) {
    ActiveUsers users(60s);
    const auto t0 = ActiveUsers::Clock::time_point{} + 1h;
    users.seen(1, t0);
    users.seen(2, t0 + 10s);
    users.seen(1, t0 + 20s);
    BOOST_TEST(users.count(t0 + 30s) == 2u);
}

BOOST_AUTO_TEST_CASE(forgets_users_not_seen_for_a_minute) {
    ActiveUsers users(60s);
    const auto t0 = ActiveUsers::Clock::time_point{} + 1h;
    users.seen(1, t0);
    users.seen(2, t0 + 30s);
    BOOST_TEST(users.count(t0 + 59s) == 2u);
    BOOST_TEST(users.count(t0 + 60s) == 1u);
    BOOST_TEST(users.count(t0 + 90s) == 0u);
}

BOOST_AUTO_TEST_CASE(remembers_at_most_its_capacity) {
    ActiveUsers users(60s, 100);
    const auto t0 = ActiveUsers::Clock::time_point{} + 1h;
    for (std::uint64_t id = 0; id < 10'000; ++id)
        users.seen(id, t0);
    BOOST_TEST(users.count(t0) == 100u);
    // Once the old ones expire, new users are counted again.
    users.seen(50'000, t0 + 61s);
    BOOST_TEST(users.count(t0 + 61s) == 1u);
}
