#pragma once

#include <yaml-cpp/yaml.h>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>

namespace promapi {

/// A target's labels, the internal ones (`__address__`, `__param_target`, ...) included.
using LabelSet = std::map<std::string, std::string>;

/// What a job's `relabel_configs` do to one target.
struct Relabelled {
    enum class Fate { kept, dropped, unknown };
    Fate fate = Fate::kept;
    LabelSet labels;      ///< after every step, when kept
    std::string unknown;  ///< when unknown: the step obsctl cannot follow, in words
};

/// Applies `relabel_configs` (the YAML sequence as written in prometheus.yml) to a target's
/// labels as Prometheus does (model/relabel/relabel.go, `relabel`): every action, source labels
/// joined by `separator`, the regex anchored, `replacement` with `$1`/`${1}` expanded, a label
/// set to "" deleted. Regexes are RE2 in Prometheus and ECMAScript here: the syntax both share
/// (classes, groups, alternation, `(?i)` at the start) means the same; a regex ECMAScript cannot
/// read, named groups, or an action Prometheus does not know makes the fate `unknown`.
Relabelled relabel(LabelSet labels, const YAML::Node& configs);

/// The labels `relabel_configs` read to decide (every step's `source_labels`); `every` is set
/// when a step reads every label's name (labelmap copies whichever match).
std::set<std::string> relabel_reads(const YAML::Node& configs, bool& every);

/// What Prometheus does to an alert's labels as it sends it to Alertmanager (notifier.go,
/// Send): each external label where the alert lacks it, then `alerting.alert_relabel_configs`.
/// Alertmanager routes, inhibits, silences and notifies on what is left.
struct AlertLabelling {
    AlertLabelling(LabelSet external_labels = {}, YAML::Node alert_relabel_configs = {})
        : external(std::move(external_labels)), relabel(std::move(alert_relabel_configs)) {}

    /// The labels Alertmanager gets. An alert the relabelling drops never reaches it: its
    /// labels are given with the external ones only, as are those of relabelling obsctl cannot
    /// follow (`kept` says which).
    LabelSet as_sent(LabelSet labels, bool* kept = nullptr) const;
    /// Whether there is any alert relabelling.
    bool relabels() const { return relabel.IsSequence() && relabel.size() > 0; }
    /// The relabelling step alone, on labels that already carry the external ones.
    LabelSet relabelled(LabelSet labels, bool* kept = nullptr) const;

    LabelSet external;
    YAML::Node relabel;  ///< the `alert_relabel_configs` sequence, or null
};

/// Go's `regexp.Expand`, which Prometheus uses for `replacement` and `target_label`: `$1` and
/// `${1}` are group 1, `$$` is `$`; a name runs as far as letters, digits and `_` go (so `$1x`
/// is the group named "1x", which does not exist: ""); a `$` that starts no name is kept.
std::string expand_template(std::string_view tmpl, const std::smatch& match);

}  // namespace promapi
