#include <cstdio>

#include "cli/help_format.hpp"
#include "cli/stack_commands.hpp"
#include "cli/stack_options.hpp"
#include "stack/selftest.hpp"
#include "util/locate.hpp"

namespace cli {
namespace {

struct SelftestCli {
    StackLocation location;
    StackShape shape;
    StackConfig config;  ///< only --no-node-exporter: the selftest runs the shipped stack
};

util::Result<util::ExitCode> run_selftest(const SelftestCli& o) {
    auto options = stack_options(o.location, o.shape, o.config);
    if (!options)
        return std::unexpected(options.error());
    const auto say = [](const std::string& line) { note(line); };
    auto local = stack::LocalStack::up(*options, say);
    if (!local)
        return std::unexpected(local.error());
    const auto report = stack::run_selftest(**local, say);
    std::printf("\n");
    for (const auto& check : report.checks) {
        std::printf("%s  %-48s %s\n", check.passed ? "PASS" : "FAIL", check.name.c_str(),
                    check.detail.c_str());
    }
    std::printf("%s\n", report.passed()
                            ? "PASS: the local stack counts traffic exactly and alerts end to end"
                            : "FAIL: see above");
    return report.passed() ? util::ExitCode::ok : util::ExitCode::check_failed;
}

}  // namespace

void setup_stack_selftest(CLI::App& stack, Action& action) {
    auto options = std::make_shared<SelftestCli>();
    options->shape.time_scale = 0.1;
    options->shape.ports = {0, 0, 0, 0};  // free ports: never clashes with a running stack
    options->location.state_dir = util::default_state_dir().parent_path() / "selftest";
    auto* cmd = stack.add_subcommand(
        "selftest",
        "Start a time-scaled local stack, prove traffic is counted exactly and "
        "ApplicationDown fires, routes and resolves, then stop it");
    options->location.add_to(*cmd, true);
    options->shape.add_to(*cmd);
    cmd->add_flag("--no-node-exporter", options->config.no_node_exporter,
                  "Run no prometheus-node-exporter (a busy machine's own CPU would fire "
                  "HighCPUUsage)")
        ->group("Stack");
    set_examples(*cmd, {"obsctl stack selftest"});
    cmd->callback([options, &action] { action = [options] { return run_selftest(*options); }; });
}

}  // namespace cli
