#include <boost/test/unit_test.hpp>

#include "capture/notification.hpp"

using capture::parse_capture_path;

BOOST_AUTO_TEST_CASE(reads_receiver_integration_index_and_what_follows) {
    auto p = parse_capture_path(
        "/capture/team-x%20%28prod%29/opsgenie/2/v2/alerts/abc/close?identifierType=alias");
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST(p->receiver == "team-x (prod)");
    BOOST_TEST(p->integration == "opsgenie");
    BOOST_TEST(p->index == 2);
    BOOST_TEST(p->rest == "v2/alerts/abc/close");
}

BOOST_AUTO_TEST_CASE(a_path_that_ends_at_the_index_has_nothing_after_it) {
    for (const char* target : {"/capture/oncall/slack/0", "/capture/oncall/slack/0/",
                               "/capture/oncall/slack/0?x=1", "/capture/oncall/slack/0#frag"}) {
        auto p = parse_capture_path(target);
        BOOST_REQUIRE_MESSAGE(p.has_value(), target);
        BOOST_TEST(p->receiver == "oncall");
        BOOST_TEST(p->rest == "");
    }
    // A base URL with a trailing '/' that the integration appends "/bot..." to.
    auto p = parse_capture_path("/capture/oncall/telegram/0//bot1:x/sendMessage");
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST(p->rest == "bot1:x/sendMessage");
}

BOOST_AUTO_TEST_CASE(refuses_anything_malformed) {
    for (const char* target : {"",
                               "/",
                               "/capture",
                               "/capture/",
                               "/capture/oncall",
                               "/capture/oncall/slack",
                               "/capture/oncall/slack/",
                               "/capture/oncall/slack/x",
                               "/capture/oncall/slack/-1",
                               "/capture/oncall/slack/+1",
                               "/capture/oncall/slack/12345",
                               "/capture/oncall/slack/1x",
                               "/capture/%zz/slack/0",
                               "/capture/%4/slack/0",
                               "/capture//slack/0",
                               "/capture/oncall//0",
                               "/capture/oncall/Sl@ck/0",
                               "/other/oncall/slack/0",
                               "capture/oncall/slack/0",
                               "/capture/oncall/slack/0x10"}) {
        BOOST_TEST(!parse_capture_path(target).has_value(), "accepted: " << target);
    }
}

BOOST_AUTO_TEST_CASE(capture_url_round_trips_any_receiver_name) {
    for (const std::string receiver :
         {"oncall", "team-x (prod)", "a/b?c#d", "100%", "Ünïcode équipe", "+plus+"}) {
        const std::string url = capture::capture_url(9099, receiver, "slack", 3);
        BOOST_TEST(url.starts_with("http://127.0.0.1:9099/capture/"));
        auto p = parse_capture_path(url.substr(url.find("/capture/")));
        BOOST_REQUIRE_MESSAGE(p.has_value(), url);
        BOOST_TEST(p->receiver == receiver);
        BOOST_TEST(p->integration == "slack");
        BOOST_TEST(p->index == 3);
    }
    BOOST_TEST(capture::capture_url(1, "r", "opsgenie", 0, true) ==
               "http://127.0.0.1:1/capture/r/opsgenie/0/");
}
