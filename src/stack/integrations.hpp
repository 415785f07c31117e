#pragma once

#include <yaml-cpp/yaml.h>
#include <cstdint>
#include <expected>
#include <string>

namespace stack {

/// Where a receiver's integrations send in the local stack: obsctl's capture listeners.
struct CaptureTarget {
    std::string receiver;
    std::uint16_t http_port = 0;  ///< the HTTP capture listener (obsctl's webhook port)
    std::uint16_t smtp_port = 0;  ///< the receive-only SMTP listener
};

/// The value every secret Alertmanager requires is given in the rendered file: the capture
/// listeners accept anything, and the user's own secret is never copied.
inline constexpr const char* k_placeholder = "obsctl-placeholder";

/// One integration of a receiver (`config`, element `index` of its `key` list, e.g.
/// "slack_configs") as the local stack runs it: its templates and settings as written, its
/// endpoint set to obsctl's capture listener (also when the user's file leaves it to `global`
/// or to Alertmanager's default), secrets Alertmanager requires replaced by `k_placeholder`,
/// and nothing else: no proxy, credential, oauth2, TLS or *_file setting. Decided by a table of
/// Alertmanager 0.25's integrations and their fields (config/notifiers.go); anything the table
/// does not name is dropped. The error is why the integration cannot be redirected (an
/// integration whose endpoint 0.25 does not let a config set, or one it does not have).
std::expected<YAML::Node, std::string> redirect_integration(const std::string& key,
                                                            const YAML::Node& config, int index,
                                                            const CaptureTarget& target);

/// The integration's name in capture URLs and reports: "slack" for "slack_configs"; `key`
/// itself when it does not end in "_configs".
std::string integration_name(const std::string& key);

}  // namespace stack
