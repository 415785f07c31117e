// What a person reads, judged: template marks, annotations and the notification's text.
#include <boost/test/unit_test.hpp>

#include "verify/rendered_checks.hpp"

using namespace verify;
using namespace std::chrono_literals;

namespace {

AlertTimeline fired(const promapi::Labels& annotations) {
    AlertTimeline t({"HighErrorRate", {}});
    promapi::PrometheusAlert a{{{"alertname", "HighErrorRate"}}, annotations, "firing", ""};
    t.observe_prometheus({a}, 10s);
    return t;
}

CapturedNotification slack(std::vector<capture::Field> fields,
                           const std::string& attribution = "webhook") {
    capture::Notification n;
    n.receiver = "oncall";
    n.integration = "slack";
    n.status = "firing";
    n.attribution = attribution;
    n.alerts = {{{"alertname", "HighErrorRate"}}};
    n.fields = std::move(fields);
    return {12s, n};
}

AlertExpectation expect() {
    AlertExpectation e;
    e.alert = "HighErrorRate";
    e.receiver = "oncall";
    e.fire = {60s, "test"};
    return e;
}

JudgeRules rules() {
    JudgeRules r;
    r.webhooks = true;
    r.deliver = {11s, "test"};
    return r;
}

Check named(const std::vector<Check>& checks, const std::string& prefix) {
    for (const auto& c : checks) {
        if (c.name.starts_with(prefix))
            return c;
    }
    throw std::runtime_error("no check " + prefix);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rendered_checks)

BOOST_AUTO_TEST_CASE(a_clean_notification_and_annotations_pass_the_template_check) {
    const auto t = fired({{"summary", "Error rate is 12.5%"}});
    Record r;
    r.notifications.push_back(slack({{"title", "[FIRING:1] HighErrorRate"}, {"text", "12.5%"}}));
    const auto checks = judge_rendered(expect(), t, r, rules());
    const auto& c = named(checks, "template HighErrorRate");
    BOOST_TEST(c.passed(), c.detail);
    BOOST_TEST(c.detail ==
               "nothing broken in annotations summary and the notifications of "
               "oncall slack[0]");
}

BOOST_AUTO_TEST_CASE(no_value_in_a_slack_text_fails_naming_receiver_integration_and_field) {
    const auto t = fired({{"summary", "Error rate is 12.5%"}});
    Record r;
    r.notifications.push_back(
        slack({{"title", "[FIRING:1] HighErrorRate"}, {"text", "Runbook: <no value>"}}));
    const auto& c = named(judge_rendered(expect(), t, r, rules()), "template");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail == "oncall slack[0] text holds <no value>: \"Runbook: <no value>\"");
}

BOOST_AUTO_TEST_CASE(an_annotation_prometheus_could_not_expand_fails_the_template_check) {
    const auto t = fired({{"summary",
                           "<error expanding template: error executing template __alert_X: "
                           "template: __alert_X:1:3: executing ... at <humanizePercentage>>"}});
    Record r;
    const auto& c = named(judge_rendered(expect(), t, r, rules()), "template");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail.starts_with("annotation summary holds <error expanding template"),
               c.detail);
}

BOOST_AUTO_TEST_CASE(an_empty_slack_title_and_a_go_format_error_are_found) {
    const auto t = fired({});
    Record r;
    r.notifications.push_back(slack({{"text", "rate %!f(string=high)"}}));
    const auto& c = named(judge_rendered(expect(), t, r, rules()), "template");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail.find(
                   "oncall slack[0] text holds a Go formatting error: \"rate %!f(string=high)\"") !=
                   std::string::npos,
               c.detail);
    BOOST_TEST(c.detail.find("oncall slack[0] title is empty") != std::string::npos, c.detail);
}

BOOST_AUTO_TEST_CASE(a_finding_only_in_a_message_obsctl_cannot_tie_is_inconclusive) {
    const auto t = fired({});
    Record r;
    r.notifications.push_back(slack({{"title", "x"}, {"text", "<no value>"}}, "ambiguous"));
    const auto& c = named(judge_rendered(expect(), t, r, rules()), "template");
    BOOST_TEST(c.inconclusive(), c.detail);
}

BOOST_AUTO_TEST_CASE(annotations_are_matched_against_their_regex) {
    auto e = expect();
    e.annotations = {{"summary", R"(\d+(\.\d+)?%)"}, {"runbook_url", "^https://"}};
    const auto t = fired({{"summary", "Error rate is 12.5%"}});
    Record r;
    const auto& c = named(judge_rendered(e, t, r, rules()), "annotations");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail == "no annotation runbook_url");
    e.annotations.erase("runbook_url");
    BOOST_TEST(named(judge_rendered(e, t, r, rules()), "annotations").passed());
}

