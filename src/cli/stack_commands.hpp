#pragma once

#include "cli/command.hpp"

namespace cli {

void setup_stack_up(CLI::App& stack, Action& action);
void setup_stack_down(CLI::App& stack, Action& action);
void setup_stack_status(CLI::App& stack, Action& action);
void setup_stack_render(CLI::App& stack, Action& action);
void setup_stack_selftest(CLI::App& stack, Action& action);

}  // namespace cli
