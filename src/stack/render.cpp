#include "stack/render.hpp"

#include <algorithm>
#include <fstream>

namespace stack {
namespace {

namespace fs = std::filesystem;
using util::Millis;

std::string loopback(std::uint16_t port) {
    return "127.0.0.1:" + std::to_string(port);
}

/// A target host that resolves outside Docker: an IP address, localhost, or a dotted name.
/// A bare name ("node-exporter") is a Compose service and does not exist on this machine.
bool resolvable_outside_compose(const std::string& target) {
    const std::string host = target.substr(0, target.rfind(':'));
    return host == "localhost" || host.find('.') != std::string::npos || host.starts_with('[');
}

void set_targets(YAML::Node job, const std::string& target) {
    YAML::Node static_config;
    static_config["targets"].push_back(target);
    YAML::Node configs;
    configs.push_back(static_config);
    job["static_configs"] = configs;
}

void scale_duration_field(YAML::Node node, const char* key, Millis floor, const TimeScale& scale) {
    if (!node[key])
        return;
    if (auto d = util::parse_duration(node[key].as<std::string>())) {
        node[key] = util::format_duration(scale.scale(*d, floor));
    }
}

void render_route(YAML::Node route, const TimeScale& scale) {
    // Floors: notifications go out on the next group_interval tick, so it must stay at least
    // the 1 s evaluation interval; repeats need not be faster than every 10 s.
    scale_duration_field(route, "group_wait", Millis{0}, scale);
    scale_duration_field(route, "group_interval", Millis{1000}, scale);
    scale_duration_field(route, "repeat_interval", Millis{10'000}, scale);
    if (route["routes"]) {
        for (auto child : route["routes"])
            render_route(child, scale);
    }
}

std::string webhook_url(const std::string& url, std::uint16_t port) {
    // scheme://host:port/path -> http://127.0.0.1:<port>/path
    auto scheme_end = url.find("://");
    auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
    return "http://" + loopback(port) + path;
}

util::Result<YAML::Node> load_yaml(const fs::path& file) {
    if (!fs::exists(file)) {
        return util::fail(util::ExitCode::usage, "no such file", file.string(),
                          "point --stack-dir at a copy of obsctl's stack/ directory");
    }
    try {
        return YAML::LoadFile(file.string());
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
    out << "# Rendered by obsctl stack from "
        << "stack/; edits here are overwritten.\n"
        << emitter.c_str() << "\n";
    if (!out)
        return util::fail(util::ExitCode::stack_unavailable, "cannot write", file.string());
    return {};
}

}  // namespace

YAML::Node render_prometheus_config(const YAML::Node& config, const StackPorts& ports,
                                    std::vector<std::string>& dropped_jobs) {
    YAML::Node out = YAML::Clone(config);
    out["global"]["scrape_interval"] = "1s";
    out["global"]["evaluation_interval"] = "1s";
    YAML::Node am;
    am["static_configs"].push_back(YAML::Node());
    am["static_configs"][0]["targets"].push_back(loopback(ports.alertmanager));
    out["alerting"]["alertmanagers"] = YAML::Node(YAML::NodeType::Sequence);
    out["alerting"]["alertmanagers"].push_back(am);
    out["rule_files"] = YAML::Node(YAML::NodeType::Sequence);
    out["rule_files"].push_back("rules/*.yml");

    YAML::Node jobs(YAML::NodeType::Sequence);
    for (const auto& job_in : config["scrape_configs"]) {
        YAML::Node job = YAML::Clone(job_in);
        const auto name = job["job_name"].as<std::string>("");
        if (name == "demoapp") {
            set_targets(job, loopback(ports.app));
        } else if (name == "prometheus") {
            set_targets(job, loopback(ports.prometheus));
        } else if (name == "alertmanager") {
            set_targets(job, loopback(ports.alertmanager));
        } else if (name == "obsctl") {
            if (ports.obsctl == 0) {
                dropped_jobs.push_back(name);
                continue;
            }
            set_targets(job, loopback(ports.obsctl));
        } else {
            bool local = true;
            for (const auto& sc : job["static_configs"]) {
                for (const auto& t : sc["targets"]) {
                    local = local && resolvable_outside_compose(t.as<std::string>(""));
                }
            }
            if (!local) {
                dropped_jobs.push_back(name);
                continue;
            }
        }
        jobs.push_back(job);
    }
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

YAML::Node render_alertmanager_config(const YAML::Node& config, const StackPorts& ports,
                                      const TimeScale& scale) {
    YAML::Node out = YAML::Clone(config);
    if (out["route"])
        render_route(out["route"], scale);
    for (auto receiver : out["receivers"]) {
        for (auto hook : receiver["webhook_configs"]) {
            if (hook["url"])
                hook["url"] = webhook_url(hook["url"].as<std::string>(), ports.webhook);
        }
    }
    return out;
}

util::Result<RenderedStack> render_stack(const RenderOptions& options) {
    const fs::path prom_dir = options.stack_dir / "prometheus";
    RenderedStack rendered;
    std::error_code ec;
    fs::create_directories(options.out_dir / "rules", ec);
    if (ec)
        return util::fail(util::ExitCode::stack_unavailable, ec.message(),
                          options.out_dir.string());

    auto prom = load_yaml(prom_dir / "prometheus.yml");
    if (!prom)
        return std::unexpected(prom.error());
    try {
        rendered.prometheus_config = options.out_dir / "prometheus.yml";
        auto ok = write_yaml(rendered.prometheus_config,
                             render_prometheus_config(*prom, options.ports, rendered.dropped_jobs));
        if (!ok)
            return std::unexpected(ok.error());

        for (const auto& old : fs::directory_iterator(options.out_dir / "rules"))
            fs::remove(old);
        std::vector<fs::path> rule_sources;
        if (fs::is_directory(prom_dir / "rules")) {
            for (const auto& entry : fs::directory_iterator(prom_dir / "rules")) {
                if (entry.path().extension() == ".yml" || entry.path().extension() == ".yaml") {
                    rule_sources.push_back(entry.path());
                }
            }
        }
        std::sort(rule_sources.begin(), rule_sources.end());
        for (const auto& source : rule_sources) {
            auto rules = load_yaml(source);
            if (!rules)
                return std::unexpected(rules.error());
            const std::string name = source.stem().string() + ".yml";
            auto written = write_yaml(options.out_dir / "rules" / name,
                                      render_rules(*rules, options.time_scale));
            if (!written)
                return std::unexpected(written.error());
            rendered.rule_files.push_back(name);
        }

        auto am = load_yaml(options.stack_dir / "alertmanager" / "alertmanager.yml");
        if (!am)
            return std::unexpected(am.error());
        rendered.alertmanager_config = options.out_dir / "alertmanager.yml";
        auto written =
            write_yaml(rendered.alertmanager_config,
                       render_alertmanager_config(*am, options.ports, options.time_scale));
        if (!written)
            return std::unexpected(written.error());
    } catch (const YAML::Exception& e) {
        // A file that parses but has the wrong shape (a list where a map belongs).
        return util::fail(util::ExitCode::usage, e.what(), options.stack_dir.string());
    }
    return rendered;
}

}  // namespace stack
