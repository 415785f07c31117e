#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "promapi/webhook.hpp"

namespace verify {

using Millis = std::chrono::milliseconds;

/// Which alert an expectation means: its name and, optionally, label values it must carry.
struct AlertMatcher {
    std::string alert;
    std::map<std::string, std::string> labels;
    bool matches(const promapi::Labels& alert_labels) const;
};

/// One expected alert's life as seen by polling, in time since traffic started: pending and
/// firing in Prometheus, active in Alertmanager (with the receivers it routes to), and
/// resolved (gone from both after it had fired). Each time is the first poll that saw it, so
/// it is late by at most one poll interval.
class AlertTimeline {
  public:
    explicit AlertTimeline(AlertMatcher matcher) : m_matcher(std::move(matcher)) {}

    void observe_prometheus(const std::vector<promapi::PrometheusAlert>& alerts, Millis at);
    void observe_alertmanager(const std::vector<promapi::AlertmanagerAlert>& alerts, Millis at);
    /// A notification that reached the webhook receiver at `at`; a resolved one's `endsAt` is
    /// `ended`, on the same clock. `notifies` false: its receiver has no integration (obsctl's
    /// webhook beside it shows where Alertmanager routed the alert, and nobody was notified).
    void observe_delivery(const promapi::Delivery& delivery, Millis at,
                          std::optional<Millis> ended = std::nullopt, bool notifies = true);

    const AlertMatcher& matcher() const { return m_matcher; }
    std::optional<Millis> pending() const { return m_pending; }
    std::optional<Millis> firing() const { return m_firing; }
    /// Its annotations as Prometheus rendered them at the first poll that saw it firing.
    const promapi::Labels& annotations() const { return m_annotations; }
    std::optional<Millis> in_alertmanager() const { return m_alertmanager; }
    std::optional<Millis> resolved() const { return m_resolved; }
    /// The last poll that saw it firing in Prometheus or held in Alertmanager.
    std::optional<Millis> last_held() const { return m_last_held; }
    const std::set<std::string>& receivers() const { return m_receivers; }
    /// The first firing notification that reached the webhook.
    std::optional<Millis> delivered() const {
        return m_firing_deliveries.empty() ? std::nullopt
                                           : std::optional(m_firing_deliveries.front());
    }
    std::optional<Millis> resolved_delivered() const { return m_resolved_delivered; }
    /// The first resolved notification's own `endsAt`: when the ruler saw the alert end (it may
    /// come before the poll that saw it resolved).
    std::optional<Millis> resolved_ended() const { return m_resolved_ended; }
    /// First seen in Alertmanager suppressed by an inhibit rule (status.inhibitedBy set).
    std::optional<Millis> inhibited() const { return m_inhibited; }
    /// First seen in Alertmanager suppressed by a silence (status.silencedBy set).
    std::optional<Millis> silenced() const { return m_silenced; }
    /// The first firing notification that arrived after `after` and before `before`.
    std::optional<Millis> delivered_between(Millis after, Millis before) const;
    /// The receivers firing notifications came for (also those with no integration: routed).
    const std::set<std::string>& delivered_to() const { return m_delivered_to; }
    /// "oncall slack[0]": each receiver and integration a firing notification came from
    /// ("oncall" alone for obsctl's own webhook).
    const std::set<std::string>& delivered_by() const { return m_delivered_by; }

  private:
    void maybe_resolved(Millis at);

    AlertMatcher m_matcher;
    std::optional<Millis> m_pending, m_firing, m_alertmanager, m_resolved, m_last_held;
    bool m_firing_in_prometheus = false, m_in_am = false;
    std::set<std::string> m_receivers;
    std::optional<Millis> m_resolved_delivered, m_resolved_ended, m_inhibited, m_silenced;
    std::set<std::string> m_delivered_to, m_delivered_by;
    std::vector<Millis> m_firing_deliveries;  ///< every firing notification's arrival, in order
    promapi::Labels m_annotations;
};

/// An expected alert's state now, for a live display: inactive, pending, firing or resolved,
/// since when, and the receivers Alertmanager routes it to (once it is there).
struct LiveAlert {
    std::string alert;
    std::string state;
    Millis since{0};  ///< how long it has been in `state`
    std::set<std::string> receivers;
    /// What the verifier waits for next ("fire", "delivery", "resolve", "resolved
    /// notification") and how long until its deadline; empty when nothing is awaited.
    std::string awaiting;
    std::optional<Millis> deadline_in;
};
LiveAlert live_state(const AlertTimeline& timeline, Millis now);

/// `quiet`: every alert that starts firing during the run and is neither expected nor
/// allow-listed. Alerts already firing when the watch began are reported apart, not failed.
class QuietWatch {
  public:
    QuietWatch(std::vector<AlertMatcher> expected, std::vector<std::string> allow)
        : m_expected(std::move(expected)), m_allow(std::move(allow)) {}

    /// Alerts firing before traffic: remembered by name and labels as pre-existing.
    void baseline(const std::vector<promapi::PrometheusAlert>& alerts);
    void observe(const std::vector<promapi::PrometheusAlert>& alerts, Millis at);

    struct Intruder {
        std::string name;
        promapi::Labels labels;
        Millis first_seen{0};
    };
    const std::vector<Intruder>& unexpected() const { return m_unexpected; }
    const std::vector<std::string>& already_firing() const { return m_already; }

  private:
    bool expected(const promapi::PrometheusAlert& a) const;
    std::vector<AlertMatcher> m_expected;
    std::vector<std::string> m_allow;
    std::set<promapi::Labels> m_before, m_reported;
    std::vector<Intruder> m_unexpected;
    std::vector<std::string> m_already;
};

}  // namespace verify
