#include "verify/deadlines.hpp"

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

}  // namespace

Deadline fire_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                       std::optional<Millis> within, double time_scale) {
    if (auto d = from_scenario(within, time_scale))
        return *d;
    const Millis window = util::longest_range_window(rule.query);
    Deadline d;
    d.value = window + rule.for_duration + 2 * rule.group_interval + scrape_interval + k_slack;
    d.source = "rule: window " + human_duration(window) + " + for " +
               human_duration(rule.for_duration) + " + 2 x " + human_duration(rule.group_interval) +
               " evaluation + " + human_duration(scrape_interval) + " scrape + " +
               human_duration(k_slack) + " slack";
    return d;
}

Deadline resolve_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                          std::optional<Millis> within, double time_scale) {
    if (auto d = from_scenario(within, time_scale))
        return *d;
    const Millis window = util::longest_range_window(rule.query);
    Deadline d;
    d.value = window + rule.keep_firing_for + 2 * rule.group_interval + scrape_interval + k_slack;
    d.source = "rule: window " + human_duration(window) + " + keep_firing_for " +
               human_duration(rule.keep_firing_for) + " + 2 x " +
               human_duration(rule.group_interval) + " evaluation + " +
               human_duration(scrape_interval) + " scrape + " + human_duration(k_slack) + " slack";
    return d;
}

}  // namespace verify
