#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "cli/stack_commands.hpp"

namespace cli {

void setup_stack(CLI::App& parent, Action& action) {
    auto* stack = parent.add_subcommand(
        "stack", "Run the local stack (demoapp, Prometheus, Alertmanager) as child processes");
    stack->require_subcommand(1);
    set_examples(*stack, {"obsctl stack up --detach --time-scale 0.1",
                          "obsctl run errors   # against the detached stack", "obsctl stack down"});
    setup_stack_up(*stack, action);
    setup_stack_down(*stack, action);
    setup_stack_status(*stack, action);
    setup_stack_render(*stack, action);
    setup_stack_selftest(*stack, action);
}

}  // namespace cli
