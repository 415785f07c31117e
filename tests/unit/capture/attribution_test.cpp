// Which alerts a Slack message or an email carried, learnt from obsctl's webhook beside it.
#include <boost/test/unit_test.hpp>

#include "capture/attribution.hpp"

using namespace std::chrono_literals;
using capture::Attributor;
using capture::Notification;
using Clock = std::chrono::steady_clock;

namespace {

const Clock::time_point t0{std::chrono::seconds(1000)};

std::vector<promapi::Delivery> post(const std::string& receiver, const std::string& alert,
                                    const std::string& status = "firing") {
    return {{receiver, status, {{"alertname", alert}, {"job", "demoapp"}}, {}, {}, {}}};
}

Notification slack(const std::string& receiver, Clock::time_point at, const std::string& title) {
    Notification n;
    n.receiver = receiver;
    n.integration = "slack";
    n.at = at;
    n.fields = {{"title", title}, {"text", "Error rate 12.5%"}};
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(attribution)

BOOST_AUTO_TEST_CASE(a_slack_message_takes_the_alerts_of_the_webhook_post_of_its_flush) {
    Attributor a({"oncall"});
    a.add_notification(slack("oncall", t0, "[FIRING:1] HighErrorRate"));
    a.add_webhook(post("oncall", "HighErrorRate"), t0 + 3ms);
    // Not yet: other posts of the same flush may still be on their way.
    BOOST_TEST(a.take(t0 + 100ms).notifications.empty());
    const auto caught = a.take(t0 + 600ms);
    BOOST_REQUIRE_EQUAL(caught.notifications.size(), 1u);
    const auto& n = caught.notifications.front();
    BOOST_TEST(n.attribution == "webhook");
    BOOST_TEST(n.status == "firing");
    BOOST_REQUIRE_EQUAL(n.alerts.size(), 1u);
    BOOST_TEST(n.alerts.front().at("alertname") == "HighErrorRate");
    // The delivery that counts is the Slack message's, not obsctl's webhook.
    BOOST_REQUIRE_EQUAL(caught.deliveries.size(), 1u);
    BOOST_TEST(caught.deliveries.front().integration == "slack[0]");
    BOOST_TEST((caught.deliveries.front().at == t0));
}

BOOST_AUTO_TEST_CASE(a_receiver_whose_integrations_are_not_captured_is_delivered_by_the_webhook) {
    Attributor a({"oncall"});
    a.add_webhook(post("pager", "HighLatency"), t0);
    auto caught = a.take(t0 + 1ms);
    BOOST_REQUIRE_EQUAL(caught.deliveries.size(), 1u);
    BOOST_TEST(caught.deliveries.front().integration.empty());
    BOOST_TEST(caught.notifications.empty());
    // Handed out once.
    BOOST_TEST(a.take(t0 + 2ms).deliveries.empty());
}

BOOST_AUTO_TEST_CASE(groups_flushed_at_once_are_told_apart_by_the_alert_the_text_names) {
    Attributor a({"oncall"});
    a.add_webhook(post("oncall", "HighErrorRate"), t0);
    a.add_webhook(post("oncall", "HighLatency"), t0 + 1ms);
    a.add_notification(slack("oncall", t0 + 2ms, "[FIRING:1] HighLatency"));
    auto caught = a.take(t0 + 1s);
    BOOST_REQUIRE_EQUAL(caught.notifications.size(), 1u);
    BOOST_TEST(caught.notifications.front().attribution == "webhook");
    BOOST_TEST(caught.notifications.front().alerts.front().at("alertname") == "HighLatency");
}

BOOST_AUTO_TEST_CASE(groups_the_text_does_not_tell_apart_are_marked_ambiguous) {
    Attributor a({"oncall"});
    a.add_webhook(post("oncall", "HighErrorRate"), t0);
    a.add_webhook(post("oncall", "HighLatency"), t0 + 1ms);
    a.add_notification(slack("oncall", t0 + 2ms, "Something is wrong"));
    auto caught = a.take(t0 + 1s);
    BOOST_REQUIRE_EQUAL(caught.notifications.size(), 1u);
    BOOST_TEST(caught.notifications.front().attribution == "ambiguous");
    BOOST_TEST(caught.notifications.front().alerts.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_notification_without_a_post_within_the_window_carries_no_alert) {
    Attributor a({"oncall"});
    a.add_webhook(post("oncall", "HighErrorRate"), t0);
    a.add_notification(slack("oncall", t0 + 5s, "late"));
    BOOST_TEST(a.take(t0 + 6s).notifications.empty());  // still waiting
    auto caught = a.take(t0 + 7100ms);
    BOOST_REQUIRE_EQUAL(caught.notifications.size(), 1u);
    BOOST_TEST(caught.notifications.front().attribution == "none");
    BOOST_TEST(caught.notifications.front().alerts.empty());
    BOOST_TEST(caught.deliveries.empty());
}

BOOST_AUTO_TEST_CASE(a_webhook_payload_names_its_own_alerts_and_when_they_ended) {
    Attributor a;  // a stack obsctl did not render
    Notification n;
    n.receiver = "oncall";
    n.integration = "webhook";
    n.at = t0;
    auto carried = post("oncall", "HighErrorRate", "resolved");
    carried.front().ended = t0 - 2s;
    a.add_notification(n, carried);
    auto caught = a.take(t0);
    BOOST_REQUIRE_EQUAL(caught.deliveries.size(), 1u);
    BOOST_TEST(caught.deliveries.front().integration == "webhook[0]");
    BOOST_TEST((*caught.deliveries.front().ended == t0 - 2s));
    BOOST_TEST(caught.notifications.front().attribution == "payload");
}

BOOST_AUTO_TEST_CASE(an_alert_name_counts_only_as_a_whole_word) {
    Attributor a({"oncall"});
    a.add_webhook(post("oncall", "HighErrorRate"), t0);
    a.add_webhook(post("oncall", "HighErrorRateBudget"), t0 + 1ms);
    a.add_notification(slack("oncall", t0 + 2ms, "[FIRING:1] HighErrorRateBudget"));
    auto caught = a.take(t0 + 1s);
    BOOST_REQUIRE_EQUAL(caught.notifications.size(), 1u);
    BOOST_TEST(caught.notifications.front().attribution == "webhook");
    BOOST_TEST(caught.notifications.front().alerts.front().at("alertname") ==
               "HighErrorRateBudget");
}

BOOST_AUTO_TEST_CASE(a_message_of_a_group_still_firing_delivers_no_resolved_alert) {
    Attributor a({"oncall"});
    auto mixed = post("oncall", "A", "resolved");
    mixed.push_back(post("oncall", "B").front());
    a.add_webhook(mixed, t0);
    a.add_notification(slack("oncall", t0 + 1ms, "A and B"));
    auto caught = a.take(t0 + 1s);
    BOOST_REQUIRE_EQUAL(caught.notifications.size(), 1u);
    BOOST_TEST(caught.notifications.front().status == "firing");
    BOOST_REQUIRE_EQUAL(caught.deliveries.size(), 1u);
    BOOST_TEST(caught.deliveries.front().labels.at("alertname") == "B");
}

BOOST_AUTO_TEST_SUITE_END()
