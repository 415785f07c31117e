#include "verify/deadlines.hpp"

#include <algorithm>

#include "promql/selectors.hpp"
#include "promql/windows.hpp"
#include "util/duration.hpp"

namespace verify {
namespace {

using util::human_duration;

std::optional<Deadline> from_scenario(std::optional<Millis> within, double time_scale,
                                      Millis slack) {
    if (!within)
        return std::nullopt;
    const auto scaled =
        Millis{static_cast<long long>(static_cast<double>(within->count()) * time_scale)};
    std::string source = "scenario within " + util::format_duration(*within);
    if (time_scale != 1.0)
        source += " x " + std::to_string(time_scale).substr(0, 5);
    if (slack.count() > 0)
        source += " + " + human_duration(slack) + " slack";
    return Deadline{scaled + slack, source};
}

RuleWindow window_of(const std::string& query, const std::vector<promapi::RecordingRule>& recording,
                     int depth) {
    RuleWindow out{promql::longest_range_window(query) + promql::longest_offset(query), ""};
    if (depth > 8)  // recording rules reading each other in a loop cannot load; stay finite
        return out;
    for (const auto& r : recording) {
        if (!promql::uses_identifier(query, r.name))
            continue;
        const RuleWindow inner = window_of(r.query, recording, depth + 1);
        const Millis through = inner.value + r.group_interval;
        if (through > out.value)
            out = {through, r.name + (inner.via.empty() ? "" : " via " + inner.via)};
    }
    return out;
}

/// window + `middle` + 2 evaluations + 1 scrape + slack, and the sentence that says so.
Deadline from_rule(const promapi::AlertRule& rule, Millis scrape_interval, const char* middle_name,
                   Millis middle, const std::vector<promapi::RecordingRule>& recording,
                   Millis slack) {
    const RuleWindow w = rule_window(rule.query, recording);
    const Millis window = w.value;
    return {window + middle + 2 * rule.group_interval + scrape_interval + slack,
            "rule: window " + human_duration(window) +
                (w.via.empty() ? "" : " (recorded by " + w.via + ")") + " + " + middle_name + " " +
                human_duration(middle) + " + 2 x " + human_duration(rule.group_interval) +
                " evaluation + " + human_duration(scrape_interval) + " scrape + " +
                human_duration(slack) + " slack"};
}

}  // namespace

RuleWindow rule_window(const std::string& query,
                       const std::vector<promapi::RecordingRule>& recording) {
    return window_of(query, recording, 0);
}

Deadline fire_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                       std::optional<Millis> within, double time_scale,
                       const std::vector<promapi::RecordingRule>& recording, Millis slack) {
    if (auto d = from_scenario(within, time_scale, slack))
        return *d;
    return from_rule(rule, scrape_interval, "for", rule.for_duration, recording, slack);
}

Deadline resolve_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                          std::optional<Millis> within, double time_scale,
                          const std::vector<promapi::RecordingRule>& recording, Millis slack) {
    if (auto d = from_scenario(within, time_scale, slack))
        return *d;
    return from_rule(rule, scrape_interval, "keep_firing_for", rule.keep_firing_for, recording,
                     slack);
}

Deadline delivery_deadline(const promapi::RouteTiming& routes, Millis slack) {
    return {std::max(routes.group_wait, routes.group_interval) + slack,
            "Alertmanager: group_wait " + human_duration(routes.group_wait) + " / group_interval " +
                human_duration(routes.group_interval) + " + " + human_duration(slack) + " slack"};
}

Deadline resolved_delivery_deadline(const promapi::RouteTiming& routes, Millis slack) {
    return {routes.group_interval + slack, "Alertmanager: group_interval " +
                                               human_duration(routes.group_interval) + " + " +
                                               human_duration(slack) + " slack"};
}

}  // namespace verify
