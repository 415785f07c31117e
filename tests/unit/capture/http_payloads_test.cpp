#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "capture/http_payloads.hpp"
#include "fixtures.hpp"
#include "promapi/webhook.hpp"
#include "support/test_support.hpp"

using capture::Notification;
using capture_fixtures::recorded;

namespace {

const auto k_at = std::chrono::steady_clock::time_point(std::chrono::seconds(42));

/// A recorded request parsed as the listener will parse it.
std::optional<Notification> parse_recorded(const std::string& file) {
    const auto r = recorded(file);
    const auto path = capture::parse_capture_path(r.path);
    BOOST_REQUIRE_MESSAGE(path.has_value(), r.path);
    return capture::parse_http_notification(*path, r.method, r.path, r.body, k_at);
}

Notification notification(const std::string& file) {
    auto n = parse_recorded(file);
    BOOST_REQUIRE_MESSAGE(n.has_value(), file << " is not a notification");
    BOOST_TEST(n->unreadable == "", file);
    return *n;
}

using capture_fixtures::field;

using test_support::contains;

Notification parse(const std::string& integration, const std::string& body,
                   const std::string& rest = "", const std::string& method = "POST") {
    const capture::CapturePath path{"r", integration, 1, rest};
    auto n = capture::parse_http_notification(path, method, "/capture/r/" + integration + "/1",
                                              body, k_at);
    BOOST_REQUIRE(n.has_value());
    return *n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_recorded_request_names_its_receiver_and_is_answered_2xx) {
    const auto all = recorded();
    BOOST_TEST(all.size() >= 20u);
    for (const auto& r : all) {
        if (r.method == "DATA")
            continue;  // email: email_test.cpp
        const auto path = capture::parse_capture_path(r.path);
        BOOST_REQUIRE_MESSAGE(path.has_value(), r.path);
        BOOST_TEST(path->receiver == "team-x (prod)");
        BOOST_TEST(path->index == 0);
        const auto answer = capture::answer_http(*path, r.method, r.path);
        BOOST_TEST(answer.status / 100 == 2u, r.file);
        auto n = capture::parse_http_notification(*path, r.method, r.path, r.body, k_at);
        if (!n)
            continue;
        BOOST_TEST(n->unreadable == "", r.file);
        BOOST_TEST(!n->fields.empty(), r.file);
        BOOST_TEST(n->receiver == "team-x (prod)");
        BOOST_TEST(n->integration == path->integration);
        BOOST_TEST((n->at == k_at));
        BOOST_TEST(n->raw == r.body);
    }
}

BOOST_AUTO_TEST_CASE(reads_slacks_first_attachment_and_its_fields) {
    const auto n = notification("slack_firing_0.body");
    BOOST_TEST(field(n, "channel") == "#alerts");
    BOOST_TEST(field(n, "username") == "alertmanager");
    BOOST_TEST(field(n, "title") == "[FIRING] DiskFull");
    BOOST_TEST(field(n, "text") == "Disk full on db1");
    BOOST_TEST(field(n, "color") == "danger");
    BOOST_TEST(contains(field(n, "fallback"), "[FIRING:1] DiskFull (db1 critical)"));
    BOOST_TEST(contains(field(n, "title_link"), "receiver=team-x"));
    BOOST_TEST(field(n, "fields[0].title") == "Severity");
    BOOST_TEST(field(n, "fields[0].value") == "critical");
    BOOST_TEST(field(n, "actions[0].text") == "Runbook");
    BOOST_TEST(field(n, "actions[0].url") == "https://runbooks.example/DiskFull");
    BOOST_TEST(n.field("footer") == nullptr);  // empty in the payload: left out
    BOOST_TEST(n.status == "");                // Slack's payload does not say
    BOOST_TEST(field(notification("slack_resolved_0.body"), "title") == "[RESOLVED] DiskFull");
}

BOOST_AUTO_TEST_CASE(reads_pagerduty_events_v2_with_its_status) {
    const auto n = notification("pagerduty_firing_0.body");
    BOOST_TEST(n.status == "firing");
    BOOST_TEST(field(n, "summary") == "[FIRING:1] DiskFull (db1 critical)");
    BOOST_TEST(field(n, "severity") == "critical");
    BOOST_TEST(field(n, "source") == "Alertmanager");
    BOOST_TEST(field(n, "component") == "storage");
    BOOST_TEST(field(n, "group") == "db");
    BOOST_TEST(field(n, "class") == "disk");
    BOOST_TEST(field(n, "details.instance") == "db1");
    BOOST_TEST(field(n, "details.num_firing") == "1");
    BOOST_TEST(contains(field(n, "details.firing"), "alertname = DiskFull"));
    BOOST_TEST(field(n, "links[0].href") == "https://runbooks.example/disk");
    BOOST_TEST(n.field("routing_key") == nullptr);  // a secret is never a field
    const auto resolved = notification("pagerduty_resolved_0.body");
    BOOST_TEST(resolved.status == "resolved");
    BOOST_TEST(field(resolved, "summary") == "[RESOLVED] DiskFull (db1 critical)");
}

BOOST_AUTO_TEST_CASE(reads_pagerduty_events_v1) {
    const auto n = parse("pagerduty", R"({"service_key":"k","event_type":"resolve",
        "incident_key":"x","description":"[RESOLVED] Disk","details":{"firing":"a"},
        "client":"Alertmanager"})");
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(n.status == "resolved");
    BOOST_TEST(field(n, "description") == "[RESOLVED] Disk");
    BOOST_TEST(field(n, "details.firing") == "a");
    BOOST_TEST(n.field("service_key") == nullptr);
}

