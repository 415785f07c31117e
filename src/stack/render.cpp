#include "stack/render.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include "promapi/yaml_config.hpp"
#include "stack/alertmanager_config.hpp"
#include "stack/scrape_job.hpp"
#include "util/ports.hpp"

namespace stack {
namespace {

namespace fs = std::filesystem;
using util::Millis;

YAML::Node static_targets(const std::vector<std::string>& targets) {
    YAML::Node static_config;
    for (const auto& t : targets)
        static_config["targets"].push_back(t);
    YAML::Node configs;
    configs.push_back(static_config);
    return configs;
}

/// obsctl serves synthetic series (a scenario's `series`) with their own `job` and `instance`:
/// its scrape job keeps them rather than renaming them `exported_job`.
void honor_own_labels(YAML::Node& job) {
    job["honor_labels"] = true;
}

/// The service discovery a job uses ("kubernetes_sd_configs"), empty when it has none.
std::string discovery_of(const YAML::Node& job) {
    for (const auto& kv : job) {
        const auto key = kv.first.as<std::string>("");
        if (key.ends_with("_sd_configs"))
            return key;
    }
    return "";
}

const ScrapeJob* named(const StackSources& sources, const std::string& job) {
    for (const auto& s : sources.scrape) {
        if (s.job == job)
            return &s;
    }
    return nullptr;
}

util::Result<YAML::Node> load_yaml(const fs::path& file,
                                   promapi::MergeKeys style = promapi::MergeKeys::go_yaml_v2) {
    if (!fs::exists(file)) {
        return util::fail(util::ExitCode::usage, "no such file", file.string());
    }
    try {
        return promapi::load_config_yaml_file(file, style);
    } catch (const YAML::Exception& e) {
        return util::fail(util::ExitCode::usage, e.msg,
                          file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                              std::to_string(e.mark.column + 1));
    }
}

util::Result<void> write_yaml(const fs::path& file, const YAML::Node& node) {
    std::ofstream out(file);
    YAML::Emitter emitter;
    emitter << node;
    out << "# Rendered by obsctl stack; edits here are overwritten.\n" << emitter.c_str() << "\n";
    if (!out)
        return util::fail(util::ExitCode::stack_unavailable, "cannot write", file.string());
    return {};
}

/// Rendered rule file names: the source's stem, made unique ("alerts.yml", "alerts-2.yml").
std::string rule_file_name(const fs::path& source, std::set<std::string>& taken) {
    std::string name = source.stem().string() + ".yml";
    for (int n = 2; taken.contains(name); ++n)
        name = source.stem().string() + "-" + std::to_string(n) + ".yml";
    taken.insert(name);
    return name;
}

}  // namespace

std::string describe(const ReplacedIntegration& r) {
    return "receiver " + r.receiver + ": " + r.integration + "[" + std::to_string(r.index) +
           "] replaced by obsctl's webhook: " + r.reason;
}

void scale_duration_field(YAML::Node node, const char* key, Millis floor, const TimeScale& scale) {
    if (!node[key])
        return;
    if (auto d = util::parse_duration(node[key].as<std::string>())) {
        node[key] = util::format_duration(scale.scale(*d, floor));
    }
}

YAML::Node render_prometheus_config(const YAML::Node& config, const StackPorts& ports,
                                    const StackSources& sources, const TimeScale& scale,
                                    std::vector<DroppedJob>& dropped_jobs) {
    YAML::Node out(YAML::NodeType::Map);
    out["global"]["scrape_interval"] = "1s";
    out["global"]["evaluation_interval"] = "1s";
    // The shipped external label (stack: obsctl-demo) belongs to the shipped stack: the user's
    // own rules get only the labels the user's own prometheus.yml gives.
    const bool own_labels = !sources.shipped_prometheus_config || sources.shipped_rules;
    if (own_labels && config["global"] && config["global"]["external_labels"])
        out["global"]["external_labels"] = YAML::Clone(config["global"]["external_labels"]);
    YAML::Node am;
    am["static_configs"] = static_targets({util::loopback(ports.alertmanager)});
    out["alerting"]["alertmanagers"].push_back(am);
    // The user's alert relabelling, as written: Alertmanager routes, inhibits and notifies on
    // the labels it leaves (notifier.go: the external labels first, then these).
    if (own_labels && config["alerting"] && config["alerting"]["alert_relabel_configs"])
        out["alerting"]["alert_relabel_configs"] =
            YAML::Clone(config["alerting"]["alert_relabel_configs"]);
    out["rule_files"].push_back("rules/*.yml");
    // `*_file` paths of the user's jobs are relative to their prometheus.yml.
    const fs::path base_dir = sources.prometheus_config.empty()
                                  ? fs::path()
                                  : fs::absolute(sources.prometheus_config).parent_path();

    YAML::Node jobs(YAML::NodeType::Sequence);
    std::set<std::string> seen;
    // Only the user's own jobs are worth a word: the shipped config's Compose-only jobs (node
    // without node-exporter, obsctl without its port) are left out by design, on every run.
    auto drop = [&](const std::string& job, std::string reason) {
        if (!sources.shipped_prometheus_config)
            dropped_jobs.push_back({job, std::move(reason)});
    };
    for (const auto& job_in : config["scrape_configs"]) {
        const auto name = job_in["job_name"].as<std::string>("");
        const std::string discovery = discovery_of(job_in);
        std::vector<std::string> targets;  // empty: the static_configs as written
        // The processes obsctl starts serve plain HTTP on /metrics, whatever the user's job
        // says about its own deployment of them.
        Settings settings = Settings::own_part;
        if (const auto* user = named(sources, name)) {
            targets = user->targets;
            settings = Settings::all;
        } else if (name == "demoapp") {
            if (!sources.demoapp) {
                drop(name, "demoapp is not started (--no-demoapp)");
                continue;
            }
            targets = {util::loopback(ports.app)};
        } else if (name == "prometheus") {
            targets = {util::loopback(ports.prometheus)};
        } else if (name == "alertmanager") {
            targets = {util::loopback(ports.alertmanager)};
        } else if (name == "node" && ports.node != 0) {
            targets = {util::loopback(ports.node)};
        } else if (name == "obsctl") {
            if (ports.obsctl == 0) {
                drop(name, "no port for obsctl's metrics");
                continue;
            }
            targets = {util::loopback(ports.obsctl)};
        } else if (!discovery.empty()) {
            drop(name, "it uses " + discovery + ", which cannot work locally (--scrape " + name +
                           "=HOST:PORT gives it local targets)");
            continue;
        } else {
            const JobPlace place = place_static_job(job_in, config["global"]);
            if (!place.local) {
                drop(name, place.reason);
                continue;
            }
            settings = Settings::all;
        }
        YAML::Node job;
        job["job_name"] = name;
        copy_scrape_settings(job_in, job, settings, base_dir, scale);
        // Relabelling written against service discovery's __meta_* labels would drop static
        // targets: only a static job's relabel_configs are kept.
        if (discovery.empty() && job_in["relabel_configs"])
            job["relabel_configs"] = YAML::Clone(job_in["relabel_configs"]);
        if (name == "obsctl")
            honor_own_labels(job);
        if (targets.empty()) {
            job["static_configs"] = YAML::Clone(job_in["static_configs"]);
        } else {
            job["static_configs"] = static_targets(targets);
            // Routing trees match on the labels of the user's targets: the loopback ones
            // keep those every static_config gives alike.
            if (auto labels = common_static_labels(job_in); labels.size() > 0)
                job["static_configs"][0]["labels"] = labels;
        }
        jobs.push_back(job);
        seen.insert(name);
    }
    auto add_job = [&](const std::string& name, const std::vector<std::string>& targets) {
        YAML::Node job;
        job["job_name"] = name;
        job["static_configs"] = static_targets(targets);
        if (name == "obsctl")
            honor_own_labels(job);
        jobs.push_back(job);
        seen.insert(name);
    };
    if (sources.demoapp && !seen.contains("demoapp"))
        add_job("demoapp", {util::loopback(ports.app)});
    for (const auto& user : sources.scrape) {
        if (!seen.contains(user.job))
            add_job(user.job, user.targets);
    }
    // A scenario may compare the app's counters with obsctl's own (obsctl_requests_total).
    if (ports.obsctl != 0 && !seen.contains("obsctl"))
        add_job("obsctl", {util::loopback(ports.obsctl)});
    out["scrape_configs"] = jobs;
    return out;
}

YAML::Node render_rules(const YAML::Node& rules, const TimeScale& scale) {
    YAML::Node out = YAML::Clone(rules);
    for (auto group : out["groups"]) {
        scale_duration_field(group, "interval", Millis{1000}, scale);
        for (auto rule : group["rules"]) {
            if (rule["expr"])
                rule["expr"] = scale.scale_expr(rule["expr"].as<std::string>());
            scale_duration_field(rule, "for", scale.for_floor, scale);
            scale_duration_field(rule, "keep_firing_for", scale.for_floor, scale);
        }
    }
    return out;
}

util::Result<RenderedStack> render_stack(const RenderOptions& options) {
    const StackSources& sources = options.sources;
    RenderedStack rendered;
    std::error_code ec;
    fs::create_directories(options.out_dir / "rules", ec);
    if (ec)
        return util::fail(util::ExitCode::stack_unavailable, ec.message(),
                          options.out_dir.string());
    if (sources.demoapp)
        rendered.app_jobs.push_back("demoapp");
    for (const auto& s : sources.scrape) {
        if (std::find(rendered.app_jobs.begin(), rendered.app_jobs.end(), s.job) ==
            rendered.app_jobs.end())
            rendered.app_jobs.push_back(s.job);
    }

    auto prom = load_yaml(sources.prometheus_config);
    if (!prom)
        return std::unexpected(prom.error());
    std::string where = sources.prometheus_config.string();
    try {
        rendered.prometheus_config = options.out_dir / "prometheus.yml";
        // It may hold the scrape jobs' credentials, as the user's own file does: owner only
        // before anything is written.
        std::ofstream(rendered.prometheus_config, std::ios::app).close();
        fs::permissions(rendered.prometheus_config, fs::perms::owner_read | fs::perms::owner_write,
                        ec);
        const YAML::Node prometheus = render_prometheus_config(
            *prom, options.ports, sources, options.time_scale, rendered.dropped_jobs);
        for (const auto& job : prometheus["scrape_configs"])
            rendered.jobs.push_back(job["job_name"].as<std::string>());
        auto ok = write_yaml(rendered.prometheus_config, prometheus);
        if (!ok)
            return std::unexpected(ok.error());

        for (const auto& old : fs::directory_iterator(options.out_dir / "rules"))
            fs::remove(old);
        std::set<std::string> taken;
        for (const auto& source : sources.rule_files) {
            where = source.string();
            auto rules = load_yaml(source, promapi::MergeKeys::go_yaml_v3);  // rulefmt: yaml.v3
            if (!rules)
                return std::unexpected(rules.error());
            const std::string name = rule_file_name(source, taken);
            auto written = write_yaml(options.out_dir / "rules" / name,
                                      render_rules(*rules, options.time_scale));
            if (!written)
                return std::unexpected(written.error());
            rendered.rule_files.push_back(name);
        }

        where = sources.alertmanager_config.string();
        auto am = load_yaml(sources.alertmanager_config);
        if (!am)
            return std::unexpected(am.error());
        rendered.alertmanager_config = options.out_dir / "alertmanager.yml";
        for (const auto& receiver : (*am)["receivers"]) {
            rendered.receivers[receiver["name"].as<std::string>("")] =
                promapi::resolved_notifications(receiver);
        }
        auto local =
            render_alertmanager_config(*am, options.ports, options.time_scale,
                                       fs::absolute(sources.alertmanager_config).parent_path());
        rendered.replaced = std::move(local.replaced);
        rendered.kept = std::move(local.kept);
        auto written = write_yaml(rendered.alertmanager_config, local.config);
        if (!written)
            return std::unexpected(written.error());
    } catch (const YAML::Exception& e) {
        // A file that parses but has the wrong shape (a list where a map belongs).
        return util::fail(util::ExitCode::usage, e.what(), where);
    }
    return rendered;
}

}  // namespace stack
