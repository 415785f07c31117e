#include <boost/test/unit_test.hpp>

#include "load/scaling.hpp"
#include "scenario/parser.hpp"

namespace {

scenario::Scenario scenario_of(const std::string& phases) {
    auto s =
        scenario::parse_scenario("name: s\nrequests: [{path: /}]\nphases:\n" + phases, "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().message()));
    return *s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scales_rates_durations_think_and_users) {
    const auto s = scenario_of(
        "  - {name: a, duration: 10s, rate: {from: 2, to: 4}}\n"
        "  - {name: b, duration: 10s, vus: 3, think: 1s}\n");
    const auto p = load::scaled_phases(s, 2.0, 0.5);
    BOOST_TEST(*p[0].rate_from == 4.0);
    BOOST_TEST(*p[0].rate_to == 8.0);
    BOOST_TEST(p[0].duration.count() == 5'000'000'000);
    BOOST_TEST(p[1].vus == 6u);
    BOOST_TEST(p[1].think.count() == 500'000'000);
    BOOST_TEST(load::check_scaled(s, p).has_value());
}

BOOST_AUTO_TEST_CASE(a_rate_scale_that_asks_one_process_too_much_is_a_usage_error) {
    const auto s = scenario_of("  - {name: burst, duration: 10s, rate: 500}\n");
    auto ok = load::check_scaled(s, load::scaled_phases(s, 1000.0, 1.0));
    BOOST_REQUIRE(!ok);
    BOOST_TEST(static_cast<int>(ok.error().code) == 2);
    BOOST_TEST(ok.error().message() ==
               "s.yaml: phase burst: 500000 requests per second after scaling is above the 100000 "
               "one obsctl process can send; lower --rate-scale or split the load");
}

BOOST_AUTO_TEST_CASE(a_duration_scale_past_the_limits_is_a_usage_error) {
    const auto s = scenario_of("  - {name: long, duration: 6d, rate: 1}\n");
    auto ok = load::check_scaled(s, load::scaled_phases(s, 1.0, 10.0));
    BOOST_REQUIRE(!ok);
    BOOST_TEST(ok.error().message().find("phase long: lasts 1440h after --duration-scale") !=
               std::string::npos);
    auto tiny = load::check_scaled(s, load::scaled_phases(s, 1.0, 1e-18));
    BOOST_REQUIRE(!tiny);
}
