#include "verify/deadlines.hpp"

#include <algorithm>

#include "util/duration.hpp"
#include "util/promql.hpp"

namespace verify {
namespace {

using util::human_duration;

std::optional<Deadline> from_scenario(std::optional<Millis> within, double time_scale) {
    if (!within)
        return std::nullopt;
    const auto scaled =
        Millis{static_cast<long long>(static_cast<double>(within->count()) * time_scale)};
    std::string source = "scenario within " + util::format_duration(*within);
    if (time_scale != 1.0)
        source += " x " + std::to_string(time_scale).substr(0, 5);
    return Deadline{scaled, source};
}

/// window + `middle` + 2 evaluations + 1 scrape + slack, and the sentence that says so.
Deadline from_rule(const promapi::AlertRule& rule, Millis scrape_interval, const char* middle_name,
                   Millis middle) {
    const Millis window = util::longest_range_window(rule.query);
    return {window + middle + 2 * rule.group_interval + scrape_interval + k_slack,
            "rule: window " + human_duration(window) + " + " + middle_name + " " +
                human_duration(middle) + " + 2 x " + human_duration(rule.group_interval) +
                " evaluation + " + human_duration(scrape_interval) + " scrape + " +
                human_duration(k_slack) + " slack"};
}

}  // namespace

Deadline fire_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                       std::optional<Millis> within, double time_scale) {
    if (auto d = from_scenario(within, time_scale))
        return *d;
    return from_rule(rule, scrape_interval, "for", rule.for_duration);
}

Deadline resolve_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                          std::optional<Millis> within, double time_scale) {
    if (auto d = from_scenario(within, time_scale))
        return *d;
    return from_rule(rule, scrape_interval, "keep_firing_for", rule.keep_firing_for);
}

Deadline delivery_deadline(const promapi::RouteTiming& routes) {
    return {std::max(routes.group_wait, routes.group_interval) + k_slack,
            "Alertmanager: group_wait " + human_duration(routes.group_wait) + " / group_interval " +
                human_duration(routes.group_interval) + " + " + human_duration(k_slack) + " slack"};
}

Deadline resolved_delivery_deadline(const promapi::RouteTiming& routes) {
    return {routes.group_interval + k_slack, "Alertmanager: group_interval " +
                                                 human_duration(routes.group_interval) + " + " +
                                                 human_duration(k_slack) + " slack"};
}

}  // namespace verify
