#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace promapi {

/// One label matcher of Alertmanager's (pkg/labels/matcher.go): `name op "value"`.
struct LabelMatcher {
    enum class Op { equal, not_equal, regex, not_regex };
    std::string name;
    Op op = Op::equal;
    std::string value;
    /// The regex as Alertmanager compiles it, `^(?:value)$`; null when std::regex cannot read
    /// what Go's RE2 did (then `matches` does not know).
    std::shared_ptr<const std::regex> regex;

    /// Whether `label_value` (an absent label is "") matches; nullopt for a regex obsctl cannot
    /// read.
    std::optional<bool> matches(const std::string& label_value) const;
    /// As Alertmanager prints it: `severity="critical"`, `team=~"db|web"`.
    std::string text() const;
};

/// A matcher with its regex compiled (`value` as written, without the anchors).
LabelMatcher make_matcher(std::string name, LabelMatcher::Op op, std::string value);

/// A `matchers:` entry of an alertmanager.yml, with Alertmanager's own tolerance
/// (pkg/labels/parse.go ParseMatchers, the parser of 0.25 and of later versions' fallback): one
/// or several matchers separated by commas outside double quotes, optionally in braces; each
/// `name op value`, ops = != =~ !~, the value in double quotes with \" \\ \n escapes, or bare.
util::Result<std::vector<LabelMatcher>> parse_matchers(std::string_view text);

}  // namespace promapi
