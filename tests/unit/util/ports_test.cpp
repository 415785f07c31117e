#include <boost/test/unit_test.hpp>

#include <set>

#include "util/ports.hpp"

// The kernel picks port-0 binds at random from the ephemeral range (about 28k ports), so 500
// calls that only bind and close repeated some port 7 times when measured (each port
// claimed also holds a lock file open, so not thousands): a local stack that
// got the same port for Prometheus and Alertmanager failed to start.
BOOST_AUTO_TEST_CASE(never_hands_out_the_same_port_twice) {
    std::set<std::uint16_t> seen;
    for (int i = 0; i < 500; ++i) {
        const auto port = util::free_loopback_port();
        BOOST_TEST_REQUIRE(seen.insert(port).second, "port " << port << " handed out twice");
        BOOST_TEST(port > 0);
    }
}

BOOST_AUTO_TEST_CASE(a_handed_out_port_can_be_bound) {
    const auto port = util::free_loopback_port();
    BOOST_TEST(util::port_available("127.0.0.1", port));
}
