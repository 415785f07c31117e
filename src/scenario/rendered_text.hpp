#pragma once

#include "scenario/model.hpp"
#include "scenario/reader.hpp"

namespace scenario {

/// Reads `annotations: {NAME: REGEX}` and `notification: {receiver, contains, matches}` of one
/// `expect.fire[]` entry `f` into `x`. A regex that does not compile fails at its node.
void read_rendered_text(const Reader& f, FireExpectation& x);

/// Whether `pattern` (ECMAScript) has a match in `text`; a pattern that does not compile has
/// none (the parser refused it already).
bool regex_finds(const std::string& pattern, const std::string& text);

}  // namespace scenario
