#include "stack/alertmanager_config.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "promapi/http_client.hpp"
#include "promapi/receivers.hpp"
#include "stack/integrations.hpp"

namespace stack {
namespace {

namespace fs = std::filesystem;
using util::Millis;

void render_route(YAML::Node route, const TimeScale& scale) {
    // Floors: notifications go out on the next group_interval tick, so it must stay at least
    // the 1 s evaluation interval; repeats need not be faster than every 10 s.
    scale_duration_field(route, "group_wait", Millis{0}, scale);
    scale_duration_field(route, "group_interval", Millis{1000}, scale);
    scale_duration_field(route, "repeat_interval", Millis{10'000}, scale);
    if (route["routes"]) {
        for (auto child : route["routes"])
            render_route(child, scale);
    }
}

/// obsctl's own webhook, which every receiver gets beside its integrations.
YAML::Node companion_webhook(const YAML::Node& original, const std::string& name,
                             std::uint16_t webhook_port) {
    YAML::Node hook;
    hook["url"] = "http://127.0.0.1:" + std::to_string(webhook_port) + "/hooks/" +
                  promapi::url_encode(name);  // "on call" -> "on%20call": one path segment
    // Resolved notifications as the original integrations would send them. A receiver with no
    // integration (a "null" receiver) still gets the webhook, so routing to it is seen; it would
    // notify nobody, so resolved notifications are not asked for.
    hook["send_resolved"] = promapi::resolved_notifications(original).sent;
    return hook;
}

YAML::Node local_receiver(const YAML::Node& original, const StackPorts& ports,
                          RenderedAlertmanager& rendered) {
    const std::string name = original["name"].as<std::string>("");
    YAML::Node out;
    out["name"] = name;
    const CaptureTarget target{name, ports.webhook, ports.smtp};
    auto& kept = rendered.kept[name];
    for (const auto& kv : original) {
        const auto key = kv.first.as<std::string>("");
        if (key == "name" || kv.second.IsNull())
            continue;
        if (!kv.second.IsSequence()) {
            rendered.replaced.push_back({name, key, 0, "it is not a list of integrations"});
            continue;
        }
        // The index is the position in the user's list, whatever is left out before it: the
        // capture URL and the reports name "slack_configs[2]" as the user wrote it.
        int index = 0;
        for (const auto& integration : kv.second) {
            if (auto redirected = redirect_integration(key, integration, index, target)) {
                out[key].push_back(*redirected);
                kept.push_back(integration_name(key) + "[" + std::to_string(index) + "]");
            } else {
                rendered.replaced.push_back({name, key, index, redirected.error()});
            }
            ++index;
        }
    }
    // Last, so the user's webhooks keep their indexes.
    out["webhook_configs"].push_back(companion_webhook(original, name, ports.webhook));
    return out;
}

bool secret_key(std::string key) {
    // Lower case: header names ("X-Api-Key", "Proxy-Authorization") count too.
    std::ranges::transform(key, key.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word :
         {"url", "key", "password", "secret", "token", "credential", "auth", "cookie", "_file"}) {
        if (key.find(word) != std::string::npos)
            return true;
    }
    return false;
}

void collect_secrets(const YAML::Node& node, bool under_secret_key, std::vector<std::string>& out) {
    if (node.IsScalar()) {
        const auto value = node.Scalar();
        if (under_secret_key && value.size() >= 4 &&
            std::find(out.begin(), out.end(), value) == out.end())
            out.push_back(value);
    } else if (node.IsSequence()) {
        for (const auto& item : node)
            collect_secrets(item, under_secret_key, out);
    } else if (node.IsMap()) {
        for (const auto& kv : node)
            collect_secrets(kv.second, under_secret_key || secret_key(kv.first.as<std::string>("")),
                            out);
    }
}

}  // namespace

RenderedAlertmanager render_alertmanager_config(const YAML::Node& config, const StackPorts& ports,
                                                const TimeScale& scale, const fs::path& base_dir) {
    RenderedAlertmanager rendered;
    YAML::Node& out = rendered.config;
    out = YAML::Node(YAML::NodeType::Map);
    // What the kept integrations fall back on that is neither a URL nor a secret: an email's
    // from and hello. Every endpoint is set on the integration itself.
    for (const char* key : {"resolve_timeout", "smtp_from", "smtp_hello"}) {
        if (config["global"] && config["global"][key])
            out["global"][key] = YAML::Clone(config["global"][key]);
    }
    out["global"]["smtp_require_tls"] = false;
    if (config["route"]) {
        out["route"] = YAML::Clone(config["route"]);
        render_route(out["route"], scale);
    }
    out["receivers"] = YAML::Node(YAML::NodeType::Sequence);
    for (const auto& receiver : config["receivers"])
        out["receivers"].push_back(local_receiver(receiver, ports, rendered));
    for (const char* key : {"inhibit_rules", "time_intervals", "mute_time_intervals"}) {
        if (config[key])
            out[key] = YAML::Clone(config[key]);
    }
    if (config["templates"]) {
        for (const auto& t : config["templates"]) {
            fs::path p = t.as<std::string>("");
            if (p.is_relative() && !base_dir.empty())
                p = base_dir / p;
            out["templates"].push_back(p.string());
        }
    }
    return rendered;
}

std::vector<std::string> alertmanager_secrets(const YAML::Node& config) {
    std::vector<std::string> out;
    collect_secrets(config["global"], false, out);
    for (const auto& receiver : config["receivers"])
        collect_secrets(receiver, false, out);
    return out;
}

}  // namespace stack
