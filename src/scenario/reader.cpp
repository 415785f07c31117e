#include "scenario/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <vector>

#include <cstdio>

#include "util/text.hpp"

namespace scenario {
namespace {

std::optional<double> to_double(const std::string& text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    // from_chars reads "nan" and "inf": no field of a scenario means either.
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

}  // namespace

std::string shown(const YAML::Node& node) {
    if (node.IsScalar())
        return "\"" + node.Scalar() + "\"";
    if (node.IsSequence())
        return "a list";
    if (node.IsMap())
        return "a mapping";
    return "nothing";
}

std::optional<double> parse_ratio(const std::string& text) {
    if (!text.empty() && text.back() == '%') {
        auto v = to_double(text.substr(0, text.size() - 1));
        return v ? std::optional<double>(*v / 100.0) : std::nullopt;
    }
    return to_double(text);
}

void Reader::fail(const YAML::Node& at, const std::string& key, const std::string& message) const {
    const YAML::Mark mark = at.IsDefined() ? at.Mark() : m_node.Mark();
    FieldError e(mark.line + 1, mark.column + 1, path(key) + ": " + message);
    e.follows = !has(key.c_str()) && m_misspelled.contains(key);
    e.absent = !at.IsDefined() || !has(key.c_str());
    throw e;
}

void Reader::fail_here(const std::string& message) const {
    FieldError e(m_node.Mark().line + 1, m_node.Mark().column + 1,
                 (m_path.empty() ? "" : m_path + ": ") + message);
    // What the whole mapping lacks follows from a misspelt key in it (`pth` for `path`).
    e.follows = !m_misspelled.empty();
    throw e;
}

void Reader::only_keys(std::initializer_list<const char*> allowed) const {
    if (!m_node.IsMap())
        fail_here("expected a mapping of fields, got " + shown(m_node));
    std::set<std::string> seen;
    for (const auto& entry : m_node) {
        const std::string key = entry.first.Scalar();
        if (!seen.insert(key).second) {
            // yaml-cpp keeps the first of two equal keys and drops the second without a word:
            // `rate: 7` then `rate: 9` would run at 7/s.
            const YAML::Mark mark = entry.first.Mark();
            key_mistake(FieldError(mark.line + 1, mark.column + 1,
                                   path(key) + ": given twice in the same mapping"));
            continue;
        }
        if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) !=
            allowed.end()) {
            continue;
        }
        const std::string suggestion =
            util::closest(key, std::vector<std::string>(allowed.begin(), allowed.end()));
        m_misspelled.insert(suggestion);
        const std::string known = util::join(allowed, ", ");
        const YAML::Mark mark = entry.first.Mark();
        key_mistake(FieldError(mark.line + 1, mark.column + 1,
                               path(key) + ": unknown field" +
                                   (suggestion.empty() ? "; known fields: " + known
                                                       : ", did you mean `" + suggestion + "`?")));
    }
}

void Reader::key_mistake(FieldError e) const {
    if (m_diagnostics == nullptr)
        throw e;
    m_diagnostics->add(std::move(e));
}

std::vector<FieldError> Diagnostics::in_file_order() const {
    std::vector<FieldError> sorted = m_errors;
    std::stable_sort(sorted.begin(), sorted.end(), [](const FieldError& a, const FieldError& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    // A second mistake at the same place follows from the first (a value that is no URL once
    // its ${VAR} failed), except fields absent from one mapping: each is reported there.
    const auto same_place = [](const FieldError& a, const FieldError& b) {
        return a.line == b.line && a.column == b.column && !(a.absent && b.absent);
    };
    sorted.erase(std::unique(sorted.begin(), sorted.end(), same_place), sorted.end());
    return sorted;
}

std::string Reader::string(const char* key) const {
    auto value = optional_string(key);
    if (!value)
        fail(m_node, key, "missing (required)");
    return *value;
}

std::optional<std::string> Reader::optional_string(const char* key) const {
    if (!has(key))
        return std::nullopt;
    const auto n = m_node[key];
    if (!n.IsScalar())
        fail(n, key, "expected text, got " + shown(n));
    return n.Scalar();
}

std::optional<double> Reader::number(const char* key, const char* what) const {
    if (!has(key))
        return std::nullopt;
    const auto n = m_node[key];
    std::optional<double> value = n.IsScalar() ? to_double(n.Scalar()) : std::nullopt;
    if (!value)
        fail(n, key, std::string("expected ") + what + ", got " + shown(n));
    return value;
}

std::optional<util::Millis> Reader::duration(const char* key) const {
    if (!has(key))
        return std::nullopt;
    const auto n = m_node[key];
    auto value = n.IsScalar() ? util::parse_duration(n.Scalar()) : std::nullopt;
    if (!value && n.IsScalar() && util::duration_too_long(n.Scalar()))
        fail(n, key, shown(n) + " is longer than 100y, the longest duration obsctl takes");
    if (!value)
        fail(n, key, "expected a duration such as 30s, 2m or 1m30s, got " + shown(n));
    return value;
}

std::optional<double> Reader::number_in(const char* key, const char* what, double min,
                                        double max) const {
    auto value = number(key, what);
    if (value && (*value < min || *value > max))
        fail(node(key), key, range_message(*value, min, max));
    return value;
}

std::optional<util::Millis> Reader::duration_at_most(const char* key, util::Millis max) const {
    auto value = duration(key);
    if (value && *value > max)
        fail(node(key), key,
             shown(node(key)) + " is longer than " + util::format_duration(max) + ", the limit");
    return value;
}

std::string range_message(double value, double min, double max) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%g is outside the accepted range %g to %g", value, min, max);
    return buf;
}

std::optional<bool> Reader::boolean(const char* key) const {
    if (!has(key))
        return std::nullopt;
    const auto n = m_node[key];
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false"))
        return n.Scalar() == "true";
    fail(n, key, "expected true or false, got " + shown(n));
}

}  // namespace scenario