BOOST_AUTO_TEST_CASE(reads_the_webhooks_alerts_and_keeps_its_json) {
    const auto n = notification("webhook_firing_0.body");
    BOOST_TEST(n.status == "firing");
    BOOST_REQUIRE(n.alerts.size() == 1u);
    BOOST_TEST(n.alerts[0].at("alertname") == "DiskFull");
    BOOST_TEST(n.alerts[0].at("instance") == "db1");
    BOOST_TEST(field(n, "body") == recorded("webhook_firing_0.body").body);
    BOOST_TEST(notification("webhook_resolved_0.body").status == "resolved");
}

BOOST_AUTO_TEST_CASE(a_webhooks_receiver_is_its_name_not_alertmanagers_quoted_form) {
    // Alertmanager 0.25 posted these for the receiver "team-x (prod)" as `team-x \(prod\)`
    // (regexp.QuoteMeta): a check on that receiver must find it under its own name.
    const auto now = std::chrono::steady_clock::now();
    for (const char* file : {"webhook_firing_0.body", "webhook_resolved_0.body"}) {
        const auto d = promapi::parse_webhook(capture_fixtures::read_file(file), "/hooks/x", now);
        BOOST_REQUIRE(!d.empty());
        BOOST_TEST(d[0].receiver == "team-x (prod)");
    }
    auto receiver = [&](const std::string& quoted) {
        const auto d = promapi::parse_webhook(
            R"({"receiver":")" + quoted +
                R"(","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"A"}}]})",
            "/hooks/x", now);
        BOOST_REQUIRE(d.size() == 1u);
        return d[0].receiver;
    };
    BOOST_TEST(receiver(R"(team\\.db)") == "team.db");
    BOOST_TEST(receiver(R"(a\\\\b)") == "a\\b");
    BOOST_TEST(receiver("plain-name") == "plain-name");
}

