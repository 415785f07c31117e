#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "util/duration.hpp"

namespace scenario {

/// A mistake in a scenario file, at a YAML node. Thrown inside the parser only and turned into
/// a util::Error at its boundary (parse_scenario): the nesting of the format makes threading
/// expected values through every field reader noisier than the one catch it replaces.
struct FieldError : std::runtime_error {
    FieldError(int line_, int column_, std::string message, std::string hint_ = {})
        : std::runtime_error(message), line(line_), column(column_), hint(std::move(hint_)) {}
    int line, column;  ///< 1-based
    std::string hint;  ///< may be empty
    /// Follows from a mistake already reported (`phases` missing where `phasse` is): it stops
    /// its field but is not shown.
    bool follows = false;
    /// About a field that is absent: placed at its mapping, where other absent fields of the
    /// same mapping are placed too (each one is still its own mistake).
    bool absent = false;
};

/// Every mistake of one file. A field's reader stops at its first mistake (it throws); the
/// parser runs each field in `attempt`, which records that mistake here and goes on with the
/// next field, so that one file shows all its mistakes at once.
class Diagnostics {
  public:
    void add(FieldError e) {
        if (!e.follows)
            m_errors.push_back(std::move(e));
    }

    /// Runs `read`; a FieldError it throws is recorded and false returned.
    template <typename Read>
    bool attempt(Read&& read) {
        try {
            read();
            return true;
        } catch (const FieldError& e) {
            add(e);
            return false;
        }
    }

    bool empty() const { return m_errors.empty(); }
    std::size_t size() const { return m_errors.size(); }

    /// In file order (line, then column), one per position: a second mistake found at the
    /// same place follows from the first (an unset ${VAR} that then is not a URL).
    std::vector<FieldError> in_file_order() const;

  private:
    std::vector<FieldError> m_errors;
};

/// "phases[1]": the path of a list's item in messages.
inline std::string index_path(const std::string& list, std::size_t i) {
    return list + "[" + std::to_string(i) + "]";
}

/// Typed reads of one YAML mapping, with the field path ("phases[1].rate") in every message.
class Reader {
  public:
    /// With `diagnostics`, an unknown or repeated key is recorded there and reading goes on;
    /// without, it is thrown like any other mistake.
    Reader(const YAML::Node& node, std::string path, Diagnostics* diagnostics = nullptr)
        : m_node(node), m_path(std::move(path)), m_diagnostics(diagnostics) {}

    /// Fails on a key not in `allowed`, suggesting the closest one ("did you mean `phases`?").
    /// A value that is not a mapping is thrown.
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

    /// For each item of the list at `key`, `read(item, "key[i]")` within `d.attempt`: every
    /// item's first mistake is recorded. A value that is no list is one mistake ("expected a
    /// list of `what`").
    template <typename Read>
    void each_item(const char* key, const char* what, Diagnostics& d, Read&& read) const {
        const YAML::Node list = node(key);
        if (!list.IsSequence()) {
            d.attempt([&] { fail(list, key, std::string("expected a list of ") + what); });
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i)
            d.attempt([&] { read(list[i], index_path(path(key), i)); });
    }

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key,
                           const std::string& message) const;
    [[noreturn]] void fail_here(const std::string& message) const;

  private:
    YAML::Node m_node;
    std::string m_path;
    Diagnostics* m_diagnostics;
    /// What only_keys suggested for unknown keys: that field missing is no second mistake.
    mutable std::set<std::string> m_misspelled;

    void key_mistake(FieldError e) const;
};

/// "1e+12 is outside the accepted range 0 to 100000".
std::string range_message(double value, double min, double max);

/// A scalar as the user wrote it, for messages: "fast" with quotes.
std::string shown(const YAML::Node& node);

/// Reads "5%" as 0.05 and "0.05" as 0.05; nullopt for anything else.
std::optional<double> parse_ratio(const std::string& text);

}  // namespace scenario
