#pragma once

#include <filesystem>
#include <string_view>

#include "util/error.hpp"

namespace util {

/// The running executable's path (/proc/self/exe).
std::filesystem::path executable_path();

/// Where obsctl's bundled `name` directory ("stack" or "scenarios") is, in this order:
///  1. `override_dir` if not empty (--stack-dir, --scenarios-dir);
///  2. $OBSCTL_STACK_DIR / $OBSCTL_SCENARIOS_DIR;
///  3. $OBSCTL_DATA_DIR/<name>;
///  4. <exe>/../share/obsctl/<name>: the install layout (bin/obsctl, share/obsctl/), wherever
///     the prefix is. A build tree looks like an install (CMake links
///     build/<preset>/share/obsctl/* to its own checkout), so a build finds its checkout and a
///     copied binary finds nothing instead of another clone's files.
/// An override that is not a directory is an error, never skipped. Error (exit 2) naming what
/// was tried and how to point obsctl at its data.
Result<std::filesystem::path> find_data_dir(std::string_view name,
                                            const std::filesystem::path& override_dir);

/// The same for an executable at `executable` (tests give a temporary tree).
Result<std::filesystem::path> find_data_dir(std::string_view name,
                                            const std::filesystem::path& override_dir,
                                            const std::filesystem::path& executable);

/// A helper program of obsctl (demoapp): next to the executable (a build tree), else in
/// <exe>/../libexec/obsctl/ (an install), else found on PATH.
std::filesystem::path find_sibling_program(std::string_view name);

/// $XDG_STATE_HOME/obsctl/stack, else ~/.local/state/obsctl/stack, else /tmp/obsctl-<uid>/stack.
std::filesystem::path default_state_dir();

}  // namespace util
