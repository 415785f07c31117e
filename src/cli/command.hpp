#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "util/error.hpp"

namespace cli {

/// What a parsed subcommand runs. Returns the exit code, or an Error that main() prints as
/// "obsctl: error: ..." with the Error's exit code.
using Action = std::function<util::Result<util::ExitCode>()>;

/// Each subcommand file offers one of these: it adds its options to `parent` and sets `action`
/// when its subcommand is the one chosen (CLI11's examples/subcom_in_files layout).
void setup_stack(CLI::App& parent, Action& action);
void setup_run(CLI::App& parent, Action& action);
void setup_verify(CLI::App& parent, Action& action);
void setup_validate(CLI::App& parent, Action& action);
void setup_list(CLI::App& parent, Action& action);
void setup_status(CLI::App& parent, Action& action);
void setup_alerts(CLI::App& parent, Action& action);

/// Prints "obsctl: <line>" to stderr: progress and notes, never results.
void note(const std::string& line);

}  // namespace cli
