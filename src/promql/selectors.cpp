#include "promql/selectors.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "promql/lexer.hpp"

namespace promql {
namespace {

bool matcher_op(std::string_view s) {
    return s == "=" || s == "!=" || s == "=~" || s == "!~";
}

/// `(` and `{` nest selectors and calls (a range `[...]` is one token: `tokens_of`).
bool opens(const Token& t) {
    return is_bracket(t, '(') || is_bracket(t, '{');
}
bool closes(const Token& t) {
    return is_bracket(t, ')') || is_bracket(t, '}');
}

bool is_keyword(const Token& t) {
    static const char* const words[] = {
        "and",        "or",          "unless", "by",     "without", "on",  "ignoring",
        "group_left", "group_right", "bool",   "offset", "atan2",   "inf", "nan"};
    return std::any_of(std::begin(words), std::end(words),
                       [&](const char* k) { return is_word(t, k); });
}

bool takes_label_list(const Token& t) {
    return is_word(t, "by") || is_word(t, "without") || is_word(t, "on") ||
           is_word(t, "ignoring") || is_word(t, "group_left") || is_word(t, "group_right");
}

/// The index after the bracket that closes the one opened at `open`.
std::size_t after_close(const std::vector<Token>& t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (opens(t[i]))
            ++depth;
        else if (closes(t[i]) && --depth == 0)
            return i + 1;
    }
    return t.size();
}

bool is_comparison(const Token& t) {
    return t.kind == Kind::op && (t.text == "==" || t.text == "!=" || t.text == ">" ||
                                  t.text == "<" || t.text == ">=" || t.text == "<=");
}

/// The code tokens of `expr` with each range or subquery, `[` to the first `]` after it (or to
/// the end), folded into one duration token: nothing inside one is a selector, a comparison or
/// a name, not even a scenario's template there (`[${run_window}]`).
std::vector<Token> tokens_of(std::string_view expr) {
    const std::vector<Token> code = code_tokens(expr);
    std::vector<Token> out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (!is_bracket(code[i], '[')) {
            out.push_back(code[i]);
            continue;
        }
        const std::size_t begin = code[i].begin;
        while (i + 1 < code.size() && !is_bracket(code[i], ']'))
            ++i;
        const std::size_t end = is_bracket(code[i], ']') ? code[i].end : expr.size();
        out.push_back({Kind::duration, begin, end, expr.substr(begin, end - begin)});
    }
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    std::string out;
    bool space = false;
    for (char c : s.substr(b, e - b + 1)) {  // collapse runs of whitespace
        const bool ws = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (ws && !space)
            out += ' ';
        else if (!ws)
            out += c;
        space = ws;
    }
    return out;
}

std::optional<double> number(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
        return std::nullopt;
    return v;
}

/// Skips binary-operator modifiers (bool, on(...), ignoring(...), group_left(...)) from `i`.
std::size_t skip_modifiers(const std::vector<Token>& t, std::size_t i) {
    while (i < t.size()) {
        if (is_word(t[i], "bool")) {
            ++i;
        } else if (takes_label_list(t[i]) && !is_word(t[i], "by") && !is_word(t[i], "without")) {
            ++i;
            if (i < t.size() && opens(t[i]))
                i = after_close(t, i);
        } else {
            break;
        }
    }
    return i;
}

void comparisons_of(std::string_view expr, std::vector<Comparison>& out) {
    const auto t = tokens_of(expr);
    if (t.empty())
        return;
    // (A > 1) as a whole: look inside.
    if (is_bracket(t.front(), '(') && after_close(t, 0) == t.size()) {
        comparisons_of(expr.substr(t.front().end, t.back().begin - t.front().end), out);
        return;
    }
    const std::size_t start = skip_modifiers(t, 0);
    int depth = 0;
    for (std::size_t i = start; i < t.size(); ++i) {
        if (opens(t[i]))
            ++depth;
        else if (closes(t[i]))
            --depth;
        if (depth != 0 || !is_comparison(t[i]))
            continue;
        const std::size_t rhs_start = skip_modifiers(t, i + 1);
        Comparison c;
        const std::size_t from = start < t.size() ? t[start].begin : 0;
        c.lhs = trim(expr.substr(from, t[i].begin - from));
        c.op = std::string(t[i].text);
        c.rhs = rhs_start < t.size() ? trim(expr.substr(t[rhs_start].begin)) : "";
        if (auto v = number(c.rhs)) {
            c.threshold = v;
        } else if (auto l = number(c.lhs)) {
            static const std::pair<const char*, const char*> flip[] = {
                {">", "<"}, {"<", ">"}, {">=", "<="}, {"<=", ">="}, {"==", "=="}, {"!=", "!="}};
            for (const auto& [a, b] : flip) {
                if (c.op == a) {
                    c.op = b;
                    break;
                }
            }
            std::swap(c.lhs, c.rhs);
            c.threshold = l;
        }
        out.push_back(std::move(c));
        return;
    }
}

}  // namespace

std::vector<VectorSelector> vector_selectors(std::string_view expr) {
    const auto t = tokens_of(expr);
    std::vector<VectorSelector> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool next_paren = i + 1 < t.size() && is_bracket(t[i + 1], '(');
        if (t[i].kind == Kind::identifier) {
            if (is_keyword(t[i])) {
                if (takes_label_list(t[i]) && next_paren)
                    i = after_close(t, i + 1) - 1;
                continue;
            }
            if (next_paren)
                continue;  // a function or an aggregation
            if (i + 1 < t.size() && (is_word(t[i + 1], "by") || is_word(t[i + 1], "without")))
                continue;  // `sum by (job) (...)`
        } else if (!is_bracket(t[i], '{')) {
            continue;
        }
        VectorSelector s;
        std::size_t j = i;
        if (t[i].kind == Kind::identifier) {
            s.metric = std::string(t[i].text);
            j = i + 1;
        }
        if (j < t.size() && is_bracket(t[j], '{')) {
            const std::size_t end = after_close(t, j);
            for (std::size_t k = j + 1; k + 2 < end; ++k) {
                if ((t[k].kind == Kind::identifier || t[k].kind == Kind::string) &&
                    t[k + 1].kind == Kind::op && matcher_op(t[k + 1].text) &&
                    t[k + 2].kind == Kind::string) {
                    s.matchers.push_back(
                        {string_value(t[k]), std::string(t[k + 1].text), string_value(t[k + 2])});
                    k += 2;
                }
            }
            i = end - 1;
        }
        if (s.metric.empty()) {
            for (const auto& m : s.matchers) {
                if (m.label == "__name__" && m.op == "=")
                    s.metric = m.value;
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<Comparison> top_level_comparisons(std::string_view expr) {
    const auto t = tokens_of(expr);
    std::vector<Comparison> out;
    int depth = 0;
    std::size_t from = 0;
    for (const auto& token : t) {
        if (opens(token))
            ++depth;
        else if (closes(token))
            --depth;
        const bool binary =
            is_word(token, "and") || is_word(token, "or") || is_word(token, "unless");
        if (depth == 0 && binary) {
            comparisons_of(expr.substr(from, token.begin - from), out);
            from = token.end;
        }
    }
    comparisons_of(expr.substr(from), out);
    return out;
}

bool uses_identifier(std::string_view expr, std::string_view name) {
    const auto t = tokens_of(expr);
    return std::any_of(t.begin(), t.end(), [&](const Token& token) {
        return token.kind == Kind::identifier && token.text == name;
    });
}

}  // namespace promql
