#pragma once

#include <filesystem>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace promapi {

/// How a Go program reads YAML merge keys (`<<: *anchor`, `<<: [*a, *b]`), which yaml-cpp 0.7
/// keeps as an ordinary key named "<<" (a route or receiver built from an anchor would read as
/// empty).
enum class MergeKeys {
    /// gopkg.in/yaml.v2 decoding into Alertmanager's and Prometheus's config structs: keys apply
    /// in document order, each merged mapping as if written there (in a list, the first wins);
    /// a mapping value merges into one already set (structs, maps), a list or scalar replaces
    /// it, and `matchers`, `source_matchers` and `target_matchers` add up (config.Matchers'
    /// UnmarshalYAML appends).
    go_yaml_v2,
    /// gopkg.in/yaml.v3 (Prometheus's rule files): a key the mapping sets itself wins wherever
    /// it stands, then the merged mappings in order, the first winning; nothing merges deeper.
    go_yaml_v3,
};

/// A Prometheus or Alertmanager YAML document with its merge keys expanded as `style` reads
/// them. A document without merge keys is returned as loaded (its marks kept). Throws what
/// YAML::Load throws.
YAML::Node load_config_yaml(std::string_view text, MergeKeys style = MergeKeys::go_yaml_v2);
YAML::Node load_config_yaml_file(const std::filesystem::path& file,
                                 MergeKeys style = MergeKeys::go_yaml_v2);

}  // namespace promapi
