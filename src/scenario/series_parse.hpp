#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/limits.hpp"
#include "scenario/model.hpp"

namespace scenario {

/// A scenario's `series:` list, read after its `phases:` (a series given per phase names
/// them). Throws FieldError ("series[0].values: ...") at the first mistake, as the rest of
/// the parser does; `parse_scenario` turns it into one file:line:col error, exit 2.
std::vector<SeriesSpec> parse_series(const YAML::Node& node, const std::vector<Phase>& phases);

/// A series' name as promtool's `input_series` writes it: `metric{label="value", ...}`
/// (or `{__name__="metric", ...}`). Label values are quoted with " ' or ` (raw).
struct SeriesName {
    std::string metric;
    std::map<std::string, std::string> labels;
};
std::expected<SeriesName, std::string> parse_series_name(std::string_view text);

/// promtool's expanding notation, read as Prometheus 2.42's promql/parser reads a series
/// description's values (generated_parser.y `series_item`, lex.go `lexValueSequence`):
/// items separated by blanks, each one of
///   `a`        one value (a number, `Inf`, `-Inf`, `NaN`; an integer with a leading 0 is octal,
///              as Go's ParseInt base 0 reads it: `010` is 8)
///   `axN`      N+1 copies of a
///   `a+bxN`    N+1 values a, a+b, ..., each the previous plus b (added, not a + i*b, so the
///              floats are promtool's to the bit); `a-bxN` steps down
///   `_`        one missing value; `_xN` N missing values (N, not N+1)
///   `stale`    a staleness marker (alone: promtool reads `stalex2` as an unknown word)
/// Expands to at most `limit` values; past it the text is refused before any is allocated.
/// The error is the reason, naming the item.
std::expected<std::vector<SeriesSpec::Sample>, std::string> expand_series_values(
    std::string_view text, std::size_t limit = limits::k_series_samples);

}  // namespace scenario
