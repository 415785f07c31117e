#pragma once

#include <yaml-cpp/yaml.h>
#include <filesystem>
#include <string>
#include <vector>

#include "stack/render.hpp"

namespace stack {

/// A user's (or the shipped) alertmanager.yml made safe and local: the route tree, matchers,
/// grouping, inhibit rules, time intervals and templates stay as written (route timings
/// time-scaled); every receiver keeps its name but its integrations (email, slack, pagerduty,
/// webhook, ...) become one webhook to obsctl's receiver at 127.0.0.1:`ports.webhook`, sending
/// resolved notifications when one of the originals would have. `global` keeps only
/// resolve_timeout and every other top-level key is dropped, so no api_url, key, password or
/// *_file path is ever copied. Relative template paths are made absolute against `base_dir`.
YAML::Node render_alertmanager_config(const YAML::Node& config, const StackPorts& ports,
                                      const TimeScale& scale,
                                      const std::filesystem::path& base_dir = {});

/// The values in `config` that may be secret (under keys naming a url, key, password, secret,
/// token, credentials or a *_file path), so output from tools that read the original can be
/// scrubbed of them.
std::vector<std::string> alertmanager_secrets(const YAML::Node& config);

}  // namespace stack
