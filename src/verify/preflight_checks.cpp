#include "verify/preflight_checks.hpp"

#include <algorithm>
#include <cmath>

#include "promapi/routes.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace verify {
namespace {

using util::human_duration;
using Millis = std::chrono::milliseconds;

Check scenario_failure(std::string name, std::string detail) {
    Check c = judged(std::move(name), false, std::move(detail));
    c.scenario_error = true;
    return c;
}

Check warning(std::string name, std::string detail) {
    Check c = judged(std::move(name), true, std::move(detail));
    c.warning = true;
    return c;
}

std::string shown(const promapi::Labels& labels) {
    std::vector<std::string> out;
    for (const auto& [name, value] : labels)
        out.push_back(name + "=\"" + value + "\"");
    return util::join(out, ", ");
}

/// "a, b, c" of at most `most` names, then "(and N more)".
std::string listed(const std::vector<std::string>& names, std::size_t most = 10) {
    std::vector<std::string> first(names.begin(),
                                   names.begin() + static_cast<long>(std::min(most, names.size())));
    std::string out = util::join(first, ", ");
    if (names.size() > most)
        out += " (and " + std::to_string(names.size() - most) + " more)";
    return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    const std::string hint = util::closest(word, candidates);
    return hint.empty() ? std::string() : "; did you mean " + hint + "?";
}

}  // namespace

promapi::Labels labels_before_firing(const scenario::FireExpectation& e,
                                     const promapi::AlertRule& rule,
                                     const promapi::AlertLabelling& labelling) {
    promapi::Labels out = labelling.external;  // where nothing below sets the label
    for (const auto& [name, value] : e.labels)
        out[name] = value;
    // The rule's labels replace the expression's; a templated one is known only as expected.
    for (const auto& [name, value] : rule.labels) {
        if (value.find("{{") == std::string::npos)
            out[name] = value;
        else if (!e.labels.count(name))
            out.erase(name);
    }
    out["alertname"] = rule.name;
    return labelling.relabelled(std::move(out));
}

namespace {

/// Where the alert relabelling makes the labels known before firing uncertain: a step reads a
/// label only the expression gives, or it drops the alert as far as they tell.
std::string relabel_doubt(const scenario::FireExpectation& e, const promapi::AlertRule& rule,
                          const promapi::AlertLabelling& labelling) {
    if (!labelling.relabels())
        return "";
    const auto before = labels_before_firing(e, rule, promapi::AlertLabelling(labelling.external));
    bool every = false;
    std::vector<std::string> unknown;
    for (const auto& name : promapi::relabel_reads(labelling.relabel, every))
        if (!before.count(name))
            unknown.push_back(name);
    std::string doubt;
    if (every)
        doubt +=
            "; alert_relabel_configs copy labels by name (labelmap), and the expression "
            "gives labels unknown before it fires";
    if (!unknown.empty())
        doubt += "; alert_relabel_configs read " + util::join(unknown, ", ") +
                 ", which the alert's expression gives (unknown before it fires)";
    bool kept = true;
    labelling.relabelled(before, &kept);
    if (!kept)
        doubt +=
            "; alert_relabel_configs drop it, as far as the labels known before it fires "
            "tell";
    return doubt;
}

}  // namespace

