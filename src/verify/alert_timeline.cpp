#include "verify/alert_timeline.hpp"

#include <algorithm>

namespace verify {

bool AlertMatcher::matches(const promapi::Labels& alert_labels) const {
    auto name = alert_labels.find("alertname");
    if (name == alert_labels.end() || name->second != alert)
        return false;
    for (const auto& [key, value] : labels) {
        auto it = alert_labels.find(key);
        if (it == alert_labels.end() || it->second != value)
            return false;
    }
    return true;
}

void AlertTimeline::observe_prometheus(const std::vector<promapi::PrometheusAlert>& alerts,
                                       Millis at) {
    m_firing_in_prometheus = false;
    for (const auto& a : alerts) {
        if (!m_matcher.matches(a.labels))
            continue;
        // Only a firing alert goes to Alertmanager: one pending again after a resolve has
        // not fired again (no notification follows it) and does not undo the resolve.
        const bool firing = a.state == "firing";
        m_firing_in_prometheus = m_firing_in_prometheus || firing;
        if (!m_pending)
            m_pending = at;  // a first sighting already firing counts as pending too
        if (firing)
            m_last_held = std::max(m_last_held.value_or(at), at);
        if (firing && !m_firing) {
            m_firing = at;
            m_annotations = a.annotations;
        }
    }
    maybe_resolved(at);
}

void AlertTimeline::observe_alertmanager(const std::vector<promapi::AlertmanagerAlert>& alerts,
                                         Millis at) {
    m_in_am = false;
    for (const auto& a : alerts) {
        if (!m_matcher.matches(a.labels))
            continue;
        m_in_am = true;
        m_last_held = std::max(m_last_held.value_or(at), at);
        if (a.state == "active" && !m_alertmanager)
            m_alertmanager = at;
        if (!a.inhibited_by.empty() && !m_inhibited)
            m_inhibited = at;
        if (!a.silenced_by.empty() && !m_silenced)
            m_silenced = at;
        m_receivers.insert(a.receivers.begin(), a.receivers.end());
    }
    maybe_resolved(at);
}

void AlertTimeline::observe_delivery(const promapi::Delivery& delivery, Millis at,
                                     std::optional<Millis> ended, bool notifies) {
    if (!m_matcher.matches(delivery.labels))
        return;
    if (delivery.status == "firing")
        m_delivered_to.insert(delivery.receiver);
    if (!notifies)
        return;
    if (delivery.status == "firing") {
        m_firing_deliveries.push_back(at);
        m_delivered_by.insert(delivery.integration.empty()
                                  ? delivery.receiver
                                  : delivery.receiver + " " + delivery.integration);
    } else if (delivery.status == "resolved" && delivered() && !m_resolved_delivered) {
        m_resolved_delivered = at;
        m_resolved_ended = ended;
    }
}

std::optional<Millis> AlertTimeline::delivered_between(Millis after, Millis before) const {
    for (const Millis at : m_firing_deliveries)
        if (at > after && at < before)
            return at;
    return std::nullopt;
}

void AlertTimeline::maybe_resolved(Millis at) {
    // Resolved once it had fired and neither Prometheus nor Alertmanager holds it any more.
    // A later re-fire clears the verdict: the alert is then not resolved yet.
    if (m_firing && !m_firing_in_prometheus && !m_in_am) {
        if (!m_resolved)
            m_resolved = at;
    } else if (m_firing_in_prometheus && m_resolved) {
        // Fired again: the resolved notification of the earlier resolve is not the last one.
        m_resolved.reset();
        m_resolved_delivered.reset();
        m_resolved_ended.reset();
    }
}

bool QuietWatch::expected(const promapi::PrometheusAlert& a) const {
    if (std::find(m_allow.begin(), m_allow.end(), a.name()) != m_allow.end())
        return true;
    return std::any_of(m_expected.begin(), m_expected.end(),
                       [&](const AlertMatcher& m) { return m.matches(a.labels); });
}

void QuietWatch::baseline(const std::vector<promapi::PrometheusAlert>& alerts) {
    for (const auto& a : alerts) {
        if (a.state != "firing" || expected(a))
            continue;
        if (m_before.insert(a.labels).second)
            m_already.push_back(a.name());
    }
}

void QuietWatch::observe(const std::vector<promapi::PrometheusAlert>& alerts, Millis at) {
    for (const auto& a : alerts) {
        if (a.state != "firing" || expected(a) || m_before.count(a.labels))
            continue;
        if (m_reported.insert(a.labels).second)
            m_unexpected.push_back({a.name(), a.labels, at});
    }
}

LiveAlert live_state(const AlertTimeline& t, Millis now) {
    LiveAlert out{t.matcher().alert, "inactive", now, {}};
    auto at = [&](const char* state, const std::optional<Millis>& when) {
        out.state = state;
        out.since = now - *when;
    };
    if (t.resolved())
        at("resolved", t.resolved());
    else if (t.firing())
        at("firing", t.firing());
    else if (t.pending())
        at("pending", t.pending());
    if (!t.resolved() && t.in_alertmanager())
        out.receivers = t.receivers();
    return out;
}

}  // namespace verify
