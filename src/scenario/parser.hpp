#pragma once

#include <filesystem>
#include <string_view>

#include "scenario/model.hpp"
#include "util/error.hpp"

namespace scenario {

/// Reads a scenario file, YAML or JSON (JSON may carry // and /* */ comments). A mistake is
/// one Error: where = "file:line:col", what = "field.path: what is wrong", exit code 2.
util::Result<Scenario> load_scenario(const std::filesystem::path& file);

/// The same from text; `name` is what messages call the file.
util::Result<Scenario> parse_scenario(std::string_view text, const std::string& name);

/// Blanks out // and /* */ comments outside strings, keeping every line and column where it was.
std::string strip_json_comments(std::string_view text);

}  // namespace scenario
