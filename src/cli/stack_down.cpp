#include <cstdio>

#include "cli/help_format.hpp"
#include "cli/stack_commands.hpp"
#include "cli/stack_options.hpp"

namespace cli {
namespace {

util::Result<util::ExitCode> run_down(const StackLocation& location) {
    auto state = stack::load_state(location.state_dir);
    if (!state) {
        std::printf("No local stack is running (no %s).\n",
                    (location.state_dir / "stack.json").c_str());
        return util::ExitCode::ok;
    }
    stack::stop_recorded_stack(*state);
    std::printf("Local stack stopped.\n");
    return util::ExitCode::ok;
}

}  // namespace

void setup_stack_down(CLI::App& stack, Action& action) {
    auto location = std::make_shared<StackLocation>();
    auto* cmd = stack.add_subcommand("down", "Stop a stack started with `stack up --detach`");
    location->add_to(*cmd, false);
    set_examples(*cmd, {"obsctl stack down"});
    cmd->callback([location, &action] { action = [location] { return run_down(*location); }; });
}

}  // namespace cli
