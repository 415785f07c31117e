#include "promapi/matchers.hpp"

#include <string>

namespace promapi {
namespace {

bool is_space(char c) {
    // Go's RE2 \s: what ParseMatcher trims around the name, the operator and the value.
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

/// pkg/labels/parse.go ParseMatcher: `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*(.*?)\s*$`,
/// then the value unescaped (OpenMetrics escapes; a stray backslash is literal).
util::Result<LabelMatcher> parse_one(std::string_view s) {
    auto bad = [&](const std::string& why) {
        return util::fail(util::ExitCode::usage, why + ": " + std::string(s));
    };
    std::size_t i = 0;
    while (i < s.size() && is_space(s[i]))
        ++i;
    const std::size_t name_from = i;
    if (i == s.size() || !name_start(s[i]))
        return bad("bad matcher format");
    while (i < s.size() && name_char(s[i]))
        ++i;
    const std::string name(s.substr(name_from, i - name_from));
    while (i < s.size() && is_space(s[i]))
        ++i;
    const std::string_view rest = s.substr(i);
    LabelMatcher::Op op;
    if (rest.starts_with("=~")) {
        op = LabelMatcher::Op::regex;
    } else if (rest.starts_with("=")) {
        op = LabelMatcher::Op::equal;
    } else if (rest.starts_with("!=")) {
        op = LabelMatcher::Op::not_equal;
    } else if (rest.starts_with("!~")) {
        op = LabelMatcher::Op::not_regex;
    } else {
        return bad("bad matcher format");
    }
    i += op == LabelMatcher::Op::equal ? 1 : 2;
    while (i < s.size() && is_space(s[i]))
        ++i;
    std::string_view raw = s.substr(i);
    while (!raw.empty() && is_space(raw.back()))
        raw.remove_suffix(1);

    const std::string_view shown = raw;
    bool quoted = false;
    if (raw.starts_with('"')) {
        raw.remove_prefix(1);
        quoted = true;
    }
    std::string value;
    bool escaped = false;
    for (std::size_t k = 0; k < raw.size(); ++k) {
        const char c = raw[k];
        if (escaped) {
            escaped = false;
            if (c == 'n') {
                value += '\n';
            } else if (c == '"' || c == '\\') {
                value += c;
            } else {
                value += '\\';  // a spurious escape: the backslash is literal
                value += c;
            }
            continue;
        }
        if (c == '\\') {
            if (k + 1 < raw.size()) {
                escaped = true;
                continue;
            }
            value += '\\';  // a backslash as the last byte is literal
        } else if (c == '"') {
            if (!quoted || k + 1 < raw.size()) {
                return bad("matcher value contains unescaped double quote: " + std::string(shown) +
                           " in");
            }
            quoted = false;
        } else {
            value += c;
        }
    }
    if (quoted)
        return bad("matcher value contains unescaped double quote: " + std::string(shown) + " in");
    return make_matcher(name, op, std::move(value));
}

}  // namespace

LabelMatcher make_matcher(std::string name, LabelMatcher::Op op, std::string value) {
    LabelMatcher m{std::move(name), op, std::move(value), nullptr};
    if (op == LabelMatcher::Op::regex || op == LabelMatcher::Op::not_regex) {
        // Go's RE2 and ECMAScript agree on what alert routes use (alternation, classes,
        // repetition); `(?i)` at the start, which ECMAScript lacks, becomes its icase flag.
        // Anything else std::regex refuses leaves the matcher unreadable, never guessed.
        std::string re = m.value;
        auto flags = std::regex::ECMAScript;
        if (re.starts_with("(?i)")) {
            re = re.substr(4);
            flags |= std::regex::icase;
        }
        try {
            m.regex = std::make_shared<const std::regex>("^(?:" + re + ")$", flags);
        } catch (const std::regex_error&) {
            m.regex = nullptr;
        }
    }
    return m;
}

std::optional<bool> LabelMatcher::matches(const std::string& label_value) const {
    switch (op) {
        case Op::equal:
            return label_value == value;
        case Op::not_equal:
            return label_value != value;
        case Op::regex:
        case Op::not_regex:
            if (!regex)
                return std::nullopt;
            return std::regex_match(label_value, *regex) == (op == Op::regex);
    }
    return std::nullopt;
}

std::string LabelMatcher::text() const {
    static const char* const k_ops[] = {"=", "!=", "=~", "!~"};
    std::string escaped;
    for (char c : value) {
        if (c == '\\' || c == '"')
            escaped += '\\';
        escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
    }
    return name + k_ops[static_cast<int>(op)] + "\"" + escaped + "\"";
}

util::Result<std::vector<LabelMatcher>> parse_matchers(std::string_view s) {
    // pkg/labels/parse.go ParseMatchers, quirks included: one leading '{' and one trailing '}'
    // dropped; commas split outside double quotes; only the last piece is trimmed and may be
    // empty (a trailing comma), an empty piece elsewhere is a bad matcher.
    if (s.starts_with('{'))
        s.remove_prefix(1);
    if (s.ends_with('}'))
        s.remove_suffix(1);
    std::vector<std::string> tokens;
    std::string token;
    bool inside_quotes = false, escaped = false;
    for (char c : s) {
        if (c == ',') {
            if (!inside_quotes) {
                tokens.push_back(std::move(token));
                token.clear();
                continue;
            }
        } else if (c == '"') {
            if (!escaped)
                inside_quotes = !inside_quotes;
            else
                escaped = false;
        } else if (c == '\\') {
            escaped = !escaped;
        } else {
            escaped = false;
        }
        token += c;
    }
    std::string_view last = token;
    while (!last.empty() && is_space(last.front()))
        last.remove_prefix(1);
    while (!last.empty() && is_space(last.back()))
        last.remove_suffix(1);
    if (!last.empty())
        tokens.emplace_back(last);
    std::vector<LabelMatcher> out;
    for (const auto& t : tokens) {
        auto m = parse_one(t);
        if (!m)
            return std::unexpected(m.error());
        out.push_back(std::move(*m));
    }
    return out;
}

}  // namespace promapi
