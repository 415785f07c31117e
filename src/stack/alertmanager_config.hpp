#pragma once

#include <yaml-cpp/yaml.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "stack/render.hpp"

namespace stack {

/// The rendered alertmanager.yml and what became of each receiver's integrations.
struct RenderedAlertmanager {
    YAML::Node config;
    /// Integrations left out (not redirectable), in the order of the user's file.
    std::vector<ReplacedIntegration> replaced;
    /// Receiver -> its integrations sending to obsctl's capture listeners ("slack[0]", ...);
    /// every receiver is named, with an empty list when none is kept.
    std::map<std::string, std::vector<std::string>> kept;
};

/// A user's (or the shipped) alertmanager.yml made safe and local: the route tree, matchers,
/// grouping, inhibit rules, time intervals and templates stay as written (route timings
/// time-scaled). Every receiver keeps its name and its integrations with their templates, each
/// sending to obsctl's capture listeners (`capture::capture_url` on `ports.webhook`; email to
/// 127.0.0.1:`ports.smtp`) with no proxy, credential or file (integrations.hpp:
/// redirect_integration); one that cannot be redirected is left out and reported. Beside them
/// every receiver gets obsctl's webhook (127.0.0.1:`ports.webhook`/hooks/RECEIVER), sending
/// resolved notifications when one of the originals would have: obsctl learns from it which
/// alerts each notification carried. `global` keeps resolve_timeout, smtp_from and smtp_hello
/// (smtp_require_tls false); no URL, key, password or *_file path of the user's is ever
/// copied. Relative template paths are made absolute against `base_dir`.
RenderedAlertmanager render_alertmanager_config(const YAML::Node& config, const StackPorts& ports,
                                                const TimeScale& scale,
                                                const std::filesystem::path& base_dir = {});

/// The values in `config` that may be secret (under keys naming, in any case, a url, key,
/// password, secret, token, credentials, auth, a cookie or a *_file path, header names
/// included), so output from tools that read the original can be scrubbed of them.
std::vector<std::string> alertmanager_secrets(const YAML::Node& config);

}  // namespace stack
