#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "scenario/model.hpp"
#include "verify/check.hpp"
#include "verify/deadlines.hpp"

namespace verify {

struct PreflightResult {
    std::vector<Check> checks;
    std::map<std::string, promapi::AlertRule> rules;  ///< the expected alerts' loaded rules
    std::vector<promapi::RecordingRule> recording;    ///< the ruler's, for deadlines
    std::vector<promapi::AlertRule> loaded_rules;     ///< every alerting rule, for coverage
    Millis scrape_interval{15'000};
    std::vector<promapi::PrometheusAlert> firing_before;  ///< for the quiet baseline
    promapi::RouteTiming routes;  ///< Alertmanager's, for the delivery deadlines
    /// Prometheus's `global.external_labels` and `alerting.alert_relabel_configs` (none when it
    /// has none or they could not be read: VictoriaMetrics and Mimir have no
    /// /api/v1/status/config).
    promapi::AlertLabelling labelling;
    bool passed() const;
};

/// Before any traffic: Prometheus ready (and its external labels, a warning when unreadable); the
/// app's scrape target up (matched by the target URL's host:port, else any of `app_jobs`: no match
/// is a warning; or by `expect.job`: no target of it is a failure naming the jobs scraped); every
/// expected alert loaded in the ruler (Prometheus itself, vmalert, Thanos Ruler) with health ok
/// (else the loaded rules are named) and able to fire within its `within` x `time_scale`;
/// Alertmanager ready, and each expected `receiver:` reached by its routing tree
/// (preflight_checks.hpp); then none of the expected alerts pending or firing (waits up to
/// `settle` for them to clear, Ctrl-C ends the wait). Stops before that wait at any failure, at
/// once when Prometheus or Alertmanager is not ready. A failed check with `scenario_error` is the
/// scenario's mistake (exit 2), any other the stack's (exit 3).
PreflightResult preflight(promapi::PrometheusClient& prometheus, promapi::PrometheusClient& ruler,
                          promapi::AlertmanagerClient& alertmanager, const scenario::Scenario& s,
                          const std::string& target, Millis settle,
                          const std::function<void(const Check&)>& report,
                          const std::atomic<bool>* stop = nullptr,
                          const std::vector<std::string>& app_jobs = {}, double time_scale = 1.0,
                          Millis slack = k_slack);

/// "http://localhost:5002/x" -> "127.0.0.1:5002" (localhost normalised, default ports filled).
std::string host_port(const std::string& url);

}  // namespace verify
