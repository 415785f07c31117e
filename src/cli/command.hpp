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
void setup_coverage(CLI::App& parent, Action& action);
void setup_report(CLI::App& parent, Action& action);
void setup_init(CLI::App& parent, Action& action);
/// `obsctl version`, and `--version` on `parent` (the one-line form).
void setup_version(CLI::App& parent, Action& action);
/// `obsctl help [COMMAND...]`, `obsctl completion SHELL` and the hidden `obsctl manpages DIR`
/// (help.cpp, completion.cpp, manpage.cpp): they read the whole tree, so they are added last.
void setup_help(CLI::App& app, Action& action);
void setup_completion(CLI::App& app, Action& action);
void setup_manpages(CLI::App& app, Action& action);

/// Prints what `obsctl WORDS... --help` prints (the same formatter, the same name), so the two
/// never differ; an unknown word is exit 2 naming the commands there are.
util::Result<util::ExitCode> print_help(const CLI::App& root,
                                        const std::vector<std::string>& words);

/// CLI::Range for floating-point options that also refuses NaN and infinities (CLI::Range
/// compares, and every comparison with NaN is false, so `--rate-scale nan` passed it).
inline CLI::Validator finite_range(double min, double max) {
    return CLI::Validator(
        [min, max](std::string& text) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(text, value) || !(value >= min && value <= max))
                return "Value " + text + " not in range [" + CLI::detail::to_string(min) + " - " +
                       CLI::detail::to_string(max) + "]";
            return {};
        },
        "FLOAT in [" + CLI::detail::to_string(min) + " - " + CLI::detail::to_string(max) + "]");
}

/// Prints "obsctl: <line>" to stderr: progress and notes, never results.
void note(const std::string& line);

}  // namespace cli
