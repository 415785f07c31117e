#pragma once

#include <expected>
#include <initializer_list>
#include <string>
#include <string_view>

namespace util {

/// `text` with each `${NAME}` replaced by the environment variable NAME and each
/// `${NAME:-default}` by NAME, or by `default` when NAME is unset or empty (the shell's rule).
/// NAME is a shell name (`[A-Za-z_][A-Za-z0-9_]*`); anything else stays as written: `$` alone,
/// PromQL's and regexes' `${1}`, a `${` without its `}`. `$${` is a literal `${`. The values are
/// not expanded again. Fails only for an unset NAME without a default ("environment variable
/// TARGET is not set"). The --endpoints file and scenario files share this rule. A `${NAME}`
/// whose NAME is in `keep` stays as written (a placeholder obsctl fills itself, such as a
/// query's `${run_window}`).
std::expected<std::string, std::string> expand_env(
    std::string_view text, std::initializer_list<std::string_view> keep = {});

}  // namespace util
