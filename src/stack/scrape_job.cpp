#include "stack/scrape_job.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "stack/sources.hpp"
#include "util/duration.hpp"

namespace stack {
namespace {

namespace fs = std::filesystem;
using util::Millis;

/// What is done with the samples: meaningful whoever serves the target.
constexpr const char* k_sample_settings[] = {"honor_labels",
                                             "honor_timestamps",
                                             "metric_relabel_configs",
                                             "sample_limit",
                                             "target_limit",
                                             "label_limit",
                                             "label_name_length_limit",
                                             "label_value_length_limit",
                                             "body_size_limit",
                                             "native_histogram_bucket_limit",
                                             "native_histogram_min_bucket_factor",
                                             "scrape_classic_histograms",
                                             "always_scrape_classic_histograms",
                                             "convert_classic_histograms_to_nhcb",
                                             "keep_dropped_targets",
                                             "track_timestamps_staleness",
                                             "scrape_protocols",
                                             "fallback_scrape_protocol",
                                             "enable_compression"};

/// How the target is reached (Prometheus's scrape and http_config names): the user's own
/// target's, never the processes obsctl starts (plain HTTP on /metrics).
constexpr const char* k_transport_settings[] = {"scheme",
                                                "metrics_path",
                                                "params",
                                                "basic_auth",
                                                "authorization",
                                                "oauth2",
                                                "bearer_token",
                                                "bearer_token_file",
                                                "tls_config",
                                                "proxy_url",
                                                "no_proxy",
                                                "proxy_from_environment",
                                                "proxy_connect_header",
                                                "follow_redirects",
                                                "enable_http2",
                                                "http_headers"};

std::string text(const YAML::Node& node, const char* key, const std::string& fallback) {
    return node && node[key] && node[key].IsScalar() ? node[key].Scalar() : fallback;
}

/// Every `*_file` (password_file, credentials_file, ca_file, client_secret_file, ...) under
/// `node`, made absolute against `base`.
void absolute_files(YAML::Node node, const fs::path& base) {
    if (node.IsSequence()) {
        for (auto item : node)
            absolute_files(item, base);
    }
    if (!node.IsMap())
        return;
    for (auto kv : node) {
        const auto key = kv.first.as<std::string>("");
        if (!key.ends_with("_file") || !kv.second.IsScalar()) {
            absolute_files(kv.second, base);
            continue;
        }
        const fs::path file = kv.second.Scalar();
        if (!file.empty() && file.is_relative() && !base.empty())
            kv.second = (base / file).lexically_normal().string();
    }
}

void collect_secrets(const YAML::Node& node, std::vector<std::string>& out) {
    if (node.IsSequence()) {
        for (const auto& item : node)
            collect_secrets(item, out);
    }
    if (!node.IsMap())
        return;
    for (const auto& kv : node) {
        const auto key = kv.first.as<std::string>("");
        const bool secret = key == "password" || key == "credentials" || key == "client_secret" ||
                            key == "bearer_token";
        // As alertmanager_secrets: shorter values would scrub ordinary words from the output.
        if (secret && kv.second.IsScalar() && kv.second.Scalar().size() >= 4)
            out.push_back(kv.second.Scalar());
        else
            collect_secrets(kv.second, out);
    }
}

std::map<std::string, std::string> labels_of(const YAML::Node& static_config) {
    std::map<std::string, std::string> out;
    if (static_config["labels"] && static_config["labels"].IsMap()) {
        for (const auto& kv : static_config["labels"])
            out[kv.first.as<std::string>("")] = kv.second.as<std::string>("");
    }
    return out;
}

}  // namespace

LabelSet target_labels(const YAML::Node& job, const YAML::Node& static_config,
                       const std::string& target, const YAML::Node& global) {
    LabelSet labels = labels_of(static_config);
    labels["__address__"] = target;  // a target's own label wins over its group's
    auto add = [&](const std::string& name, const std::string& value) {
        if (labels[name].empty())
            labels[name] = value;
    };
    add("job", text(job, "job_name", ""));
    add("__scheme__", text(job, "scheme", "http"));
    add("__metrics_path__", text(job, "metrics_path", "/metrics"));
    add("__scrape_interval__", text(job, "scrape_interval", text(global, "scrape_interval", "1m")));
    add("__scrape_timeout__", text(job, "scrape_timeout", text(global, "scrape_timeout", "10s")));
    if (job["params"] && job["params"].IsMap()) {
        for (const auto& kv : job["params"]) {
            if (kv.second.IsSequence() && kv.second.size() > 0)
                add("__param_" + kv.first.as<std::string>(""), kv.second[0].as<std::string>(""));
        }
    }
    std::erase_if(labels, [](const auto& kv) { return kv.second.empty(); });
    return labels;
}

JobPlace place_static_job(const YAML::Node& job, const YAML::Node& global) {
    const std::string hint =
        "(--scrape " + text(job, "job_name", "") + "=HOST:PORT gives it local ones)";
    bool any = false;
    bool survived = false;
    std::string remote_written;  // the first written target off this machine
    std::optional<std::string> unknown;
    for (const auto& static_config : job["static_configs"]) {
        for (const auto& t : static_config["targets"]) {
            const auto target = t.as<std::string>("");
            any = true;
            if (remote_written.empty() && !loopback_target(target))
                remote_written = target;
            const auto after = promapi::relabel(target_labels(job, static_config, target, global),
                                                job["relabel_configs"]);
            if (after.fate == Relabelled::Fate::unknown)
                unknown = after.unknown;
            if (after.fate != Relabelled::Fate::kept)
                continue;
            const auto it = after.labels.find("__address__");
            if (it == after.labels.end())
                continue;  // Prometheus: "no address", never scraped
            const std::string& address = it->second;
            survived = true;
            const bool moved = address != target;
            if (address.find('/') != std::string::npos) {
                if (moved)
                    return {false, "it scrapes " + address +
                                       " after relabel_configs, which is a URL, not HOST:PORT"};
                return {false, "its target " + target +
                                   " is a URL, which Prometheus does not scrape as written "
                                   "(relabel_configs can pass it to a probing exporter as "
                                   "__param_target, as blackbox_exporter's README shows; or " +
                                   hint.substr(1)};
            }
            if (!loopback_target(address)) {
                if (moved)
                    return {false, "it scrapes " + address +
                                       " after relabel_configs, which is not on this machine: "
                                       "run that exporter here and point the replacement at "
                                       "127.0.0.1:PORT"};
                return {false, "its target " + address + " is not on this machine " + hint};
            }
        }
    }
    if (!any)
        return {false, "it has no targets " + hint};
    if (unknown) {
        // What it scrapes cannot be told: trust the targets as written.
        if (remote_written.empty())
            return {true, ""};
        return {false, "its relabel_configs use " + *unknown +
                           ", which obsctl cannot follow, and its target " + remote_written +
                           " is not on this machine " + hint};
    }
    if (!survived)
        return {false, "its relabel_configs drop every target"};
    return {true, ""};
}

YAML::Node common_static_labels(const YAML::Node& job) {
    std::optional<std::map<std::string, std::string>> common;
    for (const auto& static_config : job["static_configs"]) {
        const auto labels = labels_of(static_config);
        if (!common) {
            common = labels;
            continue;
        }
        std::erase_if(*common, [&](const auto& kv) {
            const auto it = labels.find(kv.first);
            return it == labels.end() || it->second != kv.second;
        });
    }
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& [name, value] : common.value_or(std::map<std::string, std::string>{}))
        out[name] = value;
    return out;
}

void copy_scrape_settings(const YAML::Node& from, YAML::Node to, Settings which,
                          const fs::path& base_dir, const TimeScale& scale) {
    auto copy = [&](const char* key) {
        if (from[key])
            to[key] = YAML::Clone(from[key]);
    };
    for (const char* key : k_sample_settings)
        copy(key);
    if (which == Settings::all) {
        for (const char* key : k_transport_settings)
            copy(key);
    }
    absolute_files(to, base_dir);
    // The rendered global scrapes every second: a job without its own interval gets that.
    Millis interval{1000};
    if (auto d = util::parse_duration(text(from, "scrape_interval", ""))) {
        interval = scale.scale(*d, Millis{1000});
        to["scrape_interval"] = util::format_duration(interval);
    }
    if (auto d = util::parse_duration(text(from, "scrape_timeout", "")))
        to["scrape_timeout"] =
            util::format_duration(std::min(scale.scale(*d, Millis{1000}), interval));
}

std::vector<std::string> scrape_secrets(const YAML::Node& config) {
    std::vector<std::string> out;
    collect_secrets(config["scrape_configs"], out);
    return out;
}

}  // namespace stack
