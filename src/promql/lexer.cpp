#include "promql/lexer.hpp"

#include <algorithm>
#include <cctype>

namespace promql {
namespace {

bool alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool name_char(char c) {
    return alnum(c) || c == '_' || c == ':';
}

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == y; });
}

/// The offset of the quote that closes the string literal opening at e[i], or npos.
std::size_t closing_quote(std::string_view e, std::size_t i) {
    const char quote = e[i];
    std::size_t j = i + 1;
    while (j < e.size() && e[j] != quote) {
        if (e[j] == '\\' && quote != '`')
            ++j;  // the escaped character, whatever it is, never ends the string
        ++j;
    }
    return j < e.size() ? j : std::string_view::npos;
}

/// Whether `text` is PromQL's duration: <integer><unit> terms, units ms s m h d w y.
bool duration_text(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t digits = i;
        while (i < text.size() && digit(text[i]))
            ++i;
        if (i == digits || i == text.size())
            return false;
        if (text.substr(i, 2) == "ms") {
            i += 2;
        } else if (std::string_view("smhdwy").find(text[i]) != std::string_view::npos) {
            ++i;
        } else {
            return false;
        }
    }
    return !text.empty();
}

/// The offset after a number or duration starting at e[i] (a digit, or '.' before one). It
/// takes every letter, digit and '.' that follows, and a sign after a decimal exponent, so that
/// `5m` or `1e-3` is one token and never a number followed by a name.
std::size_t number_end(std::string_view e, std::size_t i) {
    const bool hex = e.substr(i, 2) == "0x" || e.substr(i, 2) == "0X";
    std::size_t j = i;
    while (j < e.size()) {
        const char c = e[j];
        const bool exponent_sign =
            !hex && (c == '+' || c == '-') && (e[j - 1] == 'e' || e[j - 1] == 'E');
        if (!(alnum(c) || c == '.' || exponent_sign))
            break;
        ++j;
    }
    return j;
}

bool two_char_op(std::string_view s) {
    for (std::string_view op : {"==", "!=", ">=", "<=", "=~", "!~"}) {
        if (s == op)
            return true;
    }
    return false;
}

}  // namespace

std::vector<Token> lex(std::string_view e) {
    std::vector<Token> out;
    int in_brackets = 0;  // depth of `[`: a `:` there separates a subquery's range and step
    std::size_t i = 0;
    while (i < e.size()) {
        const char c = e[i];
        const std::size_t begin = i;
        Kind kind = Kind::op;
        if (space(c)) {
            ++i;
            continue;
        }
        if (c == '#') {
            i = std::min(e.find('\n', i), e.size());
            kind = Kind::comment;
        } else if (c == '"' || c == '\'' || c == '`') {
            const std::size_t close = closing_quote(e, i);
            i = close == std::string_view::npos ? e.size() : close + 1;  // unterminated: all
            kind = Kind::string;
        } else if (digit(c) || (c == '.' && i + 1 < e.size() && digit(e[i + 1]))) {
            i = number_end(e, i);
            kind = duration_text(e.substr(begin, i - begin)) ? Kind::duration : Kind::number;
        } else if (alpha(c) || c == '_' || (c == ':' && in_brackets == 0)) {
            while (i < e.size() && name_char(e[i]))
                ++i;
            const std::string_view word = e.substr(begin, i - begin);
            // Prometheus reads Inf and NaN, in any case, as numbers.
            const bool special =
                equals_ignoring_case(word, "inf") || equals_ignoring_case(word, "nan");
            kind = special ? Kind::number : Kind::identifier;
        } else if (c == '(' || c == '{' || c == '[') {
            in_brackets += c == '[' ? 1 : 0;
            ++i;
            kind = Kind::open;
        } else if (c == ')' || c == '}' || c == ']') {
            if (c == ']' && in_brackets > 0)
                --in_brackets;
            ++i;
            kind = Kind::close;
        } else {
            i += two_char_op(e.substr(i, 2)) ? 2 : 1;
        }
        out.push_back({kind, begin, i, e.substr(begin, i - begin)});
    }
    return out;
}

std::vector<Token> code_tokens(std::string_view expr) {
    std::vector<Token> out = lex(expr);
    std::erase_if(out, [](const Token& t) { return t.kind == Kind::comment; });
    return out;
}

std::string string_value(const Token& token) {
    const std::string_view t = token.text;
    if (token.kind != Kind::string || t.empty())
        return std::string(t);
    const char quote = t.front();
    const bool closed = closing_quote(t, 0) == t.size() - 1;
    const std::string_view inside = t.substr(1, t.size() - 1 - (closed ? 1 : 0));
    std::string value;
    value.reserve(inside.size());
    for (std::size_t i = 0; i < inside.size(); ++i) {
        if (inside[i] == '\\' && quote != '`' && i + 1 < inside.size())
            ++i;
        value += inside[i];
    }
    return value;
}

bool is_word(const Token& token, std::string_view word) {
    return token.kind == Kind::identifier && equals_ignoring_case(token.text, word);
}

bool is_bracket(const Token& token, char c) {
    return (token.kind == Kind::open || token.kind == Kind::close) && token.text.size() == 1 &&
           token.text.front() == c;
}

}  // namespace promql