BOOST_AUTO_TEST_CASE(reads_opsgenies_create_and_close_and_skips_its_updates) {
    const auto n = notification("opsgenie_firing_0.body");
    BOOST_TEST(n.status == "firing");
    BOOST_TEST(field(n, "message") == "[FIRING:1] DiskFull (db1 critical)");
    BOOST_TEST(field(n, "priority") == "P1");
    BOOST_TEST(field(n, "tags") == "disk,critical");
    BOOST_TEST(field(n, "note") == "see the runbook");
    BOOST_TEST(field(n, "details.severity") == "critical");
    BOOST_TEST(contains(field(n, "description"), "DiskFull"));
    // update_alerts: the PUTs of message and description are not notifications of their own.
    BOOST_TEST(!parse_recorded("opsgenie_firing_1.body").has_value());
    BOOST_TEST(!parse_recorded("opsgenie_firing_2.body").has_value());
    const auto closed = notification("opsgenie_resolved_0.body");
    BOOST_TEST(closed.status == "resolved");
    BOOST_TEST(contains(field(closed, "source"), "receiver=team-x"));  // its default: the URL
}

BOOST_AUTO_TEST_CASE(reads_victorops_message_type_as_status) {
    const auto n = notification("victorops_firing_0.body");
    BOOST_TEST(n.status == "firing");
    BOOST_TEST(field(n, "message_type") == "CRITICAL");
    BOOST_TEST(field(n, "entity_display_name") == "[FIRING:1] DiskFull (db1 critical)");
    BOOST_TEST(contains(field(n, "state_message"), "alertname = DiskFull"));
    const auto resolved = notification("victorops_resolved_0.body");
    BOOST_TEST(resolved.status == "resolved");
    BOOST_TEST(field(resolved, "message_type") == "RECOVERY");
}

BOOST_AUTO_TEST_CASE(wechats_token_fetch_is_not_a_notification_and_its_send_is) {
    BOOST_TEST(!parse_recorded("wechat_firing_0.body").has_value());  // GET gettoken
    const auto n = notification("wechat_firing_1.body");
    BOOST_TEST(contains(field(n, "text"), "alertname = DiskFull"));
    BOOST_TEST(field(n, "msgtype") == "text");
    BOOST_TEST(field(n, "touser") == "@all");
    BOOST_TEST(field(n, "agentid") == "1000002");
    const auto md = parse("wechat", R"({"msgtype":"markdown","markdown":{"content":"**x**"}})");
    BOOST_TEST(field(md, "markdown") == "**x**");
}

BOOST_AUTO_TEST_CASE(reads_telegrams_text_as_json_or_form) {
    const auto n = notification("telegram_firing_0.body");
    BOOST_TEST(contains(field(n, "text"), "Alerts Firing:"));
    BOOST_TEST(field(n, "parse_mode") == "HTML");
    const auto form = parse("telegram", "chat_id=42&text=Disk+full%21&parse_mode=MarkdownV2");
    BOOST_TEST(form.unreadable == "");
    BOOST_TEST(field(form, "text") == "Disk full!");
    BOOST_TEST(field(form, "parse_mode") == "MarkdownV2");
}

BOOST_AUTO_TEST_CASE(reads_discords_embed_and_its_colour_as_status) {
    const auto n = notification("discord_firing_0.body");
    BOOST_TEST(n.status == "firing");
    BOOST_TEST(field(n, "title") == "[FIRING:1] DiskFull (db1 critical)");
    BOOST_TEST(contains(field(n, "description"), "alertname = DiskFull"));
    BOOST_TEST(field(n, "color") == std::to_string(0x992D22));
    BOOST_TEST(notification("discord_resolved_0.body").status == "resolved");
}

BOOST_AUTO_TEST_CASE(reads_webex_markdown_and_sns_publish) {
    BOOST_TEST(contains(field(notification("webex_firing_0.body"), "markdown"), "DiskFull"));
    const auto sns = notification("sns_firing_0.body");
    BOOST_TEST(field(sns, "subject") == "[FIRING] DiskFull");
    BOOST_TEST(contains(field(sns, "message"), "Disk full on db1"));
    BOOST_TEST(field(sns, "topic_arn") == "arn:aws:sns:us-east-1:123456789012:alerts");
    BOOST_TEST(field(notification("sns_resolved_0.body"), "subject") == "[RESOLVED] DiskFull");
}

