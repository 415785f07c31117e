#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "verify/alert_timeline.hpp"
#include "verify/preflight.hpp"
#include "verify/queries.hpp"

namespace verify {

/// One expected alert: what was seen and each verdict about it.
struct AlertResult {
    std::string alert;
    std::string receiver;  ///< expected route, may be empty
    AlertTimeline timeline;
    Deadline fire, resolve;
    std::vector<Check> checks;  ///< fire, then route and resolve when asked for
    /// The phase running when the alert went pending (or firing): its times are also shown
    /// from that phase's start.
    std::optional<PhaseStart> trigger;
    std::string rule_problem;  ///< the rule's last health other than ok, with its lastError
};

struct VerifyReport {
    std::vector<AlertResult> alerts;
    Check quiet;
    std::vector<std::string> already_firing;  ///< firing before traffic: reported, not failed
    std::vector<Check> queries;
    bool webhooks = false;     ///< delivery was checked (a webhook receiver ran)
    bool interrupted = false;  ///< stopped before every verdict was in; the rest is what was seen
    std::vector<Check> all() const;  ///< every assertion, for JUnit and the exit code
};

/// Polls Prometheus (/api/v1/alerts, /api/v1/rules) and Alertmanager (/api/v2/alerts) once a
/// second from
/// traffic start until every verdict is in, on its own thread and HTTP connections.
class Verifier {
  public:
    /// `webhooks` may be null; when set, routing and delivery are judged from what it received.
    Verifier(std::string prometheus_url, std::string alertmanager_url, const scenario::Scenario& s,
             const PreflightResult& preflight, double time_scale,
             promapi::WebhookReceiver* webhooks);
    ~Verifier();

    /// Traffic starts now.
    void start();

    /// Traffic has ended: keeps polling until each expected alert fired and resolved or its
    /// deadline passed (and, for quiet, a few evaluations more), then judges everything.
    /// When `stop` becomes true it judges at once what it has seen (Ctrl-C).
    VerifyReport finish(const Traffic& traffic, const std::atomic<bool>* stop = nullptr);

  private:
    void poll_once();
    Millis since_start() const;

    std::string m_prometheus_url, m_alertmanager_url;
    const scenario::Scenario& m_scenario;
    Millis m_scrape;
    Deadline m_deliver, m_deliver_resolved;  ///< from Alertmanager's route timing
    promapi::WebhookReceiver* m_webhooks;
    std::chrono::steady_clock::time_point m_start;
    std::vector<AlertResult> m_alerts;  ///< guarded by m_mutex
    QuietWatch m_quiet;                 ///< guarded by m_mutex
    std::mutex m_mutex;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

}  // namespace verify
