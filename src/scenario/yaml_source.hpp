#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "scenario/reader.hpp"

namespace scenario {

/// What to do about a YAML syntax error at `mark` in `text`, for the usual causes: an unquoted
/// {{...}} template in a flow mapping (`{path: /users/{{randint 1 5}}}`), a tab in the
/// indentation, a quote not closed. Empty when none of them is found near the error.
std::string syntax_hint(std::string_view text, const YAML::Mark& mark);

/// Replaces `${VAR}` and `${VAR:-default}` in every value (not key) of the document with
/// util::expand_env, before any field is read; an unset VAR without default is a mistake at
/// its value. A node shared by YAML aliases is expanded once. `${run_window}`, which the
/// verifier fills in queries, stays.
void expand_environment(YAML::Node root, Diagnostics& d);

/// yaml-cpp reads a quote left open as a value running to the end of the file, without a word
/// (`name: "errors` swallows every line below it): each such quote is a mistake at the quote.
void find_unclosed_quotes(std::string_view text, const YAML::Node& root, Diagnostics& d);

}  // namespace scenario
