#pragma once

#include <string>
#include <string_view>

namespace util {

/// The items (strings, string_views or C strings) with `separator` between them:
/// join({"oncall", "team"}, ", ") == "oncall, team".
template <typename Range>
std::string join(const Range& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += separator;
        out += std::string_view(item);
    }
    return out;
}

}  // namespace util
