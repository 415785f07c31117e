#pragma once

#include <yaml-cpp/yaml.h>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "promapi/receivers.hpp"
#include "stack/sources.hpp"
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
    std::uint16_t smtp = 2525;  ///< obsctl's receive-only SMTP listener (email integrations)
    /// prometheus-node-exporter's, for the `node` job (host panels, infrastructure rules).
    /// 0: the stack runs none (`--no-node-exporter`) and a `node` job is treated as any other.
    std::uint16_t node = 9100;
};

struct RenderOptions {
    StackSources sources;           ///< shipped_sources(stack/) or the user's files
    std::filesystem::path out_dir;  ///< rendered files go here
    StackPorts ports;
    TimeScale time_scale;
};

/// A scrape job of the source config that the local stack does not scrape, and why.
struct DroppedJob {
    std::string job;
    std::string reason;
};

/// An integration of the user's alertmanager.yml that the local stack cannot point at obsctl's
/// capture listener: it is left out and obsctl's webhook (which every receiver gets) is all that
/// receiver sends for it.
struct ReplacedIntegration {
    std::string receiver;
    std::string integration;  ///< as written: "pushover_configs", "pagerduty_configs"
    int index = 0;            ///< its position in that list
    std::string reason;       ///< "its endpoint is not configurable in Alertmanager 0.25"
};

/// "receiver pager: pushover_configs[0] replaced by obsctl's webhook: REASON", the one wording
/// `stack up`, `stack render` and the preflight print.
std::string describe(const ReplacedIntegration& replaced);

struct RenderedStack {
    std::filesystem::path prometheus_config;
    std::filesystem::path alertmanager_config;
    std::vector<std::string> rule_files;  ///< file names under out_dir/rules
    std::vector<DroppedJob> dropped_jobs;
    std::vector<std::string> app_jobs;  ///< the jobs whose `up == 1` means the stack is ready
    std::vector<std::string> jobs;      ///< every scrape job of the rendered prometheus.yml
    /// Each receiver of the alertmanager.yml as written: whether its own integrations send
    /// resolved notifications (the rendered webhook only says true or false).
    std::map<std::string, promapi::ResolvedNotifications> receivers;
    /// The integrations left out of the rendered alertmanager.yml, and why.
    std::vector<ReplacedIntegration> replaced;
    /// Each receiver's integrations that send to obsctl's capture listeners: "slack[0]",
    /// "email[1]", ... (index: the position in the user's list, as in the capture URL).
    std::map<std::string, std::vector<std::string>> kept;
};

/// Renders the Prometheus and Alertmanager configuration for loopback: local ports, 1 s scrape
/// and evaluation, time-scaled rules and Alertmanager timings, every receiver's integrations
/// sending to obsctl's capture listeners beside obsctl's webhook. A missing or unparsable file is
/// an Error with its path (and line:col), exit 2.
util::Result<RenderedStack> render_stack(const RenderOptions& options);

// The transformations, on parsed YAML, for tests.

/// Keeps `global.external_labels` (not the shipped one for the user's own rules) and the user's
/// jobs as Prometheus would scrape them here. A job named by `scrape` gets its targets and one
/// of `demoapp`, `prometheus`, `alertmanager`, `obsctl` (with `honor_labels`: obsctl's synthetic
/// series keep their own `job`) and `node` (when `ports.node` is not 0) the stack's own port, both
/// with the `labels:` its static_configs give alike; any other static job is kept as written when
/// what it scrapes after `relabel_configs` is on this machine (`place_static_job`), with its scrape
/// settings (`copy_scrape_settings`: auth and TLS `*_file` paths absolute, intervals scaled).
/// Every other job is dropped, with the reason and the fix in `dropped_jobs` when the config is
/// the user's (obsctl's own shipped config says nothing about its jobs). remote_write and the
/// like are never copied.
YAML::Node render_prometheus_config(const YAML::Node& config, const StackPorts& ports,
                                    const StackSources& sources, const TimeScale& scale,
                                    std::vector<DroppedJob>& dropped_jobs);
YAML::Node render_rules(const YAML::Node& rules, const TimeScale& scale);

/// node[key], a duration, multiplied by the time scale (at least `floor`); left alone when it
/// is missing or not a duration.
void scale_duration_field(YAML::Node node, const char* key, util::Millis floor,
                          const TimeScale& scale);

}  // namespace stack
