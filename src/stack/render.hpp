#pragma once

#include <yaml-cpp/yaml.h>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "stack/time_scale.hpp"
#include "util/error.hpp"

namespace stack {

/// Loopback ports of the local stack's parts.
struct StackPorts {
    std::uint16_t app = 5002;
    std::uint16_t prometheus = 9090;
    std::uint16_t alertmanager = 9093;
    std::uint16_t webhook = 9095;  ///< where Alertmanager's webhooks post (obsctl's receiver)
    /// Where Prometheus scrapes obsctl's own metrics (`obsctl run --metrics-listen`); not a
    /// part of the stack, so never claimed. 0: the `obsctl` scrape job is left out.
    std::uint16_t obsctl = 9464;
};

struct RenderOptions {
    std::filesystem::path stack_dir;  ///< the stack/ tree (source, installed or a user's copy)
    std::filesystem::path out_dir;    ///< rendered files go here
    StackPorts ports;
    TimeScale time_scale;
};

struct RenderedStack {
    std::filesystem::path prometheus_config;
    std::filesystem::path alertmanager_config;
    std::vector<std::string> rule_files;    ///< file names under out_dir/rules
    std::vector<std::string> dropped_jobs;  ///< scrape jobs whose targets only exist in Compose
};

/// Renders the Compose stack's Prometheus and Alertmanager configuration for loopback:
/// local ports, 1 s scrape and evaluation, time-scaled rules and Alertmanager timings.
/// A missing or unparsable file is an Error with its path (and line:col), exit code 2.
util::Result<RenderedStack> render_stack(const RenderOptions& options);

// The three transformations, on parsed YAML, for tests.
YAML::Node render_prometheus_config(const YAML::Node& config, const StackPorts& ports,
                                    std::vector<std::string>& dropped_jobs);
YAML::Node render_rules(const YAML::Node& rules, const TimeScale& scale);
YAML::Node render_alertmanager_config(const YAML::Node& config, const StackPorts& ports,
                                      const TimeScale& scale);

}  // namespace stack
