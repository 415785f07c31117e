#include "cli/stack_options.hpp"
#include "cli/command.hpp"

#include "util/locate.hpp"

namespace cli {

void StackLocation::add_to(CLI::App& cmd, bool with_stack_dir) {
    if (with_stack_dir) {
        cmd.add_option("--stack-dir", stack_dir,
                       "The stack/ directory to render (default: the one obsctl ships)");
    }
    cmd.add_option("--state-dir", state_dir,
                   "Where the running stack keeps its configs, data, logs and stack.json")
        ->capture_default_str();
}

void StackShape::add_to(CLI::App& cmd) {
    cmd.add_option("--app-port", ports.app, "demoapp's port on 127.0.0.1 (0: any free port)")
        ->capture_default_str();
    cmd.add_option("--prometheus-port", ports.prometheus, "Prometheus's port (0: any free port)")
        ->capture_default_str();
    cmd.add_option("--alertmanager-port", ports.alertmanager,
                   "Alertmanager's port (0: any free port)")
        ->capture_default_str();
    cmd.add_option("--webhook-port", ports.webhook,
                   "Port Alertmanager's webhooks post to (obsctl's receiver)")
        ->capture_default_str();
    cmd.add_option("--obsctl-port", ports.obsctl,
                   "Port Prometheus scrapes obsctl's own metrics on (obsctl run --metrics-listen "
                   "127.0.0.1:PORT); 0: no obsctl scrape job")
        ->capture_default_str();
    cmd.add_option("--time-scale", time_scale,
                   "Multiply rule `for:` and range windows by this (0.1: a tenth of the time)")
        ->check(finite_range(0.001, 10.0))
        ->capture_default_str();
}

util::Result<stack::StackOptions> stack_options(const StackLocation& location,
                                                const StackShape& shape) {
    auto stack_dir = util::find_data_dir("stack", location.stack_dir);
    if (!stack_dir)
        return std::unexpected(stack_dir.error());
    stack::StackOptions options;
    options.stack_dir = *stack_dir;
    options.state_dir = location.state_dir;
    options.demoapp_binary = util::find_sibling_program("demoapp");
    options.ports = shape.ports;
    options.time_scale.factor = shape.time_scale;
    return options;
}

}  // namespace cli