BOOST_AUTO_TEST_CASE(the_notification_must_say_what_the_scenario_asks) {
    auto e = expect();
    e.notification =
        scenario::NotificationExpectation{"", "", {"HighErrorRate", "runbook"}, "\\d+%"};
    const auto t = fired({});
    Record r;
    r.notifications.push_back(slack({{"title", "[FIRING:1] HighErrorRate"}, {"text", "12%"}}));
    auto c = named(judge_rendered(e, t, r, rules()), "notification HighErrorRate -> oncall");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail == "oncall slack[0] +12.0s lacks \"runbook\"");
    r.notifications.front().second.fields.push_back({"text", "runbook: https://x"});
    c = named(judge_rendered(e, t, r, rules()), "notification");
    BOOST_TEST(c.passed(), c.detail);
}

BOOST_AUTO_TEST_CASE(one_integration_of_the_receiver_saying_all_of_it_is_enough) {
    auto e = expect();
    e.notification = scenario::NotificationExpectation{"", "", {"Runbook:"}, ""};
    const auto t = fired({});
    Record r;
    auto pagerduty = slack({{"summary", "[FIRING:1] HighErrorRate"}});
    pagerduty.second.integration = "pagerduty";
    r.notifications.push_back(pagerduty);
    r.notifications.push_back(slack({{"title", "x"}, {"text", "Runbook: https://r"}}));
    auto c = named(judge_rendered(e, t, r, rules()), "notification");
    BOOST_TEST(c.passed(), c.detail);
    BOOST_TEST(c.detail == "oncall slack[0] +12.0s says all of it");
    // Asked of PagerDuty alone, it fails naming what PagerDuty lacked.
    e.notification->integration = "pagerduty";
    c = named(judge_rendered(e, t, r, rules()), "notification");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail == "oncall pagerduty[0] +12.0s lacks \"Runbook:\"");
}

BOOST_AUTO_TEST_CASE(no_notification_is_a_failure_or_not_judged_when_the_run_ended_early) {
    auto e = expect();
    e.notification = scenario::NotificationExpectation{"", "", {"x"}, ""};
    const auto t = fired({});
    Record r;
    BOOST_TEST(named(judge_rendered(e, t, r, rules()), "notification").failed());
    auto early = rules();
    early.ended = 15s;  // before firing + deliver = 21 s
    BOOST_TEST(named(judge_rendered(e, t, r, early), "notification").not_judged());
}

BOOST_AUTO_TEST_CASE(an_alert_that_never_fired_skips_what_it_would_have_said) {
    auto e = expect();
    e.annotations = {{"summary", "x"}};
    AlertTimeline t({"HighErrorRate", {}});
    Record r;
    const auto checks = judge_rendered(e, t, r, rules());
    BOOST_TEST(checks.size() == 2u);
    BOOST_TEST(named(checks, "template").skipped());
    BOOST_TEST(named(checks, "annotations").skipped());
}

BOOST_AUTO_TEST_CASE(a_percent_and_bang_in_prose_is_no_format_error) {
    const auto t = fired({{"summary", "Error budget at 95%! Act now"}});
    Record r;
    r.notifications.push_back(slack({{"title", "x"}, {"text", "100%!"}}));
    BOOST_TEST(named(judge_rendered(expect(), t, r, rules()), "template").passed());
    r.notifications.push_back(slack({{"title", "x"}, {"text", "rate %!(EXTRA string=x)"}}));
    BOOST_TEST(named(judge_rendered(expect(), t, r, rules()), "template").failed());
}

BOOST_AUTO_TEST_CASE(an_integration_alertmanager_could_not_send_fails_the_template_check) {
    // oncall's webhook delivered (so `deliver` passes), its Slack message never came.
    const auto t = fired({});
    Record r;
    auto webhook = slack({{"body", "{}"}});
    webhook.second.integration = "webhook";
    r.notifications.push_back(webhook);
    r.notify_errors = {
        "oncall/slack[0]: notify retry canceled after 1 attempts: template: "
        ":1:12: executing \"\" at <.Nope>: can't evaluate field Nope",
        "team/email[0]: some other receiver's trouble"};
    const auto c = named(judge_rendered(expect(), t, r, rules()), "template");
    BOOST_TEST(c.failed());
    BOOST_TEST(c.detail.starts_with("Alertmanager could not send oncall/slack[0]: notify retry"),
               c.detail);
    BOOST_TEST(c.detail.find("team/email") == std::string::npos, c.detail);
    // A send that failed on the way (obsctl's own webhook post racing a closed connection)
    // says nothing of the template: `deliver` judges whether a message came.
    r.notify_errors = {
        "oncall/webhook[1]: notify retry canceled after 2 attempts: Post "
        "\"http://127.0.0.1:43675/hooks/oncall\": EOF"};
    BOOST_TEST(named(judge_rendered(expect(), t, r, rules()), "template").passed());
    // Once a Slack message carrying the alert came, an error of another group is not its own.
    r.notify_errors = {
        "oncall/slack[0]: notify retry canceled after 1 attempts: template: "
        ":1:12: executing \"\" at <.Nope>: can't evaluate field Nope"};
    r.notifications.push_back(slack({{"title", "x"}, {"text", "y"}}));
    BOOST_TEST(named(judge_rendered(expect(), t, r, rules()), "template").passed());
}

BOOST_AUTO_TEST_SUITE_END()
