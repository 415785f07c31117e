#pragma once

#include <yaml-cpp/yaml.h>

#include "scenario/model.hpp"
#include "scenario/reader.hpp"

namespace scenario {

/// The `expect` block of `s` (whose requests and phases it names). Each alert's, query's and
/// field's first mistake goes to `d`, and reading goes on with the next.
Expectations parse_expect(const YAML::Node& node, const Scenario& s, Diagnostics& d);

}  // namespace scenario
