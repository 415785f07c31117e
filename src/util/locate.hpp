#pragma once

#include <filesystem>
#include <string_view>

#include "util/error.hpp"

namespace util {

/// The running executable's path (/proc/self/exe).
std::filesystem::path executable_path();

/// Where obsctl's bundled `name` directory ("stack" or "scenarios") is, in this order:
/// `override_dir` if not empty (--stack-dir), $OBSCTL_STACK_DIR / $OBSCTL_SCENARIOS_DIR,
/// <prefix>/share/obsctl/<name> next to an installed binary, the source tree of a build-tree
/// binary. So obsctl works from any directory. Error (exit 2) naming what was tried.
Result<std::filesystem::path> find_data_dir(std::string_view name,
                                            const std::filesystem::path& override_dir);

/// A sibling program of obsctl (demoapp): next to the executable, else found on PATH.
std::filesystem::path find_sibling_program(std::string_view name);

/// $XDG_STATE_HOME/obsctl/stack, else ~/.local/state/obsctl/stack, else /tmp/obsctl-<uid>/stack.
std::filesystem::path default_state_dir();

}  // namespace util
