#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace promql {

/// `status=~"5.."` in a vector selector.
struct LabelMatcher {
    std::string label, op, value;  ///< op: =, !=, =~, !~
};

/// `http_requests_total{job="demoapp", status=~"5.."}`: the metric name (empty when the
/// selector has none) and its matchers, as written.
struct VectorSelector {
    std::string metric;
    std::vector<LabelMatcher> matchers;
};

/// Every vector selector of an expression, in order: identifiers that are neither functions,
/// aggregations nor keywords, with their braces; label lists of by/without/on/ignoring/group_*
/// and string literals are never taken for selectors.
std::vector<VectorSelector> vector_selectors(std::string_view expr);

/// A comparison at the top of an expression (or of one operand of a top-level and/or/unless):
/// `A > 0.05`. When one side is a number it is the threshold, and the other side is `lhs`
/// (`0.8 > A` becomes `A < 0.8`).
struct Comparison {
    std::string lhs, op, rhs;  ///< op: ==, !=, >, <, >=, <=
    std::optional<double> threshold;
};
std::vector<Comparison> top_level_comparisons(std::string_view expr);

/// Whether `name` occurs in `expr` as a whole identifier (a recording rule's name used as a
/// metric), outside string literals.
bool uses_identifier(std::string_view expr, std::string_view name);

}  // namespace promql
