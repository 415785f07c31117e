#include "promql/windows.hpp"

#include <algorithm>

#include "promql/lexer.hpp"

namespace promql {

std::vector<RangeWindow> range_windows(std::string_view expr) {
    const std::vector<Token> t = code_tokens(expr);
    std::vector<RangeWindow> out;
    for (std::size_t open = 0; open < t.size(); ++open) {
        if (!is_bracket(t[open], '['))
            continue;
        std::size_t close = open + 1;
        std::size_t colon = 0;  // none
        for (; close < t.size() && !is_bracket(t[close], ']'); ++close) {
            if (colon == 0 && t[close].kind == Kind::op && t[close].text == ":")
                colon = close;
        }
        if (close == t.size())
            break;  // never closed: nothing after it is a window either
        // The range and the step as written between the tokens, spaces included: exactly
        // what parse_duration accepts ("[5m]", "[30m:1m]", "[10m:]").
        const std::size_t range_end = colon != 0 ? t[colon].begin : t[close].begin;
        if (auto range = util::parse_duration(expr.substr(t[open].end, range_end - t[open].end))) {
            RangeWindow w{t[open].begin, t[close].end, *range, std::nullopt, {}, colon != 0};
            if (w.subquery) {
                w.step_text = std::string(expr.substr(t[colon].end, t[close].begin - t[colon].end));
                w.step = util::parse_duration(w.step_text);
            }
            out.push_back(std::move(w));
        }
        open = close;
    }
    return out;
}

util::Millis longest_range_window(std::string_view expr) {
    util::Millis longest{0};
    for (const auto& w : range_windows(expr))
        longest = std::max(longest, w.range);
    return longest;
}

std::vector<OffsetModifier> offset_modifiers(std::string_view expr) {
    const std::vector<Token> t = code_tokens(expr);
    std::vector<OffsetModifier> out;
    for (std::size_t k = 0; k + 1 < t.size(); ++k) {
        if (!is_word(t[k], "offset"))
            continue;
        std::size_t d = k + 1;
        const bool sign = t[d].kind == Kind::op && (t[d].text == "-" || t[d].text == "+");
        if (sign)
            ++d;
        // A sign sticks to its duration ("offset -1h"); without one, "offset" right before
        // what follows (`offset)`, `offset="1m"`) is a name, not a modifier.
        const bool placed =
            sign ? d < t.size() && t[d].begin == t[d - 1].end : t[d].begin > t[k].end;
        if (!placed || t[d].kind != Kind::duration)
            continue;
        if (auto offset = util::parse_duration(t[d].text))
            out.push_back({t[d].begin, t[d].end, *offset, sign && t[d - 1].text == "-"});
        k = d;
    }
    return out;
}

util::Millis longest_offset(std::string_view expr) {
    util::Millis longest{0};
    for (const auto& o : offset_modifiers(expr)) {
        if (!o.negative)
            longest = std::max(longest, o.offset);
    }
    return longest;
}

std::vector<std::string> functions_with_seconds(std::string_view expr) {
    const std::vector<Token> t = code_tokens(expr);
    std::vector<std::string> out;
    for (std::size_t k = 0; k + 1 < t.size(); ++k) {
        const std::string_view name = t[k].text;
        const bool call = t[k].kind == Kind::identifier && is_bracket(t[k + 1], '(');
        if (call && (name == "predict_linear" || name == "time" || name == "timestamp") &&
            std::find(out.begin(), out.end(), name) == out.end())
            out.emplace_back(name);
    }
    return out;
}

}  // namespace promql
