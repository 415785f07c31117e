#include "promapi/receivers.hpp"

#include <yaml-cpp/yaml.h>

#include <map>

namespace promapi {

bool resolved_by_default(const std::string& integration) {
    static const std::map<std::string, bool> defaults{
        {"email_configs", false},     {"slack_configs", false},    {"wechat_configs", false},
        {"pagerduty_configs", true},  {"opsgenie_configs", true},  {"webhook_configs", true},
        {"pushover_configs", true},   {"victorops_configs", true}, {"sns_configs", true},
        {"telegram_configs", true},   {"discord_configs", true},   {"webex_configs", true},
        {"msteams_configs", true},    {"msteamsv2_configs", true}, {"jira_configs", true},
        {"rocketchat_configs", false}};
    auto it = defaults.find(integration);
    return it == defaults.end() ? true : it->second;
}

ResolvedNotifications resolved_notifications(const YAML::Node& receiver) {
    ResolvedNotifications out{false, ""};
    bool any = false;
    if (receiver.IsMap()) {
        for (const auto& kv : receiver) {
            const auto key = kv.first.as<std::string>("");
            if (!key.ends_with("_configs") || !kv.second.IsSequence())
                continue;
            for (const auto& integration : kv.second) {
                any = true;
                const bool says = integration.IsMap() && integration["send_resolved"];
                const bool sent =
                    says ? integration["send_resolved"].as<bool>(false) : resolved_by_default(key);
                out.sent = out.sent || sent;
                if (!sent) {
                    const std::string why =
                        key + (says ? " send_resolved: false" : " send_resolved defaults to false");
                    if (out.why_not.find(why) == std::string::npos)
                        out.why_not += (out.why_not.empty() ? "" : ", ") + why;
                }
            }
        }
    }
    if (!any) {
        out.why_not = "it has no integration";
        out.integrated = false;
    }
    if (out.sent)
        out.why_not.clear();
    return out;
}

}  // namespace promapi
