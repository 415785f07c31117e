#pragma once

#include <string>

namespace YAML {
class Node;
}

namespace promapi {

/// Whether an Alertmanager receiver sends resolved notifications, and why not when it does
/// not (the reason a `deliver resolved` check is skipped).
struct ResolvedNotifications {
    bool sent = true;
    std::string why_not;  ///< "email_configs send_resolved defaults to false", ...
    /// False for a receiver with no integration: Alertmanager routes alerts to it and notifies
    /// nobody (its fanout is empty), so a post of obsctl's webhook beside it is no delivery.
    bool integrated = true;
};

/// Whether an integration (`email_configs`, `slack_configs`, ...) sends resolved notifications
/// when its config does not say: Alertmanager's defaults (config/notifiers.go: email, Slack and
/// WeChat do not, nor Rocket.Chat (0.28's config/notifiers.go); the others do).
bool resolved_by_default(const std::string& integration);

/// A receiver of an alertmanager.yml (`name` and its `*_configs` lists): it sends resolved
/// notifications when any of its integrations does (its own `send_resolved`, else the
/// default); a receiver with no integration notifies nobody.
ResolvedNotifications resolved_notifications(const YAML::Node& receiver);

}  // namespace promapi
