#include <yaml-cpp/yaml.h>
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <regex>

#include "stack/alertmanager_config.hpp"
#include "stack/integrations.hpp"
#include "support/test_support.hpp"

namespace {

const stack::StackPorts k_am_ports{.webhook = 19095, .smtp = 12525};
const std::string k_capture = "http://127.0.0.1:19095/capture/";

/// tests/data/stack/all_integrations.yml: a receiver for every integration of Alertmanager 0.25.
YAML::Node all_integrations() {
    return YAML::LoadFile(std::string(OBSCTL_TEST_DATA) + "/stack/all_integrations.yml");
}

struct Rendered {
    stack::RenderedAlertmanager result;
    std::string text;  ///< the rendered file as written

    explicit Rendered(const YAML::Node& config)
        : result(stack::render_alertmanager_config(config, k_am_ports, stack::TimeScale{})) {
        YAML::Emitter emitter;
        emitter << result.config;
        text = emitter.c_str();
    }
    YAML::Node receiver(const std::string& name) const {
        for (const auto& r : result.config["receivers"]) {
            if (r["name"].as<std::string>() == name)
                return r;
        }
        BOOST_FAIL("no receiver " << name);
        return {};
    }
    std::string at(const std::string& name, const char* list, int i, const char* field) const {
        return receiver(name)[list][i][field].as<std::string>("<missing>");
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_integration_sends_to_its_capture_url) {
    const Rendered r(all_integrations());
    // The redirect table: endpoints written out, left to global and to Alertmanager's defaults
    // alike, at the capture URL (the receiver one path segment). Notifiers that append a path
    // of their own (OpsGenie, VictorOps, WeChat) get a base that ends in '/'; telebot and
    // aws-sdk-go add their own '/'.
    const struct {
        const char* receiver;
        const char* list;
        int index;
        const char* field;
        const char* url;  ///< after http://127.0.0.1:19095/capture/
    } expected[] = {
        {"slack-team", "slack_configs", 0, "api_url", "slack-team/slack/0"},
        {"slack-team", "slack_configs", 1, "api_url", "slack-team/slack/1"},
        {"slack-team", "slack_configs", 2, "api_url", "slack-team/slack/2"},
        {"pager on call", "pagerduty_configs", 0, "url", "pager%20on%20call/pagerduty/0"},
        {"pager on call", "pagerduty_configs", 1, "url", "pager%20on%20call/pagerduty/1"},
        {"opsgenie", "opsgenie_configs", 0, "api_url", "opsgenie/opsgenie/0/"},
        {"opsgenie", "opsgenie_configs", 1, "api_url", "opsgenie/opsgenie/1/"},
        {"victorops", "victorops_configs", 0, "api_url", "victorops/victorops/0/"},
        {"victorops", "victorops_configs", 1, "api_url", "victorops/victorops/1/"},
        {"wechat", "wechat_configs", 0, "api_url", "wechat/wechat/0/"},
        {"wechat", "wechat_configs", 1, "api_url", "wechat/wechat/1/"},
        {"telegram", "telegram_configs", 0, "api_url", "telegram/telegram/0"},
        {"discord", "discord_configs", 0, "webhook_url", "discord/discord/0"},
        {"webex", "webex_configs", 0, "api_url", "webex/webex/0"},
        {"sns", "sns_configs", 0, "api_url", "sns/sns/0"},
        {"sns", "sns_configs", 1, "api_url", "sns/sns/1"},
        {"hooks", "webhook_configs", 0, "url", "hooks/webhook/0"},
    };
    for (const auto& e : expected) {
        BOOST_TEST(r.at(e.receiver, e.list, e.index, e.field) == k_capture + e.url,
                   e.receiver << " " << e.list << "[" << e.index << "]");
    }
    // Email: obsctl's SMTP listener, plain, no auth; the header names receiver and index.
    for (int i : {0, 1}) {
        const auto email = r.receiver("email-team")["email_configs"][i];
        BOOST_TEST(email["smarthost"].as<std::string>() == "127.0.0.1:12525");
        BOOST_TEST(email["require_tls"].as<bool>() == false);
        BOOST_TEST(email["headers"]["X-Obsctl-Capture"].as<std::string>() ==
                   "email-team/email/" + std::to_string(i));
        for (const char* gone :
             {"auth_username", "auth_password_file", "auth_identity", "tls_config"}) {
            BOOST_TEST(!email[gone].IsDefined(), gone);
        }
    }
    // The user's own header of that name gives way (Alertmanager refuses duplicates).
    BOOST_TEST(r.text.find("forged") == std::string::npos, r.text);
    BOOST_TEST(r.text.find("x-obsctl-capture") == std::string::npos, r.text);
    BOOST_TEST(r.result.config["global"]["smtp_require_tls"].as<bool>() == false);
}

BOOST_AUTO_TEST_CASE(templates_and_settings_stay_as_written) {
    const Rendered r(all_integrations());
    const auto slack = r.receiver("slack-team")["slack_configs"][0];
    BOOST_TEST(slack["title"].as<std::string>() ==
               "{{ .CommonLabels.alertname }} on {{ .CommonLabels.job }}");
    BOOST_TEST(slack["text"].as<std::string>() ==
               "{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}");
    BOOST_TEST(slack["fields"][0]["value"].as<std::string>() == "{{ .CommonLabels.severity }}");
    BOOST_TEST(slack["actions"][0]["url"].as<std::string>() ==
               "{{ .CommonAnnotations.runbook_url }}");
    BOOST_TEST(slack["title_link"].as<std::string>() == "https://grafana.example.com/d/abc");
    BOOST_TEST(slack["send_resolved"].as<bool>() == true);
    BOOST_TEST(slack["channel"].as<std::string>() == "#alerts");
    BOOST_TEST(slack["http_config"]["follow_redirects"].as<bool>() == false);
    const auto email = r.receiver("email-team")["email_configs"];
    BOOST_TEST(email[0]["headers"]["Subject"].as<std::string>() ==
               "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}");
    BOOST_TEST(email[0]["html"].as<std::string>() == "<b>{{ .CommonAnnotations.summary }}</b>");
    BOOST_TEST(email[0]["text"].as<std::string>() == "{{ .CommonAnnotations.description }}");
    BOOST_TEST(email[0]["to"].as<std::string>() == "db-team@example.com");
    BOOST_TEST(email[1]["from"].as<std::string>() == "pager@example.com");
    // An email without a from of its own takes global's; hello alike.
    BOOST_TEST(r.result.config["global"]["smtp_from"].as<std::string>() ==
               "alertmanager@example.com");
    BOOST_TEST(r.result.config["global"]["smtp_hello"].as<std::string>() == "alerts.example.com");
    BOOST_TEST(r.result.config["global"]["resolve_timeout"].as<std::string>() == "3m");
    const auto pd = r.receiver("pager on call")["pagerduty_configs"][0];
    BOOST_TEST(pd["details"]["runbook"].as<std::string>() ==
               "{{ .CommonAnnotations.runbook_url }}");
    BOOST_TEST(pd["severity"].as<std::string>() == "{{ .CommonLabels.severity }}");
    BOOST_TEST(pd["links"][0]["text"].as<std::string>() == "Runbook");
    BOOST_TEST(r.at("opsgenie", "opsgenie_configs", 0, "tags") ==
               "obsctl,{{ .CommonLabels.team }}");
    BOOST_TEST(
        r.receiver("opsgenie")["opsgenie_configs"][0]["responders"][0]["name"].as<std::string>() ==
        "dba");
    BOOST_TEST(r.at("victorops", "victorops_configs", 0, "routing_key") == "database");
    BOOST_TEST(r.at("wechat", "wechat_configs", 0, "message_type") == "markdown");
    BOOST_TEST(r.at("telegram", "telegram_configs", 0, "parse_mode") == "MarkdownV2");
    BOOST_TEST(r.at("discord", "discord_configs", 0, "title") == "{{ .CommonLabels.alertname }}");
    BOOST_TEST(r.at("webex", "webex_configs", 0, "room_id") == "ROOM1");
    BOOST_TEST(r.at("sns", "sns_configs", 0, "topic_arn") ==
               "arn:aws:sns:eu-west-1:123456789012:alerts");
    BOOST_TEST(r.at("sns", "sns_configs", 1, "phone_number") == "+15555550100");
    BOOST_TEST(r.receiver("hooks")["webhook_configs"][0]["max_alerts"].as<int>() == 10);
}

BOOST_AUTO_TEST_CASE(no_endpoint_proxy_file_or_secret_of_the_users_is_copied) {
    const Rendered r(all_integrations());
    // Every value the data file writes in CAPITALS (hosts, keys, passwords, files, proxies).
    const std::string original = [] {
        YAML::Emitter e;
        e << all_integrations();
        return std::string(e.c_str());
    }();
    const std::regex capitals("[A-Z][A-Z0-9]{3,}");
    int checked = 0;
    for (std::sregex_iterator it(original.begin(), original.end(), capitals), end; it != end;
         ++it) {
        const std::string word = it->str();
        // The data's own words in capitals that are not secrets (Runbook, ROOM1 is a room id).
        if (word == "ROOM1" || word == "CAPITALS")
            continue;
        ++checked;
        BOOST_TEST(r.text.find(word) == std::string::npos, word << " copied");
    }
    BOOST_TEST(checked > 40);
    for (const char* key :
         {"proxy_url", "proxy_connect_header", "oauth2", "basic_auth", "bearer_token", "tls_config",
          "_file", "role_arn", "profile", "hooks.slack.com", "https://"}) {
        if (std::string(key) == "https://") {
            // Only content links a reader clicks remain (Slack's title_link, PagerDuty's links).
            for (std::size_t at = r.text.find(key); at != std::string::npos;
                 at = r.text.find(key, at + 1)) {
                const std::string url =
                    r.text.substr(at, r.text.find_first_of("\n '\",}", at) - at);
                BOOST_TEST((url == "https://grafana.example.com/d/abc" ||
                            url == "https://runbooks.example.com/x"),
                           url);
            }
            continue;
        }
        BOOST_TEST(r.text.find(key) == std::string::npos, key << " copied:\n" << r.text);
    }
    // What Alertmanager requires is a placeholder.
    BOOST_TEST(r.at("pager on call", "pagerduty_configs", 1, "routing_key") ==
               stack::k_placeholder);
    BOOST_TEST(r.at("opsgenie", "opsgenie_configs", 0, "api_key") == stack::k_placeholder);
    BOOST_TEST(r.at("victorops", "victorops_configs", 0, "api_key") == stack::k_placeholder);
    BOOST_TEST(r.at("wechat", "wechat_configs", 1, "api_secret") == stack::k_placeholder);
    BOOST_TEST(r.at("wechat", "wechat_configs", 1, "corp_id") == stack::k_placeholder);
    BOOST_TEST(r.at("telegram", "telegram_configs", 0, "bot_token") == stack::k_placeholder);
    BOOST_TEST(r.receiver("telegram")["telegram_configs"][0]["chat_id"].as<long>() != 424242);
    BOOST_TEST(
        r.receiver("webex")["webex_configs"][0]["http_config"]["authorization"]["credentials"]
            .as<std::string>() == stack::k_placeholder);
    const auto sigv4 = r.receiver("sns")["sns_configs"][1]["sigv4"];
    BOOST_TEST(sigv4["access_key"].as<std::string>() == stack::k_placeholder);
    BOOST_TEST(sigv4["secret_key"].as<std::string>() == stack::k_placeholder);
    BOOST_TEST(!sigv4["region"].as<std::string>("").empty());
}

BOOST_AUTO_TEST_CASE(what_cannot_be_redirected_is_replaced_and_reported) {
    auto config = all_integrations();
    config["receivers"][0]["msteams_configs"].push_back(YAML::Load("{webhook_url: 'x'}"));
    const Rendered r(config);
    BOOST_TEST_REQUIRE(r.result.replaced.size() == 3u);
    // In the order of the file.
    BOOST_TEST(r.result.replaced[0].receiver == "slack-team");
    BOOST_TEST(r.result.replaced[0].integration == "msteams_configs");
    BOOST_TEST(r.result.replaced[0].reason.find("Alertmanager 0.25 has no such integration") == 0u);
    const auto& pd = r.result.replaced[1];
    BOOST_TEST(pd.receiver == "pager on call");
    BOOST_TEST(pd.integration == "pagerduty_configs");
    BOOST_TEST(pd.index == 2);
    BOOST_TEST(pd.reason.find("Events API v1 (service_key)") != std::string::npos, pd.reason);
    BOOST_TEST(stack::describe(r.result.replaced[2]) ==
               "receiver pushover: pushover_configs[0] replaced by obsctl's webhook: its endpoint "
               "is not configurable in Alertmanager 0.25 (notify/pushover posts to "
               "api.pushover.net)");
    BOOST_TEST(!r.receiver("pushover")["pushover_configs"].IsDefined());
    BOOST_TEST(!r.receiver("slack-team")["msteams_configs"].IsDefined());
    BOOST_TEST(r.receiver("pager on call")["pagerduty_configs"].size() == 2u);
    BOOST_TEST((r.result.kept.at("pager on call") ==
                std::vector<std::string>{"pagerduty[0]", "pagerduty[1]"}));
    BOOST_TEST((r.result.kept.at("pushover") == std::vector<std::string>{"webhook[0]"}));
    BOOST_TEST(
        (r.result.kept.at("email-team") == std::vector<std::string>{"email[0]", "email[1]"}));
    BOOST_TEST(r.result.kept.at("blackhole").empty());
}

BOOST_AUTO_TEST_CASE(every_receiver_also_gets_obsctls_webhook_last) {
    const Rendered r(all_integrations());
    for (const auto& receiver : r.result.config["receivers"]) {
        const auto name = receiver["name"].as<std::string>();
        const auto hooks = receiver["webhook_configs"];
        BOOST_TEST_REQUIRE(hooks.size() >= 1u, name);
        const auto ours = hooks[hooks.size() - 1];
        BOOST_TEST(ours["url"].as<std::string>().starts_with("http://127.0.0.1:19095/hooks/"),
                   name);
    }
    BOOST_TEST(r.receiver("pager on call")["webhook_configs"][0]["url"].as<std::string>() ==
               "http://127.0.0.1:19095/hooks/pager%20on%20call");
    // Beside its own webhook (capture URL, index 0), the receiver's.
    const auto hooks = r.receiver("pushover")["webhook_configs"];
    BOOST_TEST_REQUIRE(hooks.size() == 2u);
    BOOST_TEST(hooks[0]["url"].as<std::string>() == k_capture + "pushover/webhook/0");
    BOOST_TEST(hooks[1]["url"].as<std::string>() == "http://127.0.0.1:19095/hooks/pushover");
    // Resolved notifications as the originals: email does not send them by default, slack-team's
    // first integration says it does; a receiver with none asks for none.
    BOOST_TEST(r.receiver("email-team")["webhook_configs"][0]["send_resolved"].as<bool>() == false);
    BOOST_TEST(r.receiver("slack-team")["webhook_configs"][0]["send_resolved"].as<bool>() == true);
    BOOST_TEST(r.receiver("blackhole")["webhook_configs"][0]["send_resolved"].as<bool>() == false);
    BOOST_TEST(r.receiver("blackhole").size() == 2u);  // name and obsctl's webhook
}

BOOST_AUTO_TEST_CASE(every_secret_the_user_wrote_is_collected_for_scrubbing) {
    const auto secrets = stack::alertmanager_secrets(all_integrations());
    const auto has = [&](const std::string& value) {
        return std::find(secrets.begin(), secrets.end(), value) != secrets.end();
    };
    for (const char* secret : {"SMTPPASSWORD",
                               "https://hooks.slack.com/services/GLOBALSLACK",
                               "GLOBALOPSGENIEKEY",
                               "GLOBALWECHATSECRET",
                               "http://GLOBALPROXY.example.com:3128",
                               "SLACKOAUTHSECRET",
                               "https://SLACKTOKENURL.example.com/token",
                               "SLACKBEARER",
                               "EMAILHEADERSECRET",
                               "/etc/alertmanager/SMTPPASSWORDFILE",
                               "PDROUTINGKEY",
                               "PDSERVICEKEY",
                               "VOPASSWORD",
                               "VICTOROPSKEY",
                               "WECHATSECRET",
                               "TELEGRAMTOKEN",
                               "WEBEXTOKEN",
                               "SNSSECRETKEY",
                               "SNSACCESSKEY",
                               "HOOKBEARER",
                               "HOOKPROXYAUTH",
                               "https://HOOKOWN.example.com/alerts?token=HOOKTOKEN",
                               "PUSHOVERTOKEN",
                               "PUSHOVERUSER"}) {
        BOOST_TEST(has(secret), secret);
    }
}
