#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "scenario/model.hpp"
#include "verify/check.hpp"
#include "verify/deadlines.hpp"

namespace verify {

/// What the preflight can tell of an expected alert before any traffic, from what the stack
/// loaded. Pure: the preflight reads the stack, these judge what it read (preflight_test.cpp).

/// The labels an alert of `rule` will carry, as far as they are known before it fires: its
/// `alertname`, the rule's labels (a templated value, `{{ $labels.x }}`, is known only when the
/// scenario expects a value for it), the scenario's expected labels, then what Prometheus does
/// as it sends the alert: its external labels where the alert lacks the label, and its
/// `alert_relabel_configs`. Anything else comes from the expression's output.
promapi::Labels labels_before_firing(const scenario::FireExpectation& e,
                                     const promapi::AlertRule& rule,
                                     const promapi::AlertLabelling& labelling);

/// `route NAME`, for an expectation with a `receiver:`: the known labels run through
/// Alertmanager's routing tree, `-> oncall (route 2: severity="critical")`. Fails (a scenario
/// error) when the receiver is not in the configuration (with a did-you-mean) or no route
/// reaches it and the decision read no unknown label; a warning when it depended on labels
/// unknown before the alert fires, or when the tree could not be read.
Check route_check(const scenario::FireExpectation& e, const promapi::AlertRule& rule,
                  const promapi::AlertLabelling& labelling,
                  const promapi::RouteTiming& alertmanager);

/// `deadline NAME`, for an expectation with `within`: the least time its rule needs, its loaded
/// `for` and one evaluation interval, against `within` x `time_scale` + `slack` (the fire
/// deadline from traffic start); `within` x `time_scale` shorter than `for` alone fails too. Fails
/// (a scenario error) when `within` cannot be met; nullopt without `within` (the deadline is then
/// derived from the rule, which always allows it).
std::optional<Check> deadline_check(const scenario::FireExpectation& e,
                                    const promapi::AlertRule& rule, double time_scale,
                                    Millis slack = k_slack);

/// Why no rule named `name` was found: the loaded alerting rules (at most 10) and the closest
/// name. `where` is the ruler's URL.
std::string rule_not_loaded(const std::string& name, const std::vector<promapi::AlertRule>& loaded,
                            const std::string& where);

/// Why no target of `expect.job` was found: the jobs that are scraped, and the closest.
std::string job_not_scraped(const std::string& job,
                            const std::vector<promapi::ScrapeTarget>& targets);

}  // namespace verify
