#pragma once

#include <expected>
#include <initializer_list>
#include <string>
#include <string_view>

namespace util {

/// `text` with each `${NAME}` replaced by the environment variable NAME and each
/// `${NAME:-default}` by NAME, or by `default` when NAME is unset or empty (the shell's rule).
/// Anything else, `$` alone included, stays as written; the values are not expanded again.
/// Fails with what is wrong ("environment variable TARGET is not set", "unclosed ${") for an
/// unset NAME without a default or a `${` without its `}`. The --endpoints file and scenario
/// files share this rule. A `${NAME}` whose NAME is in `keep` stays as written (a placeholder
/// obsctl fills itself, such as a query's `${run_window}`).
std::expected<std::string, std::string> expand_env(
    std::string_view text, std::initializer_list<std::string_view> keep = {});

}  // namespace util
