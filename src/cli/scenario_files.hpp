#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/parser.hpp"

namespace cli {

/// The bundled scenario files (name.yaml, .yml or .json) in the scenarios directory.
std::vector<std::filesystem::path> bundled_scenarios(const std::filesystem::path& scenarios_dir);

/// `name_or_path` as a file if one exists there, else a bundled scenario of that name. An
/// unknown name is exit 2 listing the bundled ones.
util::Result<scenario::Scenario> find_scenario(const std::string& name_or_path,
                                               const std::filesystem::path& scenarios_dir_override);

}  // namespace cli
