// Alertmanager's own words for a notification it could not send, from its log.
#include <boost/test/unit_test.hpp>

#include "verify/notify_log.hpp"

BOOST_AUTO_TEST_SUITE(notify_log)

BOOST_AUTO_TEST_CASE(reads_both_forms_alertmanager_writes_and_nothing_else) {
    const std::string log =
        R"(ts=2026-12-03T01:00:00.000Z caller=main.go:240 level=info msg="Starting Alertmanager")"
        "\n"
        R"(ts=2026-12-03T01:00:05.000Z caller=dispatch.go:352 level=error component=dispatcher msg="Notify for alerts failed" num_alerts=1 err="team/email[0]: notify retry canceled due to unrecoverable error after 1 attempts: execute Subject header template: template: :1:12: executing \"\" at <{{template \"nope\" .}}>: template \"nope\" not defined")"
        "\n"
        R"(ts=2026-12-03T01:00:06.000Z caller=notify.go:732 level=warn component=dispatcher receiver=oncall integration=slack[0] msg="Notify attempt failed, will retry later" attempts=1 err="unexpected status code 500")"
        "\n";
    const auto errors = verify::notify_errors_in(log);
    BOOST_REQUIRE_EQUAL(errors.size(), 2u);
    BOOST_TEST(errors[0] ==
               "team/email[0]: notify retry canceled due to unrecoverable error after 1 attempts: "
               "execute Subject header template: template: :1:12: executing \"\" at "
               "<{{template \"nope\" .}}>: template \"nope\" not defined");
    BOOST_TEST(errors[1] == "oncall/slack[0]: unexpected status code 500");
}

BOOST_AUTO_TEST_CASE(a_line_cut_short_or_garbled_is_no_error) {
    BOOST_TEST(
        verify::notify_errors_in("msg=\"Notify for alerts failed\" err=\"unterminated").size() ==
        1u);
    BOOST_TEST(verify::notify_errors_in("err= msg=").empty());
    BOOST_TEST(verify::notify_errors_in(std::string(1000, '"')).empty());
}

BOOST_AUTO_TEST_SUITE_END()
