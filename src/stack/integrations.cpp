#include "stack/integrations.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "capture/notification.hpp"
#include "promapi/http_client.hpp"

namespace stack {
namespace {

using Fields = std::vector<std::string_view>;

/// How one of Alertmanager 0.25's integrations is pointed at obsctl. Read from v0.25.0's
/// config/notifiers.go (the fields, what validation requires) and notify/<kind>/ (how each
/// notifier builds the URL it posts to).
struct Redirect {
    std::string_view key;       ///< "opsgenie_configs"
    std::string_view endpoint;  ///< the field holding where it sends ("" for email)
    /// The notifier appends a path to the endpoint, so it must end in '/': OpsGenie
    /// "v2/alerts...", VictorOps "<api_key>/<routing_key>", WeChat "gettoken" and
    /// "message/send". (telebot appends "/bot<token>/sendMessage" and aws-sdk-go "/" itself.)
    bool trailing_slash = false;
    /// Templates and settings copied as written: every field of the integration that is not
    /// its endpoint, a proxy, a credential or a file. Content URLs (Slack's title_link,
    /// icon_url, actions[].url; PagerDuty's links and images) stay: they are text in the
    /// payload a reader clicks, never requested by Alertmanager.
    Fields kept;
    /// Secrets validation or the notifier requires (from the integration or from `global`):
    /// always set to k_placeholder, never copied.
    Fields placeholders = {};
    /// What else the kind needs (email's smarthost, SNS's sigv4, Webex's authorization).
    void (*finish)(const YAML::Node& in, YAML::Node& out, int index,
                   const CaptureTarget& target) = nullptr;
    /// Why this one config of the kind cannot be redirected; empty when it can.
    std::string (*refuse)(const YAML::Node& in) = nullptr;
};

std::string lower(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// An email header that carries a credential rather than text for the reader ("X-Api-Key",
/// "Authorization"): its value is not copied.
bool credential_header(const std::string& name) {
    const std::string n = lower(name);
    for (const char* word :
         {"auth", "key", "token", "secret", "password", "credential", "cookie"}) {
        if (n.contains(word))
            return true;
    }
    return false;
}

// Email: Alertmanager speaks SMTP to `smarthost` (host:port, plain SMTP unless the port is 465
// or require_tls asks for STARTTLS). obsctl's listener is plain and asks for no auth; the header
// names the receiver and index the way a capture URL does.
void finish_email(const YAML::Node& in, YAML::Node& out, int index, const CaptureTarget& target) {
    out["smarthost"] = "127.0.0.1:" + std::to_string(target.smtp_port);
    out["require_tls"] = false;
    constexpr std::string_view k_header = "X-Obsctl-Capture";
    YAML::Node headers(YAML::NodeType::Map);
    if (in["headers"] && in["headers"].IsMap()) {
        for (const auto& kv : in["headers"]) {
            const auto name = kv.first.as<std::string>("");
            // Alertmanager compares header names as MIME does (canonically) and refuses
            // duplicates: one the user wrote under obsctl's name gives way to it.
            if (lower(name) != lower(k_header) && !credential_header(name))
                headers[name] = YAML::Clone(kv.second);
        }
    }
    headers[std::string(k_header)] =
        promapi::url_encode(target.receiver) + "/email/" + std::to_string(index);
    out["headers"] = headers;
}

// SNS: with api_url set the SDK sends there, signed with static keys; no role_arn (STS) and no
// profile, so no credential chain, STS or instance metadata is ever asked (notify/sns/sns.go).
void finish_sns(const YAML::Node&, YAML::Node& out, int, const CaptureTarget&) {
    out["sigv4"]["region"] = "us-east-1";
    out["sigv4"]["access_key"] = k_placeholder;
    out["sigv4"]["secret_key"] = k_placeholder;
}

// Webex: validation requires http_config.authorization.
void finish_webex(const YAML::Node&, YAML::Node& out, int, const CaptureTarget&) {
    out["http_config"]["authorization"]["credentials"] = k_placeholder;
}

// Telegram: validation requires a non-zero chat_id (it goes in the request body only).
void finish_telegram(const YAML::Node&, YAML::Node& out, int, const CaptureTarget&) {
    out["chat_id"] = 1;
}

// PagerDuty: with a service_key the notifier uses Events API v1 at a URL fixed in the code
// (notify/pagerduty: events.pagerduty.com/generic/2010-04-15/create_event.json); only the v2
// URL (`url`) is configurable.
std::string refuse_pagerduty(const YAML::Node& in) {
    if (in["service_key"] || in["service_key_file"])
        return "it uses PagerDuty's Events API v1 (service_key), whose URL is fixed in "
               "Alertmanager 0.25 (a routing_key, Events API v2, is redirected)";
    return "";
}

const std::vector<Redirect>& redirects() {
    static const std::vector<Redirect> table = {
        {"slack_configs",
         "api_url",
         false,
         {"send_resolved", "channel",   "username",    "color",      "title",
          "title_link",    "pretext",   "text",        "fields",     "short_fields",
          "footer",        "fallback",  "callback_id", "icon_emoji", "icon_url",
          "image_url",     "thumb_url", "link_names",  "mrkdwn_in",  "actions"}},
        // 0.25 has no url_file.
        {"webhook_configs", "url", false, {"send_resolved", "max_alerts"}},
        {"pagerduty_configs",
         "url",
         false,
         {"send_resolved", "client", "client_url", "description", "details", "images", "links",
          "source", "severity", "class", "component", "group"},
         {"routing_key"},
         nullptr,
         refuse_pagerduty},
        {"opsgenie_configs",
         "api_url",
         true,
         {"send_resolved", "message", "description", "source", "details", "entity", "responders",
          "actions", "tags", "note", "priority", "update_alerts"},
         {"api_key"}},
        // routing_key is VictorOps routing, not a secret (a plain string in 0.25, templated into
        // the URL after the api_key).
        {"victorops_configs",
         "api_url",
         true,
         {"send_resolved", "routing_key", "message_type", "state_message", "entity_display_name",
          "monitoring_tool", "custom_fields"},
         {"api_key"}},
        {"wechat_configs",
         "api_url",
         true,
         {"send_resolved", "message", "to_user", "to_party", "to_tag", "agent_id", "message_type"},
         {"api_secret", "corp_id"}},
        {"telegram_configs",
         "api_url",
         false,
         {"send_resolved", "message", "disable_notifications", "parse_mode"},
         {"bot_token"},
         finish_telegram},
        {"discord_configs", "webhook_url", false, {"send_resolved", "title", "message"}},
        {"webex_configs",
         "api_url",
         false,
         {"send_resolved", "message", "room_id"},
         {},
         finish_webex},
        {"sns_configs",
         "api_url",
         false,
         {"send_resolved", "topic_arn", "phone_number", "target_arn", "subject", "message",
          "attributes"},
         {},
         finish_sns},
        {"email_configs",
         "",
         false,
         {"send_resolved", "to", "from", "hello", "html", "text"},
         {},
         finish_email},
    };
    return table;
}

/// http_config keeps only what changes how the local request is made, never where it goes or
/// who it claims to be: no proxy_*, no_proxy, oauth2 (its token_url), basic_auth,
/// authorization, bearer_token*, tls_config (the capture listener is plain HTTP).
void copy_http_config(const YAML::Node& in, YAML::Node& out) {
    if (!in["http_config"] || !in["http_config"].IsMap())
        return;
    for (const char* key : {"follow_redirects", "enable_http2"}) {
        if (in["http_config"][key])
            out["http_config"][key] = YAML::Clone(in["http_config"][key]);
    }
}

}  // namespace

std::string integration_name(const std::string& key) {
    constexpr std::string_view k_suffix = "_configs";
    if (key.size() > k_suffix.size() && key.ends_with(k_suffix))
        return key.substr(0, key.size() - k_suffix.size());
    return key;
}

std::expected<YAML::Node, std::string> redirect_integration(const std::string& key,
                                                            const YAML::Node& config, int index,
                                                            const CaptureTarget& target) {
    const auto& table = redirects();
    const auto it = std::ranges::find_if(table, [&](const Redirect& r) { return r.key == key; });
    if (it == table.end()) {
        if (key == "pushover_configs")
            return std::unexpected(
                "its endpoint is not configurable in Alertmanager 0.25 (notify/pushover posts "
                "to api.pushover.net)");
        return std::unexpected(
            "Alertmanager 0.25 has no such integration, so where it sends "
            "cannot be known");
    }
    if (!config.IsMap())
        return std::unexpected("it is not a map of settings");
    if (it->refuse) {
        if (auto why = it->refuse(config); !why.empty())
            return std::unexpected(std::move(why));
    }
    YAML::Node out(YAML::NodeType::Map);
    for (const auto field : it->kept) {
        const std::string name(field);
        if (config[name])
            out[name] = YAML::Clone(config[name]);
    }
    for (const auto field : it->placeholders)
        out[std::string(field)] = k_placeholder;
    if (!it->endpoint.empty()) {
        out[std::string(it->endpoint)] = capture::capture_url(
            target.http_port, target.receiver, integration_name(key), index, it->trailing_slash);
        copy_http_config(config, out);
    }
    if (it->finish)
        it->finish(config, out, index, target);
    return out;
}

}  // namespace stack
