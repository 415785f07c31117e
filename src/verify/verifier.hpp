#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capture/listener.hpp"
#include "net/endpoints_file.hpp"
#include "verify/collector.hpp"
#include "verify/diagnosis.hpp"
#include "verify/judge.hpp"
#include "verify/notify_log.hpp"
#include "verify/preflight.hpp"
#include "verify/queries.hpp"

namespace verify {

/// One expected alert: what was seen and each verdict about it.
struct AlertResult {
    std::string alert;
    std::string receiver;  ///< expected route, may be empty
    AlertTimeline timeline;
    Deadline fire, resolve;
    std::vector<Check> checks;  ///< fire, then deliver, route, resolve when asked for
    /// The phase running when the alert went pending (or firing): its times are also shown
    /// from that phase's start.
    std::optional<PhaseStart> trigger;
    std::string rule_problem;  ///< the rule's last health other than ok, with its lastError
    /// The expression's left side against its threshold over the run (from Prometheus).
    std::vector<ExpressionSeries> expression;
    /// Every captured notification that carried it (firing and resolved), in order of arrival.
    std::vector<CapturedNotification> notifications;
};

struct VerifyReport {
    std::vector<AlertResult> alerts;
    Check quiet;
    std::vector<std::string> already_firing;  ///< firing before traffic: reported, not failed
    std::vector<Check> queries;
    std::vector<std::string> outages;  ///< every span a source was unreachable, described
    bool webhooks = false;             ///< delivery was checked (a webhook receiver ran)
    std::vector<promapi::AlertRule> loaded_rules;  ///< every alerting rule the ruler had loaded
    std::map<std::string, SeenAlert> seen;         ///< every alert seen pending or firing
    bool interrupted = false;  ///< Ctrl-C before every verdict was in; the rest is what was seen
    /// When the watch ended before every verdict was in (Ctrl-C or --fail-fast): checks not
    /// decided by then are not judged.
    std::optional<Millis> ended;
    std::string failed_fast;  ///< --fail-fast: the check whose failure ended the run, and why
    Millis traffic_end{0};  ///< when the verifier saw traffic end: resolve deadlines count from it
    std::vector<Check> all() const;  ///< every assertion, for JUnit and the exit code
};

/// The live sources: the ruler's and Alertmanager's APIs through their endpoints, and the
/// webhook receiver. Makes its clients on first use, on the polling thread.
class LiveSources : public AlertSources {
  public:
    /// `alertmanager_log`: Alertmanager's log when obsctl runs it (its errors for notifications
    /// it could not send); empty: none.
    LiveSources(const net::StackEndpoints& where, capture::Listener* webhooks,
                const std::filesystem::path& alertmanager_log = {});
    ~LiveSources() override;
    util::Result<std::vector<promapi::PrometheusAlert>> alerts() override;
    util::Result<std::vector<promapi::AlertRule>> rules() override;
    util::Result<std::vector<promapi::AlertmanagerAlert>> alertmanager_alerts() override;
    std::vector<promapi::Delivery> deliveries() override;
    std::vector<capture::Notification> notifications() override;
    std::vector<std::string> notify_errors() override;

  private:
    std::unique_ptr<promapi::HttpClient> m_ruler_http, m_am_http;
    std::unique_ptr<promapi::PrometheusClient> m_ruler;
    std::unique_ptr<promapi::AlertmanagerClient> m_am;
    capture::Listener* m_webhooks;
    std::vector<capture::Notification> m_notifications;  ///< taken with the deliveries
    LogTail m_alertmanager_log;
};

/// Polls the ruler (/api/v1/alerts, /api/v1/rules) and Alertmanager (/api/v2/alerts) once a
/// second from traffic start on its own thread into a Collector, then judges the record.
class Verifier {
  public:
    /// `webhooks` may be null; when set, routing and delivery are judged from what it received.
    Verifier(net::StackEndpoints where, const scenario::Scenario& s,
             const PreflightResult& preflight, double time_scale, capture::Listener* webhooks,
             Millis slack = k_slack);
    ~Verifier();

