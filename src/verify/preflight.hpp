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
    /// Prometheus's `global.external_labels` (empty when it has none or they could not be read:
    /// VictoriaMetrics and Mimir have no /api/v1/status/config).
    promapi::Labels external_labels;
    bool passed() const;
};

/// Before any traffic: Prometheus ready (and its external labels, a warning when unreadable); the
/// app's scrape target up (matched by the target URL's host:port, or by `expect.job`, else any of
/// `app_jobs`; no match is a warning); every expected alert loaded in the ruler (Prometheus itself,
/// vmalert, Thanos Ruler) with health ok; none of them pending or firing (waits up to `settle` for
/// them to clear, Ctrl-C ends the wait); Alertmanager ready. Stops at the first failure of
/// Prometheus or Alertmanager readiness.
PreflightResult preflight(promapi::PrometheusClient& prometheus, promapi::PrometheusClient& ruler,
                          promapi::AlertmanagerClient& alertmanager, const scenario::Scenario& s,
                          const std::string& target, Millis settle,
                          const std::function<void(const Check&)>& report,
                          const std::atomic<bool>* stop = nullptr,
                          const std::vector<std::string>& app_jobs = {});

/// "http://localhost:5002/x" -> "127.0.0.1:5002" (localhost normalised, default ports filled).
std::string host_port(const std::string& url);

}  // namespace verify
