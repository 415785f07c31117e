#include "promapi/relabel.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

#include "util/md5.hpp"

namespace promapi {
namespace {

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Prometheus 2's label names (model.LabelName.IsValid): [a-zA-Z_][a-zA-Z0-9_]*.
bool valid_label_name(const std::string& name) {
    return !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
           std::all_of(name.begin(), name.end(), name_char);
}

/// labels.Builder.Set: an empty value deletes the label.
void set(LabelSet& labels, const std::string& name, std::string value) {
    if (value.empty())
        labels.erase(name);
    else
        labels[name] = std::move(value);
}

std::string get(const LabelSet& labels, const std::string& name) {
    auto it = labels.find(name);
    return it == labels.end() ? "" : it->second;
}

std::string scalar(const YAML::Node& step, const char* key, const char* fallback) {
    return step[key] && step[key].IsScalar() ? step[key].Scalar() : fallback;
}

/// Prometheus anchors every relabel regex: `^(?s:re)$`. `(?s)` has no ECMAScript spelling (and
/// label values hold no newlines); a leading `(?i)` becomes icase.
std::optional<std::regex> anchored(std::string re) {
    auto flags = std::regex::ECMAScript;
    if (re.starts_with("(?i)")) {
        re = re.substr(4);
        flags |= std::regex::icase;
    }
    try {
        return std::regex("^(?:" + re + ")$", flags);
    } catch (const std::regex_error&) {
        return std::nullopt;
    }
}

/// The last 8 bytes of the value's MD5, big-endian, as relabel.go's hashmod takes them.
std::uint64_t md5_tail(const std::string& value) {
    const auto digest = util::md5(value);
    std::uint64_t out = 0;
    for (std::size_t i = 8; i < 16; ++i)
        out = (out << 8) | digest[i];
    return out;
}

std::string lower(std::string s, bool up) {
    for (auto& c : s)
        c = static_cast<char>(up ? std::toupper(static_cast<unsigned char>(c))
                                 : std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string expand_template(std::string_view tmpl, const std::smatch& match) {
    std::string out;
    while (!tmpl.empty()) {
        const auto dollar = tmpl.find('$');
        out.append(tmpl.substr(0, dollar));
        if (dollar == std::string_view::npos)
            return out;
        tmpl.remove_prefix(dollar + 1);
        if (tmpl.starts_with('$')) {
            out += '$';
            tmpl.remove_prefix(1);
            continue;
        }
        // regexp.extract: `{name}` or the longest run of name characters.
        const bool brace = tmpl.starts_with('{');
        std::size_t i = brace ? 1 : 0;
        const std::size_t begin = i;
        while (i < tmpl.size() && name_char(tmpl[i]))
            ++i;
        const std::string name(tmpl.substr(begin, i - begin));
        if (name.empty() || (brace && (i >= tmpl.size() || tmpl[i] != '}'))) {
            out += '$';  // malformed: the `$` is text
            continue;
        }
        tmpl.remove_prefix(brace ? i + 1 : i);
        const bool number = std::all_of(name.begin(), name.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        if (!number || (name.size() > 1 && name[0] == '0') || name.size() > 8)
            continue;  // a named group: ECMAScript has none, so it matched nothing
        const auto group = std::stoul(name);
        if (group < match.size() && match[group].matched)
            out += match[group].str();
    }
    return out;
}

Relabelled relabel(LabelSet labels, const YAML::Node& configs) {
    auto unknown = [](std::string why) {
        return Relabelled{Relabelled::Fate::unknown, {}, std::move(why)};
    };
    if (!configs || !configs.IsSequence())
        return {Relabelled::Fate::kept, std::move(labels), {}};
    for (const auto& step : configs) {
        if (!step.IsMap())
            return unknown("a step that is not a mapping");
        const std::string action = lower(scalar(step, "action", "replace"), false);
        const bool default_regex = !step["regex"];
        const std::string regex_text = scalar(step, "regex", "(.*)");
        const auto regex = anchored(regex_text);
        if (!regex)
            return unknown("regex '" + regex_text + "' (RE2 syntax obsctl cannot read)");
        const std::string separator = scalar(step, "separator", ";");
        const std::string target = scalar(step, "target_label", "");
        const std::string replacement = scalar(step, "replacement", "$1");
        std::string value;
        if (step["source_labels"]) {
            bool first = true;
            for (const auto& name : step["source_labels"]) {
                if (!first)
                    value += separator;
                first = false;
                value += get(labels, name.as<std::string>(""));
            }
        }
        std::smatch match;
        const bool matches = std::regex_match(value, match, *regex);
        if (action == "drop" || action == "keep") {
            if (matches == (action == "drop"))
                return {Relabelled::Fate::dropped, {}, {}};
        } else if (action == "dropequal" || action == "keepequal") {
            if ((get(labels, target) == value) == (action == "dropequal"))
                return {Relabelled::Fate::dropped, {}, {}};
        } else if (action == "replace") {
            // relabel.go's fast path: an empty value under the default regex sets the label.
            if (value.empty() && default_regex && target.find('$') == std::string::npos &&
                replacement.find('$') == std::string::npos) {
                set(labels, target, replacement);
            } else if (matches) {
                const std::string name = expand_template(target, match);
                if (valid_label_name(name))
                    set(labels, name, expand_template(replacement, match));
            }
        } else if (action == "lowercase" || action == "uppercase") {
            set(labels, target, lower(value, action == "uppercase"));
        } else if (action == "hashmod") {
            const auto modulus = step["modulus"].as<std::uint64_t>(0);
            if (modulus == 0)
                return unknown("hashmod without a modulus");
            set(labels, target, std::to_string(md5_tail(value) % modulus));
        } else if (action == "labelmap" || action == "labeldrop" || action == "labelkeep") {
            const LabelSet before = labels;  // labels.Builder.Range walks a snapshot
            for (const auto& [name, label_value] : before) {
                std::smatch name_match;
                const bool hit = std::regex_match(name, name_match, *regex);
                if (action == "labelmap" && hit)
                    set(labels, expand_template(replacement, name_match), label_value);
                else if ((action == "labeldrop") == hit && action != "labelmap")
                    labels.erase(name);
            }
        } else {
            return unknown("action '" + action + "'");
        }
    }
    return {Relabelled::Fate::kept, std::move(labels), {}};
}

std::set<std::string> relabel_reads(const YAML::Node& configs, bool& every) {
    std::set<std::string> out;
    if (!configs || !configs.IsSequence())
        return out;
    for (const auto& step : configs) {
        if (!step.IsMap())
            continue;
        if (lower(scalar(step, "action", "replace"), false) == "labelmap")
            every = true;
        if (step["source_labels"].IsSequence())
            for (const auto& name : step["source_labels"])
                out.insert(name.as<std::string>(""));
    }
    return out;
}

LabelSet AlertLabelling::as_sent(LabelSet labels, bool* kept) const {
    for (const auto& [name, value] : external)
        labels.emplace(name, value);  // never over a label the alert has
    return relabelled(std::move(labels), kept);
}

LabelSet AlertLabelling::relabelled(LabelSet labels, bool* kept) const {
    if (kept != nullptr)
        *kept = true;
    if (!relabels())
        return labels;
    auto after = promapi::relabel(labels, relabel);
    if (after.fate == Relabelled::Fate::kept)
        return std::move(after.labels);
    if (kept != nullptr)
        *kept = after.fate != Relabelled::Fate::dropped;
    return labels;
}

}  // namespace promapi
