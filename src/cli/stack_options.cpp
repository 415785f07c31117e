#include "cli/stack_options.hpp"
#include "cli/command.hpp"

#include "util/locate.hpp"

namespace cli {

void StackLocation::add_to(CLI::App& cmd, bool with_stack_dir) {
    if (with_stack_dir) {
        cmd.add_option("--stack-dir", stack_dir,
                       "The stack/ directory to render (default: the one obsctl ships)")
            ->group("Stack");
    }
    cmd.add_option("--state-dir", state_dir,
                   "Where the running stack keeps its configs, data, logs and stack.json")
        ->group("Stack")
        ->capture_default_str();
}

void StackShape::add_to(CLI::App& cmd) {
    cmd.add_option("--app-port", ports.app, "demoapp's port on 127.0.0.1 (0: any free port)")
        ->group("Ports")
        ->capture_default_str();
    cmd.add_option("--prometheus-port", ports.prometheus, "Prometheus's port (0: any free port)")
        ->group("Ports")
        ->capture_default_str();
    cmd.add_option("--alertmanager-port", ports.alertmanager,
                   "Alertmanager's port (0: any free port)")
        ->group("Ports")
        ->capture_default_str();
    cmd.add_option("--webhook-port", ports.webhook,
                   "Port Alertmanager's webhooks post to (obsctl's receiver)")
        ->group("Ports")
        ->capture_default_str();
    cmd.add_option("--obsctl-port", ports.obsctl,
                   "Port Prometheus scrapes obsctl's own metrics on (obsctl run --metrics-listen "
                   "127.0.0.1:PORT); 0: no obsctl scrape job")
        ->group("Ports")
        ->capture_default_str();
    cmd.add_option("--time-scale", time_scale,
                   "Multiply rule `for:` and range windows by this (0.1: a tenth of the time)")
        ->group("Stack")
        ->check(finite_range(0.001, 10.0))
        ->capture_default_str();
}

void StackConfig::add_to(CLI::App& cmd, CLI::Option* needs) {
    std::vector<CLI::Option*> added{
        cmd.add_option("--rules", rules,
                       "Your rule files (files, directories, globs), time-scaled, instead of the "
                       "shipped ones")
            ->group("Stack"),
        cmd.add_option("--alertmanager-config", alertmanager_config,
                       "Your alertmanager.yml: routes and inhibitions as written, every "
                       "receiver's integrations replaced by obsctl's webhook (nobody is paged)")
            ->group("Stack")
            ->check(CLI::ExistingFile),
        cmd.add_option(
               "--prometheus-config", prometheus_config,
               "Your prometheus.yml: its external_labels, and its jobs as written when what "
               "they scrape after relabel_configs is on this machine")
            ->group("Stack")
            ->check(CLI::ExistingFile),
        cmd.add_option("--scrape", scrape,
                       "Scrape your app as JOB every second: JOB=HOST:PORT[,HOST:PORT...] "
                       "(repeatable)")
            ->group("Stack"),
        cmd.add_flag("--no-demoapp", no_demoapp,
                     "Leave the demo app out (implied by --scrape with --rules)")
            ->group("Stack"),
        cmd.add_flag("--no-node-exporter", no_node_exporter,
                     "Run no prometheus-node-exporter (the `node` job's host series): a busy "
                     "machine's own CPU would fire HighCPUUsage")
            ->group("Stack")};
    if (needs != nullptr) {
        for (auto* o : added)
            o->needs(needs);
    }
}

util::Result<stack::StackSources> stack_sources(const std::filesystem::path& stack_dir,
                                                const StackConfig& config) {
    stack::StackSources sources = stack::shipped_sources(stack_dir);
    if (!config.rules.empty()) {
        auto files = stack::expand_rule_paths(config.rules);
        if (!files)
            return std::unexpected(files.error());
        sources.rule_files = std::move(*files);
        sources.shipped_rules = false;
    }
    if (!config.alertmanager_config.empty())
        sources.alertmanager_config = config.alertmanager_config;
    if (!config.prometheus_config.empty()) {
        sources.prometheus_config = config.prometheus_config;
        sources.shipped_prometheus_config = false;
    }
    for (const auto& arg : config.scrape) {
        auto job = stack::parse_scrape(arg);
        if (!job)
            return std::unexpected(job.error());
        sources.scrape.push_back(std::move(*job));
    }
    // The shipped rules are about demoapp; the user's rules with the user's app are not.
    sources.demoapp = !config.no_demoapp && (sources.scrape.empty() || sources.shipped_rules);
    return sources;
}

util::Result<stack::StackOptions> stack_options(const StackLocation& location,
                                                const StackShape& shape,
                                                const StackConfig& config) {
    auto stack_dir = util::find_data_dir("stack", location.stack_dir);
    if (!stack_dir)
        return std::unexpected(stack_dir.error());
    auto sources = stack_sources(*stack_dir, config);
    if (!sources)
        return std::unexpected(sources.error());
    stack::StackOptions options;
    options.sources = std::move(*sources);
    options.state_dir = location.state_dir;
    options.demoapp_binary = util::find_sibling_program("demoapp");
    options.ports = shape.ports;
    options.node_exporter = !config.no_node_exporter;
    options.time_scale.factor = shape.time_scale;
    return options;
}

}  // namespace cli
