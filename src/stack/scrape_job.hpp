#pragma once

#include <yaml-cpp/yaml.h>
#include <filesystem>
#include <string>
#include <vector>

#include "promapi/relabel.hpp"
#include "stack/time_scale.hpp"

namespace stack {

using promapi::LabelSet;
using promapi::Relabelled;

/// Whether a job of the user's prometheus.yml can be scraped on this machine as written, and
/// if not why, with the fix that fits it.
struct JobPlace {
    bool local = false;
    std::string reason;  ///< when not local: "its target 10.0.0.5:9100 is not on this machine ..."
};

/// A static target's labels before relabelling, as Prometheus builds them
/// (scrape/target.go, PopulateDiscoveredLabels): `__address__` = the target, the static_config's
/// `labels:`, then `job`, `__scheme__`, `__metrics_path__`, `__scrape_interval__`,
/// `__scrape_timeout__` (the job's, else `global`'s, else Prometheus's defaults) and
/// `__param_<name>` (each param's first value) where not set already.
LabelSet target_labels(const YAML::Node& job, const YAML::Node& static_config,
                       const std::string& target, const YAML::Node& global);

/// Decides a job with `static_configs` by what Prometheus would scrape: each target's labels
/// through the job's `relabel_configs`; local when every target that survives has its
/// `__address__` on this machine (the probing-exporter pattern: URLs to probe, the exporter on
/// 127.0.0.1). When obsctl cannot follow the relabelling, local when every written target is.
JobPlace place_static_job(const YAML::Node& job, const YAML::Node& global);

/// What every static_config of the job gives alike in `labels:` (a label whose value differs
/// between them is left out): the labels that targets put in place of the written ones keep.
YAML::Node common_static_labels(const YAML::Node& job);

/// Which of a job's settings are copied.
enum class Settings {
    all,       ///< the user's own target: how it is scraped too (scheme, path, auth, TLS, proxy)
    own_part,  ///< a process obsctl starts (plain HTTP /metrics): what is done with the samples
};

/// Copies the job's scrape settings from `from` to `to`: honor_*, metric_relabel_configs, sample
/// and label limits and, for `Settings::all`, scheme, metrics_path, params, basic_auth,
/// authorization, oauth2, tls_config, proxy and redirect settings; every `*_file` path in them
/// made absolute against `base_dir` (the directory of the user's prometheus.yml; the rendered
/// copy lives elsewhere). The job's scrape_interval and scrape_timeout are time-scaled (at least
/// 1 s, the timeout never above the interval the job gets).
void copy_scrape_settings(const YAML::Node& from, YAML::Node to, Settings which,
                          const std::filesystem::path& base_dir, const TimeScale& scale);

/// The inline secrets of the user's jobs (basic_auth password, authorization credentials, oauth2
/// client_secret, bearer_token): the rendered prometheus.yml keeps them, for the targets need
/// them; whatever obsctl prints or writes elsewhere must not show them.
std::vector<std::string> scrape_secrets(const YAML::Node& config);

}  // namespace stack
