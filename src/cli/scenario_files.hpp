#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/parser.hpp"

namespace cli {

/// The bundled scenario files (name.yaml, .yml or .json) in the scenarios directory.
std::vector<std::filesystem::path> bundled_scenarios(const std::filesystem::path& scenarios_dir);

/// A scenario named the way every command takes one: a file if one exists at `name_or_path`,
/// `-` for standard input (at most limits::k_file_bytes; messages call it <stdin>), else a
/// bundled scenario of that name. Every mistake of it, in file order; an unknown name is one
/// mistake listing the bundled ones. All exit 2.
scenario::Checked read_scenario(const std::string& name_or_path,
                                const std::filesystem::path& scenarios_dir_override);

/// One line per mistake (Error::message()), at most limits::k_mistakes_shown of them, then
/// "… and N more".
std::vector<std::string> mistake_lines(const std::vector<util::Error>& mistakes);

/// read_scenario for commands that go on to run it: one mistake is the Error; several are
/// printed to stderr first (mistake_lines, the lines `validate` prints) and the Error counts
/// them.
util::Result<scenario::Scenario> find_scenario(const std::string& name_or_path,
                                               const std::filesystem::path& scenarios_dir_override);

}  // namespace cli