BOOST_AUTO_TEST_CASE(a_body_of_another_shape_is_delivered_but_unreadable) {
    struct Case {
        const char* integration;
        const char* body;
        const char* why;
    };
    for (const Case& c : {Case{"slack", "not json", "not JSON"},
                          Case{"slack", "[1,2]", "expected a JSON object, got array"},
                          Case{"slack", R"({"attachments":"x"})", "attachments: expected an array"},
                          Case{"slack", R"({"attachments":[3]})", "attachments[0]"},
                          Case{"pagerduty", R"({"payload":{}})", "neither event_action"},
                          Case{"pagerduty", R"({"event_action":"trigger","payload":[]})",
                               "payload: expected an object"},
                          Case{"webhook", R"({"status":"firing","alerts":[1]})", "alerts[]"},
                          Case{"victorops", "{}", "no message_type"},
                          Case{"sns", "Action=Subscribe&Message=x", "not an SNS Publish"},
                          Case{"sns", "Message=%zz", "bad %-escape"},
                          Case{"telegram", "", "neither JSON nor a form"},
                          Case{"pushover", "token=x", "does not know the integration"}}) {
        const auto n = parse(c.integration, c.body);
        BOOST_TEST(contains(n.unreadable, c.why), c.integration << ": " << n.unreadable);
        BOOST_TEST(n.fields.empty());
        BOOST_TEST(n.alerts.empty());
        BOOST_TEST(n.status == "");
        BOOST_TEST(n.raw == c.body);
        BOOST_TEST(n.receiver == "r");
    }
}

BOOST_AUTO_TEST_CASE(keeps_at_most_64_kib_of_the_body) {
    const std::string text(100 * 1024, 'x');
    const auto n = parse("webex", nlohmann::json{{"markdown", text}}.dump());
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(n.raw.size() == 64u * 1024);
    BOOST_TEST(field(n, "markdown") == text);
}

BOOST_AUTO_TEST_CASE(odd_values_are_shown_as_written) {
    const auto n = parse("slack", R"({"attachments":[{"title":42,"text":null,
        "fields":[{"title":true,"value":{"a":1}}],"color":"good"}]})");
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(field(n, "title") == "42");
    BOOST_TEST(n.field("text") == nullptr);
    BOOST_TEST(field(n, "fields[0].title") == "true");
    BOOST_TEST(field(n, "fields[0].value") == R"({"a":1})");
}

BOOST_AUTO_TEST_CASE(answers_what_each_client_needs_to_count_it_sent) {
    const auto answer = [](const std::string& integration, const std::string& rest,
                           const std::string& method = "POST") {
        return capture::answer_http({"r", integration, 0, rest}, method, "/");
    };
    const auto token = nlohmann::json::parse(answer("wechat", "gettoken", "GET").body);
    BOOST_TEST(token.at("access_token").get<std::string>() != "");
    BOOST_TEST(token.at("errcode") == 0);
    BOOST_TEST(nlohmann::json::parse(answer("wechat", "message/send").body).at("errcode") == 0);
    const auto telegram = nlohmann::json::parse(answer("telegram", "bot1:x/sendMessage").body);
    BOOST_TEST(telegram.at("ok") == true);
    BOOST_TEST(telegram.at("result").at("chat").contains("id"));
    BOOST_TEST(contains(answer("sns", "").body, "<MessageId>"));
    BOOST_TEST(answer("sns", "").content_type == "text/xml");
    BOOST_TEST(answer("pagerduty", "").status == 202u);
    BOOST_TEST(answer("opsgenie", "v2/alerts").status == 202u);
    BOOST_TEST(answer("discord", "").status == 204u);
    BOOST_TEST(answer("discord", "").body == "");
    BOOST_TEST(answer("slack", "").status == 200u);
    BOOST_TEST(answer("something-new", "").status == 200u);
}

BOOST_AUTO_TEST_CASE(a_status_is_firing_resolved_or_nothing) {
    BOOST_TEST(parse("webhook", R"({"status":"on fire","alerts":[]})").status == "");
    BOOST_TEST(parse("pagerduty", R"({"event_action":"acknowledge"})").status == "");
    BOOST_TEST(parse("discord", R"({"embeds":[{"color":1}]})").status == "");
}
