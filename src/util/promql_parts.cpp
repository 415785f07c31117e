#include "util/promql_parts.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace util {
namespace {

enum class Kind { ident, number, string, open, close, op, other };

struct Token {
    Kind kind;
    std::string text;
    std::size_t begin, end;  ///< offsets in the expression
};

bool ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool ident_char(char c) {
    return ident_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

bool two_char_op(std::string_view s) {
    for (std::string_view op : {"==", "!=", ">=", "<=", "=~", "!~"}) {
        if (s == op)
            return true;
    }
    return false;
}

bool matcher_op(const std::string& s) {
    return s == "=" || s == "!=" || s == "=~" || s == "!~";
}

/// PromQL's tokens, enough to find selectors and comparisons: strings with their quotes
/// stripped, range/subquery brackets as one `other` token, comments dropped.
std::vector<Token> lex(std::string_view e) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < e.size()) {
        const char c = e[i];
        const std::size_t start = i;
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '#') {
            const auto nl = e.find('\n', i);
            i = nl == std::string_view::npos ? e.size() : nl;
        } else if (c == '"' || c == '\'' || c == '`') {
            std::string value;
            ++i;
            while (i < e.size() && e[i] != c) {
                if (e[i] == '\\' && c != '`' && i + 1 < e.size())
                    ++i;
                value += e[i++];
            }
            i = std::min(i + 1, e.size());
            out.push_back({Kind::string, value, start, i});
        } else if (c == '[') {
            const auto close = e.find(']', i);
            i = close == std::string_view::npos ? e.size() : close + 1;
            out.push_back({Kind::other, std::string(e.substr(start, i - start)), start, i});
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < e.size() &&
                    std::isdigit(static_cast<unsigned char>(e[i + 1])))) {
            while (i < e.size() &&
                   (std::isalnum(static_cast<unsigned char>(e[i])) || e[i] == '.' ||
                    ((e[i] == '+' || e[i] == '-') && (e[i - 1] == 'e' || e[i - 1] == 'E'))))
                ++i;
            out.push_back({Kind::number, std::string(e.substr(start, i - start)), start, i});
        } else if (ident_start(c)) {
            while (i < e.size() && ident_char(e[i]))
                ++i;
            out.push_back({Kind::ident, std::string(e.substr(start, i - start)), start, i});
        } else if (c == '(' || c == '{') {
            out.push_back({Kind::open, std::string(1, c), start, ++i});
        } else if (c == ')' || c == '}') {
            out.push_back({Kind::close, std::string(1, c), start, ++i});
        } else if (two_char_op(e.substr(i, 2))) {
            i += 2;
            out.push_back({Kind::op, std::string(e.substr(start, 2)), start, i});
        } else {
            out.push_back({Kind::op, std::string(1, c), start, ++i});
        }
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool is_keyword(const std::string& word) {
    static const char* const words[] = {
        "and",        "or",          "unless", "by",     "without", "on",  "ignoring",
        "group_left", "group_right", "bool",   "offset", "atan2",   "inf", "nan"};
    const std::string w = lower(word);
    return std::any_of(std::begin(words), std::end(words), [&](const char* k) { return w == k; });
}

bool takes_label_list(const std::string& word) {
    const std::string w = lower(word);
    return w == "by" || w == "without" || w == "on" || w == "ignoring" || w == "group_left" ||
           w == "group_right";
}

/// The index after the bracket that closes the one opened at `open`.
std::size_t after_close(const std::vector<Token>& t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (t[i].kind == Kind::open)
            ++depth;
        else if (t[i].kind == Kind::close && --depth == 0)
            return i + 1;
    }
    return t.size();
}

bool is_comparison(const Token& t) {
    return t.kind == Kind::op && (t.text == "==" || t.text == "!=" || t.text == ">" ||
                                  t.text == "<" || t.text == ">=" || t.text == "<=");
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
    while (i < t.size() && t[i].kind == Kind::ident) {
        const std::string w = lower(t[i].text);
        if (w == "bool") {
            ++i;
        } else if (takes_label_list(w) && w != "by" && w != "without") {
            ++i;
            if (i < t.size() && t[i].kind == Kind::open)
                i = after_close(t, i);
        } else {
            break;
        }
    }
    return i;
}

void comparisons_of(std::string_view expr, std::vector<Comparison>& out) {
    const auto t = lex(expr);
    if (t.empty())
        return;
    // (A > 1) as a whole: look inside.
    if (t.front().text == "(" && after_close(t, 0) == t.size()) {
        comparisons_of(expr.substr(t.front().end, t.back().begin - t.front().end), out);
        return;
    }
    const std::size_t start = skip_modifiers(t, 0);
    int depth = 0;
    for (std::size_t i = start; i < t.size(); ++i) {
        if (t[i].kind == Kind::open)
            ++depth;
        else if (t[i].kind == Kind::close)
            --depth;
        if (depth != 0 || !is_comparison(t[i]))
            continue;
        const std::size_t rhs_start = skip_modifiers(t, i + 1);
        Comparison c;
        const std::size_t from = start < t.size() ? t[start].begin : 0;
        c.lhs = trim(expr.substr(from, t[i].begin - from));
        c.op = t[i].text;
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
    const auto t = lex(expr);
    std::vector<VectorSelector> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool next_open = i + 1 < t.size() && t[i + 1].kind == Kind::open;
        if (t[i].kind == Kind::ident) {
            if (is_keyword(t[i].text)) {
                if (takes_label_list(t[i].text) && next_open && t[i + 1].text == "(")
                    i = after_close(t, i + 1) - 1;
                continue;
            }
            if (next_open && t[i + 1].text == "(")
                continue;  // a function or an aggregation
            if (i + 1 < t.size() && t[i + 1].kind == Kind::ident &&
                (lower(t[i + 1].text) == "by" || lower(t[i + 1].text) == "without"))
                continue;  // `sum by (job) (...)`
        } else if (!(t[i].kind == Kind::open && t[i].text == "{")) {
            continue;
        }
        VectorSelector s;
        std::size_t j = i;
        if (t[i].kind == Kind::ident) {
            s.metric = t[i].text;
            j = i + 1;
        }
        if (j < t.size() && t[j].text == "{") {
            const std::size_t end = after_close(t, j);
            for (std::size_t k = j + 1; k + 2 < end; ++k) {
                if ((t[k].kind == Kind::ident || t[k].kind == Kind::string) &&
                    t[k + 1].kind == Kind::op && matcher_op(t[k + 1].text) &&
                    t[k + 2].kind == Kind::string) {
                    s.matchers.push_back({t[k].text, t[k + 1].text, t[k + 2].text});
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
    const auto t = lex(expr);
    std::vector<Comparison> out;
    int depth = 0;
    std::size_t from = 0;
    for (const auto& token : t) {
        if (token.kind == Kind::open)
            ++depth;
        else if (token.kind == Kind::close)
            --depth;
        const std::string w = token.kind == Kind::ident ? lower(token.text) : "";
        if (depth == 0 && (w == "and" || w == "or" || w == "unless")) {
            comparisons_of(expr.substr(from, token.begin - from), out);
            from = token.end;
        }
    }
    comparisons_of(expr.substr(from), out);
    return out;
}

bool uses_identifier(std::string_view expr, std::string_view name) {
    const auto t = lex(expr);
    return std::any_of(t.begin(), t.end(), [&](const Token& token) {
        return token.kind == Kind::ident && token.text == name;
    });
}

}  // namespace util
