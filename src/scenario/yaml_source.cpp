#include "scenario/yaml_source.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <tuple>
#include <vector>

#include "util/env_expand.hpp"

namespace scenario {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return lines;
}

/// `key: "value"` for the {{...}} on `line`, else empty.
std::string quoted_template(std::string_view line) {
    const auto open = line.find("{{");
    const auto close = line.find("}}", open);
    if (open == std::string_view::npos || close == std::string_view::npos)
        return {};
    const auto colon = line.rfind(": ", open);
    if (colon == std::string_view::npos)
        return {};
    auto key_start = colon;
    while (key_start > 0 && (std::isalnum(static_cast<unsigned char>(line[key_start - 1])) ||
                             line[key_start - 1] == '_' || line[key_start - 1] == '-'))
        --key_start;
    auto value_start = colon + 2;
    while (value_start < open && line[value_start] == ' ')
        ++value_start;
    return std::string(line.substr(key_start, colon - key_start)) + ": \"" +
           std::string(line.substr(value_start, close + 2 - value_start)) + "\"";
}

/// The column (0-based) of a double quote that `line` opens and does not close, or npos.
std::size_t open_quote(std::string_view line) {
    std::size_t opened = std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '#' && opened == std::string_view::npos && (i == 0 || line[i - 1] == ' '))
            break;  // a comment
        if (line[i] == '\\' && opened != std::string_view::npos)
            ++i;
        else if (line[i] == '"')
            opened = opened == std::string_view::npos ? i : std::string_view::npos;
    }
    return opened;
}

/// Whether the text from `pos`, a quote, has the quote that closes it.
bool closed(std::string_view text, std::size_t pos) {
    const char quote = text[pos];
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\')
            ++i;
        else if (quote == '\'' && text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'')
            ++i;
        else if (text[i] == quote)
            return true;
    }
    return false;
}

/// Calls `visit` on every scalar value once (aliases share nodes: each is visited once, which
/// also ends an alias inside its own anchor).
void each_value(const YAML::Node& node, std::set<std::tuple<int, int, int>>& seen,
                const std::function<void(YAML::Node)>& visit) {
    const auto mark = node.Mark();
    if (!seen.insert({mark.line, mark.column, static_cast<int>(node.Type())}).second)
        return;
    if (node.IsScalar()) {
        visit(node);
    } else if (node.IsMap()) {
        for (const auto& kv : node)
            each_value(kv.second, seen, visit);
    } else if (node.IsSequence()) {
        for (const auto& item : node)
            each_value(item, seen, visit);
    }
}

}  // namespace

std::string syntax_hint(std::string_view text, const YAML::Mark& mark) {
    const auto lines = split_lines(text);
    if (lines.empty())
        return {};
    const int last = std::min<int>(std::max(mark.line, 0), static_cast<int>(lines.size()) - 1);
    // A flow mapping's error is found where the flow ends: look back a few lines for the cause.
    const int first = std::max(0, last - 10);
    for (int i = last; i >= first; --i) {
        const auto line = lines[static_cast<std::size_t>(i)];
        const auto indent = line.substr(0, line.find_first_not_of(" \t"));
        if (indent.find('\t') != std::string_view::npos)
            return "hint: line " + std::to_string(i + 1) +
                   " is indented with a tab; YAML indents with spaces";
    }
    for (int i = last; i >= first; --i) {
        const auto line = lines[static_cast<std::size_t>(i)];
        if (line.find("{{") != std::string_view::npos) {
            const auto example = quoted_template(line);
            return "hint: quote a value holding {{...}}" + (example.empty() ? "" : ": " + example);
        }
    }
    for (int i = last; i >= first; --i) {
        if (const auto col = open_quote(lines[static_cast<std::size_t>(i)]);
            col != std::string_view::npos)
            return "hint: the quote at " + std::to_string(i + 1) + ":" + std::to_string(col + 1) +
                   " is not closed on its line";
    }
    return {};
}

void expand_environment(YAML::Node root, Diagnostics& d) {
    std::set<std::tuple<int, int, int>> seen;
    each_value(root, seen, [&](YAML::Node value) {
        if (value.Scalar().find("${") == std::string::npos)
            return;
        // ${run_window} is the verifier's own placeholder in queries (verify/queries.hpp).
        auto expanded = util::expand_env(value.Scalar(), {"run_window"});
        const auto mark = value.Mark();
        if (!expanded)
            d.add(FieldError(mark.line + 1, mark.column + 1, expanded.error(),
                             "export it, or give a default: ${NAME:-value}"));
        else
            value = *expanded;
    });
}

void find_unclosed_quotes(std::string_view text, const YAML::Node& root, Diagnostics& d) {
    std::set<std::tuple<int, int, int>> seen;
    each_value(root, seen, [&](const YAML::Node& value) {
        const auto pos = static_cast<std::size_t>(value.Mark().pos);
        if (value.Tag() != "!" || pos >= text.size() || (text[pos] != '"' && text[pos] != '\''))
            return;
        if (!closed(text, pos))
            d.add(FieldError(value.Mark().line + 1, value.Mark().column + 1,
                             "YAML syntax: this quote is never closed, so the value runs to the "
                             "end of the file",
                             "hint: close the quote, or leave the value unquoted"));
    });
}

}  // namespace scenario
