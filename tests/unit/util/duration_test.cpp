#include <boost/test/unit_test.hpp>

#include "util/duration.hpp"

using util::format_duration;
using util::Millis;
using util::parse_duration;

BOOST_AUTO_TEST_CASE(reads_prometheus_durations_with_several_units) {
    BOOST_TEST(parse_duration("1m30s").value().count() == 90'000);
    BOOST_TEST(parse_duration("500ms").value().count() == 500);
    BOOST_TEST(parse_duration("2h").value().count() == 7'200'000);
    BOOST_TEST(parse_duration("1d").value().count() == 86'400'000);
    BOOST_TEST(parse_duration("1.5s").value().count() == 1500);
}

BOOST_AUTO_TEST_CASE(rejects_what_is_not_a_duration) {
    for (const char* bad : {"", "5", "fast", "5x", "m", "-1s", "1s "}) {
        BOOST_TEST(!parse_duration(bad).has_value(), "accepted \"" << bad << "\"");
    }
}

BOOST_AUTO_TEST_CASE(writes_durations_that_read_back_the_same) {
    for (long long ms : {0LL, 250LL, 1000LL, 30'000LL, 90'000LL, 3'723'004LL}) {
        const std::string text = format_duration(Millis{ms});
        BOOST_TEST(parse_duration(text).value().count() == ms, text);
    }
    BOOST_TEST(format_duration(Millis{90'000}) == "1m30s");
    BOOST_TEST(format_duration(Millis{0}) == "0s");
}

BOOST_AUTO_TEST_CASE(shows_durations_for_people) {
    BOOST_TEST(util::human_duration(Millis{850}) == "850ms");
    BOOST_TEST(util::human_duration(Millis{41'900}) == "41.9s");
    BOOST_TEST(util::human_duration(Millis{140'000}) == "2m20s");
}

BOOST_AUTO_TEST_CASE(shows_measured_seconds_in_one_style_ms_below_a_second_s_above) {
    // The summary's p95 and a threshold's observed value of the same latency read alike.
    BOOST_TEST(util::human_seconds(2.9655) == "2.97s");
    BOOST_TEST(util::human_seconds(0.00023) == "0.23ms");
    BOOST_TEST(util::human_seconds(0.0127) == "12.7ms");
    BOOST_TEST(util::human_seconds(0.5) == "500ms");
    BOOST_TEST(util::human_seconds(0.9996) == "1s");  // not "1e+03ms"
    BOOST_TEST(util::human_seconds(1.5) == "1.5s");
    BOOST_TEST(util::human_seconds(75.26) == "75.3s");
    BOOST_TEST(util::human_seconds(1234) == "1234s");  // not "1.23e+03s"
    BOOST_TEST(util::human_seconds(0) == "0ms");
}

BOOST_AUTO_TEST_CASE(refuses_a_duration_that_would_overflow_and_says_why) {
    BOOST_TEST(!util::parse_duration("99999999999999999999y"));
    BOOST_TEST(!util::parse_duration("infs"));
    BOOST_TEST(!util::parse_duration("nans"));
    BOOST_TEST(util::duration_too_long("99999999999999999999y"));
    BOOST_TEST(util::duration_too_long("101y"));
    BOOST_TEST(!util::duration_too_long("soon"));
    BOOST_TEST(util::parse_duration("100y")->count() == util::k_max_duration.count());
}

#include "util/base64.hpp"

BOOST_AUTO_TEST_CASE(base64_round_trips_and_refuses_what_is_not_canonical) {
    for (std::string bytes :
         {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
          std::string("foob"), std::string("\0\xff\x80", 3)}) {
        const auto text = util::base64_encode(bytes);
        BOOST_TEST(text.size() % 4 == 0u);
        BOOST_TEST((util::base64_decode(text) == bytes));
    }
    BOOST_TEST(util::base64_encode("foobar") == "Zm9vYmFy");
    BOOST_TEST(util::base64_encode("fo") == "Zm8=");
    for (const char* bad : {"Zm8", "Zm8*", "Z===", "Zm9=", "Zg=a"})
        BOOST_TEST(!util::base64_decode(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(reads_rfc3339_times_with_their_zone) {
    using namespace std::chrono;
    const auto utc = util::parse_rfc3339("2026-12-02T10:00:00.250Z");
    BOOST_REQUIRE(utc.has_value());
    BOOST_TEST(duration_cast<milliseconds>(utc->time_since_epoch()).count() == 1796205600250);
    BOOST_TEST((*util::parse_rfc3339("2026-12-02T11:00:00.250+01:00") == *utc));
    // Alertmanager's nanoseconds.
    BOOST_TEST(util::parse_rfc3339("2026-12-02T10:00:00.250000000Z").has_value());
    BOOST_TEST(!util::parse_rfc3339("2026-12-02T10:00:00").has_value());
    BOOST_TEST(!util::parse_rfc3339("0001-01-01T00:00:00Z").has_value());  // Go's zero time
    BOOST_TEST(!util::parse_rfc3339("4052-01-01T00:00:00Z").has_value());
}

BOOST_AUTO_TEST_CASE(human_seconds_takes_more_digits_when_a_verdict_needs_them) {
    BOOST_TEST(util::human_seconds(0.8004) == "800ms");
    BOOST_TEST(util::human_seconds(0.8004, 4) == "800.4ms");
    BOOST_TEST(util::human_seconds(0.99996, 4) == "1s");
    BOOST_TEST(util::human_seconds(1.0004, 5) == "1.0004s");
    // Below 0.01ms still three significant digits, never "0.00ms".
    BOOST_TEST(util::human_seconds(0.000004) == "0.004ms");
}
