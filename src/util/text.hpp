#pragma once

#include <string>
#include <string_view>
#include <vector>

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

/// The value of a hexadecimal digit, -1 for any other character.
inline int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// `text` without the whitespace (space, tab, CR, LF) at either end.
inline std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// The candidate closest to `word` (Levenshtein distance) within a small distance (2, or a
/// third of the word's length when longer), or empty: the "did you mean" of a misspelt field,
/// receiver or rule name. The first of equally close candidates wins.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

/// Text for XML and HTML (element content and attribute values): & < > " escaped, C0 control
/// characters but tab and line ends replaced by '?'.
inline std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                // XML 1.0 allows no other C0 control character (and a terminal should see none).
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    out += '?';
                else
                    out += c;
        }
    }
    return out;
}

}  // namespace util
