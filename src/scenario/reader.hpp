#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>

#include "util/duration.hpp"

namespace scenario {

/// A mistake in a scenario file, at a YAML node. Thrown inside the parser only and turned into
/// a util::Error at its boundary (parse_scenario): the nesting of the format makes threading
/// expected values through every field reader noisier than the one catch it replaces.
struct FieldError : std::runtime_error {
    FieldError(int line_, int column_, std::string message)
        : std::runtime_error(message), line(line_), column(column_) {}
    int line, column;  ///< 1-based
};

/// Typed reads of one YAML mapping, with the field path ("phases[1].rate") in every message.
class Reader {
  public:
    Reader(const YAML::Node& node, std::string path) : m_node(node), m_path(std::move(path)) {}

    /// Fails on a key not in `allowed`, suggesting the closest one ("did you mean `phases`?").
    void only_keys(std::initializer_list<const char*> allowed) const;

    bool has(const char* key) const { return m_node[key].IsDefined() && !m_node[key].IsNull(); }
    YAML::Node node(const char* key) const { return m_node[key]; }
    std::string path(const std::string& key) const {
        return m_path.empty() ? key : m_path + "." + key;
    }

    std::string string(const char* key) const;  ///< required
    std::optional<std::string> optional_string(const char* key) const;
    /// A finite number; NaN and infinities are refused like any other non-number.
    std::optional<double> number(const char* key, const char* what) const;
    std::optional<util::Millis> duration(const char* key) const;
    /// A number in [min, max], else "<value> is outside the accepted range".
    std::optional<double> number_in(const char* key, const char* what, double min,
                                    double max) const;
    /// A duration of at most `max` (scenario::limits), else "is longer than ..., the limit".
    std::optional<util::Millis> duration_at_most(const char* key, util::Millis max) const;
    std::optional<bool> boolean(const char* key) const;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key,
                           const std::string& message) const;
    [[noreturn]] void fail_here(const std::string& message) const;

  private:
    YAML::Node m_node;
    std::string m_path;
};

/// "1e+12 is outside the accepted range 0 to 100000".
std::string range_message(double value, double min, double max);

/// A scalar as the user wrote it, for messages: "fast" with quotes.
std::string shown(const YAML::Node& node);

/// Reads "5%" as 0.05 and "0.05" as 0.05; nullopt for anything else.
std::optional<double> parse_ratio(const std::string& text);

}  // namespace scenario