    /// Creates the scenario's `expect.silence` in Alertmanager for `length` (so it expires by
    /// itself if obsctl is killed); the destructor deletes it, whatever the outcome (a failed
    /// check, an Error, Ctrl-C). Returns the silence id, empty when the scenario has none.
    util::Result<std::string> open_silence(std::chrono::milliseconds length);
    /// The phases as the traffic runs them (scaled): an `after: PHASE` expectation's fire
    /// deadline counts from that phase's start, its resolve deadline from its end. Before start().
    void time_phases(const std::vector<scenario::Phase>& scaled);
    /// Alertmanager's log (obsctl runs it): why a notification was not sent, in its words.
    void read_alertmanager_log(std::filesystem::path file) { m_alertmanager_log = std::move(file); }

    /// --fail-fast: as soon as a check fails (its deadline passed unmet, or an unexpected alert
    /// fired), `halt` is set (it stops the traffic) and `finish` judges at once. Before start().
    void fail_fast(std::shared_ptr<std::atomic<bool>> halt) { m_halt = std::move(halt); }

    /// Traffic starts now.
    void start();

    /// Each expected alert's state as of the last poll (empty before the first); never waits
    /// for a poll under way.
    std::vector<LiveAlert> live() const;

    /// Traffic has ended: keeps polling until no verdict can change any more (each expected
    /// alert fired and resolved or its deadline passed; quiet a few evaluations more), then
    /// judges the record. When `stop` becomes true it judges at once what it has seen.
    VerifyReport finish(const Traffic& traffic, const std::atomic<bool>* stop = nullptr);

  private:
    /// An inhibition is due by its inhibitor's fire deadline and a delivery.
    void time_inhibitions();
    /// Every expected alert's checks from the record under `rules` (m_mutex held).
    std::vector<std::vector<Check>> judge_alerts(const JudgeRules& rules) const;
    /// --fail-fast, after a poll (m_mutex held): the first check that has failed by now.
    void trip_on_failure();
    void backfill_quiet(promapi::PrometheusClient& prometheus);
    /// The span from traffic start to what the alert's checks looked at, at the scrape step.
    RunSpan span_of(const AlertResult& a, const Traffic& traffic) const;
    /// Fills a failed fire check's `why` from Prometheus over the run.
    void explain(AlertResult& a, const Traffic& traffic, promapi::PrometheusClient& prometheus);

    net::StackEndpoints m_where;
    const scenario::Scenario& m_scenario;
    Millis m_scrape;
    std::vector<AlertExpectation> m_expected;
    std::map<std::string, promapi::AlertRule> m_rule_defs;  ///< expected alerts' rules
    std::vector<promapi::RecordingRule> m_recording;
    std::vector<promapi::AlertRule> m_loaded_rules;
    JudgeRules m_rules;
    capture::Listener* m_webhooks;
    std::filesystem::path m_alertmanager_log;
    std::vector<promapi::PrometheusAlert> m_baseline;
    promapi::AlertLabelling
        m_labelling;  ///< what Prometheus does to its alerts' labels as they leave it
    SystemClock m_clock;
    std::chrono::system_clock::time_point m_wall_start;
    std::unique_ptr<Collector> m_collector;  ///< guarded by m_mutex once started
    std::mutex m_mutex;
    mutable std::mutex m_live_mutex;
    std::vector<LiveAlert> m_live;  ///< guarded by m_live_mutex
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::string m_silence_id;
    std::shared_ptr<std::atomic<bool>> m_halt;
    bool m_traffic_ended = false;  ///< guarded by m_mutex
    std::string m_tripped;         ///< guarded by m_mutex: the check that failed (--fail-fast)
    std::atomic<bool> m_has_tripped{false};
};

}  // namespace verify
