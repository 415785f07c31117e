#include "promapi/yaml_config.hpp"

#include <set>
#include <string>
#include <vector>

namespace promapi {
namespace {

// Deeper than any real config: below it a document is copied as it is.
constexpr int k_depth = 200;

/// Nodes visited while looking and expanding, aliases counted each time they are reached: a
/// document of aliases of aliases (a "billion laughs") stops here, as go-yaml refuses one.
struct Budget {
    long left = 2'000'000;
    void spend() {
        if (--left < 0)
            throw YAML::Exception(YAML::Mark::null_mark(),
                                  "excessive aliasing: the document expands past 2,000,000 nodes");
    }
};

bool is_merge_key(const YAML::Node& key) {
    return key.IsScalar() && key.Scalar() == "<<" && key.Tag() != "!";  // '<<' quoted is a key
}

bool has_merge_key(const YAML::Node& node, int depth, Budget& budget) {
    budget.spend();
    if (depth > k_depth)
        return false;
    if (node.IsSequence()) {
        for (const auto& item : node)
            if (has_merge_key(item, depth + 1, budget))
                return true;
    } else if (node.IsMap()) {
        for (const auto& kv : node)
            if (is_merge_key(kv.first) || has_merge_key(kv.second, depth + 1, budget))
                return true;
    }
    return false;
}

/// The mappings a merge key names, in the order they take effect: for yaml.v2 the last listed
/// first (each later one overwrites, so the first listed wins), for yaml.v3 the first first.
/// Built by push_back only: assigning one YAML::Node to another (as std::reverse would)
/// rebinds the node it held, rewriting the document.
std::vector<YAML::Node> merge_sources(const YAML::Node& value, MergeKeys style) {
    std::vector<YAML::Node> out;
    if (value.IsMap())
        out.push_back(value);
    if (!value.IsSequence())
        return out;
    const std::size_t n = value.size();
    for (std::size_t i = 0; i < n; ++i) {
        const YAML::Node item = value[style == MergeKeys::go_yaml_v2 ? n - 1 - i : i];
        if (item.IsMap())
            out.push_back(item);
    }
    return out;
}

/// yaml.v2 setting `key` to `value` in a mapping decoded into a Go struct or map.
void apply_v2(YAML::Node& out, const std::string& key, const YAML::Node& value) {
    const YAML::Node& read = out;  // a missing key read must not add it
    const YAML::Node have = read[key];
    if (have && have.IsMap() && value.IsMap()) {
        YAML::Node into = out[key];
        for (const auto& kv : value)
            apply_v2(into, kv.first.as<std::string>(""), kv.second);
    } else if (have && have.IsSequence() && value.IsSequence() &&
               (key == "matchers" || key == "source_matchers" || key == "target_matchers")) {
        YAML::Node into = out[key];
        for (const auto& item : value)
            into.push_back(YAML::Clone(item));
    } else {
        out[key] = YAML::Clone(value);  // never a shared node: yaml-cpp's `=` shares the data
    }
}

YAML::Node expanded(const YAML::Node& node, MergeKeys style, int depth, Budget& budget) {
    budget.spend();
    if (depth > k_depth || !(node.IsMap() || node.IsSequence()))
        return YAML::Clone(node);
    if (node.IsSequence()) {
        YAML::Node out(YAML::NodeType::Sequence);
        for (const auto& item : node)
            out.push_back(expanded(item, style, depth + 1, budget));
        return out;
    }
    YAML::Node out(YAML::NodeType::Map);
    const YAML::Node& read = out;
    std::set<std::string> own;  // the keys the mapping sets itself
    for (const auto& kv : node)
        if (!is_merge_key(kv.first))
            own.insert(kv.first.as<std::string>(""));
    auto set = [&](const std::string& key, const YAML::Node& value, bool merged) {
        if (style == MergeKeys::go_yaml_v2)
            apply_v2(out, key, value);
        else if (!merged || (!own.contains(key) && !read[key]))
            out[key] = YAML::Clone(value);
    };
    for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
            out.force_insert(YAML::Clone(kv.first), expanded(kv.second, style, depth + 1, budget));
        } else if (is_merge_key(kv.first)) {
            for (const auto& source : merge_sources(kv.second, style)) {
                const YAML::Node from = expanded(source, style, depth + 1, budget);
                for (const auto& skv : from)
                    set(skv.first.as<std::string>(""), skv.second, true);
            }
        } else {
            set(kv.first.Scalar(), expanded(kv.second, style, depth + 1, budget), false);
        }
    }
    return out;
}

YAML::Node with_merges(YAML::Node root, MergeKeys style) {
    Budget budget;
    return has_merge_key(root, 0, budget) ? expanded(root, style, 0, budget) : root;
}

}  // namespace

YAML::Node load_config_yaml(std::string_view text, MergeKeys style) {
    return with_merges(YAML::Load(std::string(text)), style);
}

YAML::Node load_config_yaml_file(const std::filesystem::path& file, MergeKeys style) {
    return with_merges(YAML::LoadFile(file.string()), style);
}

}  // namespace promapi