Check route_check(const scenario::FireExpectation& e, const promapi::AlertRule& rule,
                  const promapi::AlertLabelling& labelling,
                  const promapi::RouteTiming& alertmanager) {
    const std::string name = "route " + e.alert;
    if (!alertmanager.tree) {
        return warning(name, "not checked: " + (alertmanager.tree_error.empty()
                                                    ? "Alertmanager's routing tree was not read"
                                                    : alertmanager.tree_error));
    }
    std::vector<std::string> receivers;
    for (const auto& [receiver, resolved] : alertmanager.receivers)
        receivers.push_back(receiver);
    if (!receivers.empty() && !alertmanager.receivers.count(e.receiver)) {
        return scenario_failure(name, "no receiver named " + e.receiver +
                                          " in Alertmanager's configuration" +
                                          did_you_mean(e.receiver, receivers) +
                                          " (receivers: " + listed(receivers) + ")");
    }
    std::vector<std::string> ways;
    for (const auto& m : promapi::routes_to(*alertmanager.tree, e.receiver))
        ways.push_back(m.describe());
    const promapi::Labels labels = labels_before_firing(e, rule, labelling);
    const promapi::Resolution r = promapi::resolve(*alertmanager.tree, labels);
    std::vector<std::string> went;
    bool reached = false;
    for (const auto& m : r.matches) {
        went.push_back(m.receiver + " (" + m.describe() + ")");
        reached = reached || m.receiver == e.receiver;
    }
    std::string detail = "-> " + util::join(went, ", ");
    // Labels the decision read that only the alert itself will carry: its expression's output.
    std::vector<std::string> unknown(r.depends_on.begin(), r.depends_on.end());
    std::string doubt;
    if (!unknown.empty()) {
        doubt = "; decided without " + util::join(unknown, ", ") +
                ", which the alert's expression gives (unknown before it fires)";
    }
    if (!r.unreadable.empty())
        doubt += "; obsctl cannot read the regex of " + util::join(r.unreadable, ", ");
    doubt += relabel_doubt(e, rule, labelling);
    // An external label is added only where the alert lacks it: its own series may carry
    // another value of it (a target label), so a miss that read one is not certain. Which
    // were read: resolved again without them, they are what the decision depends on.
    promapi::Labels without = labels;
    for (const auto& [label, value] : labelling.external) {
        const bool fixed =
            rule.labels.count(label) && rule.labels.at(label).find("{{") == std::string::npos;
        if (!e.labels.count(label) && !fixed)
            without.erase(label);
    }
    std::vector<std::string> external_read;
    for (const auto& label : promapi::resolve(*alertmanager.tree, without).depends_on) {
        if (labels.count(label) && !without.count(label))  // one of those taken out
            external_read.push_back(label);
    }
    if (reached)
        return doubt.empty() ? judged(name, true, detail) : warning(name, detail + doubt);
    detail += ", not " + e.receiver + ", with " + shown(labels);
    // No route names the receiver: no label the alert could carry would reach it.
    if (ways.empty())
        return scenario_failure(name, detail + ": no route sends to " + e.receiver);
    if (!doubt.empty())
        return warning(name, detail + doubt);
    if (!external_read.empty()) {
        return warning(name, detail + "; decided on the external label(s) " +
                                 util::join(external_read, ", ") +
                                 ", which the alert's own series may set otherwise");
    }
    return scenario_failure(name, detail + ": no route reaches " + e.receiver + " (" + e.receiver +
                                      " is " + listed(ways, 3) + ")");
}

std::optional<Check> deadline_check(const scenario::FireExpectation& e,
                                    const promapi::AlertRule& rule, double time_scale,
                                    Millis slack) {
    if (!e.within)
        return std::nullopt;
    const std::string name = "deadline " + e.alert;
    const Millis allowed{std::llround(static_cast<double>(e.within->count()) * time_scale)};
    std::string within = "within " + util::format_duration(*e.within);
    if (time_scale != 1.0) {
        within += " x " + std::to_string(time_scale).substr(0, 5) + " = " + human_duration(allowed);
    }
    // The run waits `within` x the time scale + the slack: shorter than `for`, no evaluation
    // can make the alert fire in time (the scaled `for` has its floors, so the scaled values
    // are compared, never the written ones).
    const Millis deadline = allowed + slack;
    within += " + " + human_duration(slack) + " slack";
    if (deadline < rule.for_duration) {
        return scenario_failure(name, within + " is shorter than the rule's for " +
                                          human_duration(rule.for_duration) + ": " + e.alert +
                                          " cannot fire in time");
    }
    // The condition is first seen at an evaluation up to one interval after it begins (the
    // evaluations are not aligned with the traffic), and the alert fires `for` later: a
    // deadline shorter than both is met only when the alignment is lucky.
    const Millis need = rule.for_duration + rule.group_interval;
    const std::string needs = human_duration(need) + " (for " + human_duration(rule.for_duration) +
                              " + one " + human_duration(rule.group_interval) + " evaluation)";
    if (deadline < need) {
        return warning(name, within + " is less than the " + needs + " " + e.alert +
                                 " may need at worst: it fires in time only when an evaluation "
                                 "comes soon enough");
    }
    return judged(name, true, within + " allows the " + needs + " its rule needs at worst");
}

std::string rule_not_loaded(const std::string& name, const std::vector<promapi::AlertRule>& loaded,
                            const std::string& where) {
    std::vector<std::string> names;
    for (const auto& r : loaded)
        names.push_back(r.name);
    const std::string detail = "no alerting rule named " + name + " is loaded in " + where;
    if (names.empty())
        return detail + "; it has no alerting rule at all";
    return detail + did_you_mean(name, names) + "; loaded: " + listed(names);
}

std::string job_not_scraped(const std::string& job,
                            const std::vector<promapi::ScrapeTarget>& targets) {
    std::vector<std::string> jobs;
    for (const auto& t : targets) {
        if (std::find(jobs.begin(), jobs.end(), t.job) == jobs.end())
            jobs.push_back(t.job);
    }
    const std::string detail = "no active target of job " + job + " (expect.job)";
    if (jobs.empty())
        return detail + "; Prometheus scrapes nothing";
    return detail + did_you_mean(job, jobs) + "; scraped jobs: " + listed(jobs);
}

}  // namespace verify
