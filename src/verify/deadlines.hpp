#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"

namespace verify {

using Millis = std::chrono::milliseconds;

/// How long an expected alert may take, and where that number came from (said in verdicts).
struct Deadline {
    Millis value{0};
    std::string source;
};

/// Pipeline and polling latency on top of what the rule implies: a 1 s poll, notification to
/// Alertmanager, scheduling. Not scaled: it is about the machinery, not the rule's clock.
/// `--slack` replaces it (a stack whose own delays do not shrink with the time scale).
inline constexpr Millis k_slack{5000};

/// Fire deadline, counted from the start of the phase that triggers the alert.
/// From the rule: longest range window + `for` + 2 evaluation intervals + 1 scrape interval +
/// slack. The window is included (the formula has only `for` + intervals) because a
/// rate over [w] reflects new traffic only once w of it has been scraped: HighRequestRate's
/// rate over [2m] needs its window filled before `for` can start counting. A scenario's
/// `within` overrides it (multiplied by the time scale, plus the slack, which is never scaled).
/// `recording`: the ruler's recording rules; an alert over one of them waits for its window too.
Deadline fire_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                       std::optional<Millis> within, double time_scale,
                       const std::vector<promapi::RecordingRule>& recording = {},
                       Millis slack = k_slack);

/// Resolve deadline, counted from the end of traffic: longest range window (old samples must
/// leave it) + keep_firing_for + 2 evaluation intervals + 1 scrape + slack; or `within`.
Deadline resolve_deadline(const promapi::AlertRule& rule, Millis scrape_interval,
                          std::optional<Millis> within, double time_scale,
                          const std::vector<promapi::RecordingRule>& recording = {},
                          Millis slack = k_slack);

/// The longest range window an expression looks through (an `offset` adds to it: the window
/// starts that much further back): its own, or that of a recording rule
/// it reads (that rule's window + its evaluation interval, recursively), and which rule it was
/// ("via job:errors:rate5m"), empty when its own.
struct RuleWindow {
    Millis value{0};
    std::string via;
};
RuleWindow rule_window(const std::string& query,
                       const std::vector<promapi::RecordingRule>& recording);

/// How long after an alert fires its notification may take to reach a webhook: Alertmanager's
/// longest group_wait or group_interval (a new group waits group_wait, a group already
/// notified waits for its next group_interval tick) + slack.
Deadline delivery_deadline(const promapi::RouteTiming& routes, Millis slack = k_slack);

/// How long after an alert resolves the resolved notification may take: the next
/// group_interval tick + slack.
Deadline resolved_delivery_deadline(const promapi::RouteTiming& routes, Millis slack = k_slack);

}  // namespace verify
