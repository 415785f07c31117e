#include "util/env_expand.hpp"

#include <algorithm>
#include <cstdlib>

namespace util {

namespace {

/// A shell variable name: a letter or '_', then letters, digits and '_'.
bool is_name(std::string_view s) {
    const auto alpha = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (s.empty() || !alpha(s.front()))
        return false;
    return std::all_of(s.begin(), s.end(),
                       [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

}  // namespace

std::expected<std::string, std::string> expand_env(std::string_view text,
                                                   std::initializer_list<std::string_view> keep) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "$${") == 0) {  // an escaped, literal ${
            out += "${";
            i += 2;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            out += text[i];
            continue;
        }
        const auto end = text.find('}', i);
        const std::string_view inside =
            end == std::string_view::npos ? std::string_view{} : text.substr(i + 2, end - i - 2);
        const auto dash = inside.find(":-");
        const std::string_view name = inside.substr(0, dash);
        // Not a variable (PromQL's and regexes' ${1}, an unclosed ${): as written.
        if (!is_name(name) || std::find(keep.begin(), keep.end(), inside) != keep.end()) {
            out += text[i];
            continue;
        }
        const std::string key(name);
        const char* value = std::getenv(key.c_str());
        if (dash != std::string_view::npos && (value == nullptr || *value == '\0'))
            out += inside.substr(dash + 2);
        else if (value == nullptr)
            return std::unexpected("environment variable " + key + " is not set");
        else
            out += value;
        i = end;
    }
    return out;
}

}  // namespace util
