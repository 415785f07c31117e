#include "util/promql.hpp"

#include <algorithm>
#include <cctype>

namespace util {

namespace {

/// At expr[i]: the index after a string literal or comment starting there, else i.
std::size_t skip_literal(std::string_view expr, std::size_t i) {
    const char c = expr[i];
    if (c == '"' || c == '\'' || c == '`') {
        // A string literal, honouring backslash escapes (not in `raw` strings).
        std::size_t end = i + 1;
        while (end < expr.size() && expr[end] != c) {
            if (expr[end] == '\\' && c != '`')
                ++end;
            ++end;
        }
        return std::min(end + 1, expr.size());
    }
    if (c == '#') {  // a comment runs to the end of the line
        const std::size_t end = expr.find('\n', i);
        return end == std::string_view::npos ? expr.size() : end;
    }
    return i;
}

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':';
}

/// Calls `at(i)` for each index of `expr` outside string literals and comments; `at` returns
/// the index to go on from (at least i + 1).
template <typename At>
void scan_code(std::string_view expr, At&& at) {
    std::size_t i = 0;
    while (i < expr.size()) {
        if (const std::size_t after = skip_literal(expr, i); after != i) {
            i = after;
            continue;
        }
        i = at(i);
    }
}

/// The identifier starting at i (empty when none starts there).
std::string_view word_at(std::string_view expr, std::size_t i) {
    if (i > 0 && name_char(expr[i - 1]))
        return {};
    std::size_t end = i;
    while (end < expr.size() && name_char(expr[end]))
        ++end;
    return expr.substr(i, end - i);
}

}  // namespace

std::vector<RangeWindow> range_windows(std::string_view expr) {
    std::vector<RangeWindow> out;
    scan_code(expr, [&](std::size_t i) {
        const std::size_t close = expr[i] == '[' ? expr.find(']', i) : std::string_view::npos;
        if (close == std::string_view::npos)
            return i + 1;
        const std::string_view inside = expr.substr(i + 1, close - i - 1);
        const std::size_t colon = inside.find(':');
        if (auto range = parse_duration(inside.substr(0, colon))) {
            RangeWindow w{i, close + 1, *range, std::nullopt, {}, colon != std::string_view::npos};
            if (w.subquery) {
                w.step_text = std::string(inside.substr(colon + 1));
                w.step = parse_duration(w.step_text);
            }
            out.push_back(std::move(w));
        }
        return close + 1;
    });
    return out;
}

std::vector<OffsetModifier> offset_modifiers(std::string_view expr) {
    std::vector<OffsetModifier> out;
    scan_code(expr, [&](std::size_t i) {
        const std::string_view word = word_at(expr, i);
        if (word.empty())
            return i + 1;
        const std::size_t after = i + word.size();
        std::string lower(word);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower != "offset")
            return after;
        std::size_t d = after;
        while (d < expr.size() && std::isspace(static_cast<unsigned char>(expr[d])) != 0)
            ++d;
        const bool negative = d < expr.size() && expr[d] == '-';
        if (negative || (d < expr.size() && expr[d] == '+'))
            ++d;
        std::size_t end = d;
        while (end < expr.size() && std::isalnum(static_cast<unsigned char>(expr[end])) != 0)
            ++end;
        if (d == after || end == d)  // "offset" as a name (a label, a metric), not a modifier
            return after;
        if (auto offset = parse_duration(expr.substr(d, end - d)))
            out.push_back({d, end, *offset, negative});
        return end;
    });
    return out;
}

Millis longest_offset(std::string_view expr) {
    Millis longest{0};
    for (const auto& o : offset_modifiers(expr)) {
        if (!o.negative)
            longest = std::max(longest, o.offset);
    }
    return longest;
}

std::vector<std::string> functions_with_seconds(std::string_view expr) {
    std::vector<std::string> out;
    scan_code(expr, [&](std::size_t i) {
        const std::string_view word = word_at(expr, i);
        if (word.empty())
            return i + 1;
        std::size_t next = i + word.size();
        while (next < expr.size() && std::isspace(static_cast<unsigned char>(expr[next])) != 0)
            ++next;
        const bool call = next < expr.size() && expr[next] == '(';
        if (call && (word == "predict_linear" || word == "time" || word == "timestamp") &&
            std::find(out.begin(), out.end(), word) == out.end())
            out.emplace_back(word);
        return i + word.size();
    });
    return out;
}

Millis longest_range_window(std::string_view expr) {
    Millis longest{0};
    for (const auto& w : range_windows(expr))
        longest = std::max(longest, w.range);
    return longest;
}

}  // namespace util
