#include "util/env_expand.hpp"

#include <algorithm>
#include <cstdlib>

namespace util {

std::expected<std::string, std::string> expand_env(std::string_view text,
                                                   std::initializer_list<std::string_view> keep) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "${") != 0) {
            out += text[i];
            continue;
        }
        const auto end = text.find('}', i);
        if (end == std::string_view::npos)
            return std::unexpected("unclosed ${");
        const std::string_view inside = text.substr(i + 2, end - i - 2);
        if (std::find(keep.begin(), keep.end(), inside) != keep.end()) {
            out += text.substr(i, end + 1 - i);
            i = end;
            continue;
        }
        const auto dash = inside.find(":-");
        const std::string name(inside.substr(0, dash));
        const char* value = std::getenv(name.c_str());
        if (dash != std::string_view::npos && (value == nullptr || *value == '\0'))
            out += inside.substr(dash + 2);
        else if (value == nullptr)
            return std::unexpected("environment variable " + name + " is not set");
        else
            out += value;
        i = end;
    }
    return out;
}

}  // namespace util
