#include <cstdio>

#include "cli/help_format.hpp"
#include "cli/stack_commands.hpp"
#include "cli/stack_options.hpp"
#include "util/locate.hpp"

namespace cli {
namespace {

struct RenderCli {
    StackLocation location;
    StackShape shape;
    StackConfig config;
    std::filesystem::path out;
};

util::Result<util::ExitCode> run_render(const RenderCli& o) {
    auto stack_dir = util::find_data_dir("stack", o.location.stack_dir);
    if (!stack_dir)
        return std::unexpected(stack_dir.error());
    auto sources = stack_sources(*stack_dir, o.config);
    if (!sources)
        return std::unexpected(sources.error());
    stack::RenderOptions options{std::move(*sources), o.out, o.shape.ports, {}};
    if (o.config.no_node_exporter)
        options.ports.node = 0;  // the `node` job is then any other job
    options.time_scale.factor = o.shape.time_scale;
    auto rendered = stack::render_stack(options);
    if (!rendered)
        return std::unexpected(rendered.error());
    std::printf("%s\n", rendered->prometheus_config.c_str());
    for (const auto& rules : rendered->rule_files) {
        std::printf("%s\n", (o.out / "rules" / rules).c_str());
    }
    std::printf("%s\n", rendered->alertmanager_config.c_str());
    for (const auto& dropped : rendered->dropped_jobs)
        note("scrape job " + dropped.job + " left out: " + dropped.reason);
    for (const auto& replaced : rendered->replaced)
        note(stack::describe(replaced));
    return util::ExitCode::ok;
}

}  // namespace

void setup_stack_render(CLI::App& stack, Action& action) {
    auto options = std::make_shared<RenderCli>();
    auto* cmd = stack.add_subcommand(
        "render", "Write the loopback, time-scaled configs `stack up` would use, and stop");
    options->location.add_to(*cmd, true);
    options->shape.add_to(*cmd);
    options->config.add_to(*cmd);
    cmd->add_option("--out", options->out, "Directory to write into")->group("Output")->required();
    set_examples(*cmd, {"obsctl stack render --out rendered/ --time-scale 0.1"});
    cmd->callback([options, &action] { action = [options] { return run_render(*options); }; });
}

}  // namespace cli
