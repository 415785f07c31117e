#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capture/notification.hpp"
#include "promapi/relabel.hpp"
#include "promapi/webhook.hpp"
#include "util/error.hpp"
#include "verify/alert_timeline.hpp"

namespace verify {

/// Where the collector reads the stack's alert state: the ruler's alerts and rules (Prometheus,
/// vmalert, Thanos Ruler), Alertmanager's alerts, and the webhook deliveries. Abstract so the
/// collector is tested with fakes (ninja's DiskInterface habit).
class AlertSources {
  public:
    virtual ~AlertSources() = default;
    virtual util::Result<std::vector<promapi::PrometheusAlert>> alerts() = 0;
    virtual util::Result<std::vector<promapi::AlertRule>> rules() = 0;
    virtual util::Result<std::vector<promapi::AlertmanagerAlert>> alertmanager_alerts() = 0;
    /// Notifications received since the last call; empty without a webhook receiver.
    virtual std::vector<promapi::Delivery> deliveries() = 0;
    /// The notifications captured from the receivers' own integrations since the last call
    /// (after `deliveries`, which takes them from the same listeners); empty when not captured.
    virtual std::vector<capture::Notification> notifications() { return {}; }
    /// Alertmanager's own words for notifications it failed to send since the last call
    /// ("oncall/slack[0]: ... template: ..."), from its log when obsctl runs it.
    virtual std::vector<std::string> notify_errors() { return {}; }
};

/// The clock polls are stamped with; a fake one in tests.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual std::chrono::steady_clock::time_point now() const = 0;
};

class SystemClock : public Clock {
  public:
    std::chrono::steady_clock::time_point now() const override {
        return std::chrono::steady_clock::now();
    }
};

/// The sources a verdict may depend on.
enum class Source { ruler, alertmanager };

/// A span in which polls of one source failed, so what it held is unknown. `blind_from` to
/// `blind_to` is what a verdict must treat as unseen: from the last poll that succeeded to the
/// first that succeeded again.
struct Outage {
    Source source = Source::ruler;
    Millis first_failed{0}, last_failed{0};
    Millis blind_from{0};
    std::optional<Millis> blind_to;  ///< none: it never answered again
    std::string error;               ///< what the first failed poll said
    bool backfilled = false;  ///< quiet's view of the span was filled from Prometheus's ALERTS
};

/// When any alert (expected or not) was first seen pending and firing: for rule coverage.
struct SeenAlert {
    std::optional<Millis> pending, firing;
};

/// A captured notification and when it arrived, in time since traffic start.
using CapturedNotification = std::pair<Millis, capture::Notification>;

/// Everything the polls saw, in time since traffic start: the expected alerts' timelines, the
/// quiet watch, rule health problems, every alert seen by name, and every outage. The judge
/// reads only this.
struct Record {
    std::vector<AlertTimeline> timelines;    ///< one per expected alert, in scenario order
    std::vector<std::string> rule_problems;  ///< same order; empty when healthy
    QuietWatch quiet{{}, {}};
    std::map<std::string, SeenAlert> seen;  ///< by alertname
    std::vector<Outage> outages;
    Millis last_poll{0};
    std::size_t polls = 0;
    /// Every notification captured from the receivers' integrations during the run, in order
    /// of arrival, each with its time since traffic start.
    std::vector<CapturedNotification> notifications;
    /// Alertmanager's errors for notifications it could not send (see AlertSources).
    std::vector<std::string> notify_errors;

    /// The outages of `source` whose blind span meets [from, to].
    std::vector<const Outage*> blind(Source source, Millis from, Millis to) const;
};

/// The alerts as they leave Prometheus: each external label added where the alert lacks it,
/// then its alert relabelling (promapi::AlertLabelling).
std::vector<promapi::PrometheusAlert> as_sent(std::vector<promapi::PrometheusAlert> alerts,
                                              const promapi::AlertLabelling& labelling);

/// Polls the sources into a Record. Not thread-safe: the Verifier serialises access.
class Collector {
  public:
    /// Times count from `start`; deliveries that arrived before it are stale (another
    /// scenario's) and never counted. `external`: Prometheus's external labels, which its
    /// alerts carry once they leave it (in Alertmanager, in notifications) but not in its own
    /// API: added to every ruler alert (baseline, polls, backfill) where it lacks the label, so
    /// one matcher serves both sides.
    Collector(std::vector<AlertMatcher> expected, std::vector<std::string> allow,
              const std::vector<promapi::PrometheusAlert>& baseline,
              std::chrono::steady_clock::time_point start, const Clock& clock,
              promapi::AlertLabelling labelling = {}, std::set<std::string> silent = {});

    /// One poll of every source; a failed one is recorded as (part of) an outage.
    void poll(AlertSources& sources);

    /// Alerts Prometheus's ALERTS history shows firing during an outage of the ruler, fed to
    /// quiet as if polled at the outage's end; marks the outage backfilled.
    void backfill(Outage& outage, const std::vector<promapi::PrometheusAlert>& firing);

    Record& record() { return m_record; }
    const Record& record() const { return m_record; }
    Millis since_start() const;

  private:
    void outcome(Source source, const util::Error* error, Millis at);

    std::chrono::steady_clock::time_point m_start;
    const Clock& m_clock;
    Record m_record;
    std::optional<Millis> m_last_ok[2];
    promapi::AlertLabelling m_labelling;
    std::set<std::string> m_silent;  ///< receivers with no integration: routed, never notified
};

}  // namespace verify
