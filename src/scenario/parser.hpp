#pragma once

#include <expected>
#include <filesystem>
#include <string_view>
#include <vector>

#include "scenario/model.hpp"
#include "util/error.hpp"

namespace scenario {

/// A scenario, or every mistake of its text in file order: each an Error with where =
/// "file:line:col", what = "field.path: what is wrong" and exit code 2. A field's first mistake
/// is reported and the next field read, so one file shows all its mistakes at once.
using Checked = std::expected<Scenario, std::vector<util::Error>>;

/// Reads scenario text, YAML or JSON (JSON may carry // and /* */ comments); `name` is what
/// messages call the file. `${VAR}` and `${VAR:-default}` in values are expanded from the
/// environment first (util::expand_env). A YAML syntax error is one mistake, with a hint for
/// the usual causes.
Checked check_scenario(std::string_view text, const std::string& name);

/// check_scenario as one Error: the first mistake, its hint telling how many more there are.
util::Result<Scenario> parse_scenario(std::string_view text, const std::string& name);

/// parse_scenario on a file of at most limits::k_file_bytes.
util::Result<Scenario> load_scenario(const std::filesystem::path& file);

/// Blanks out // and /* */ comments outside strings, keeping every line and column where it was.
std::string strip_json_comments(std::string_view text);

}  // namespace scenario
