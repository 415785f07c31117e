#include "verify/collector.hpp"

namespace verify {

std::vector<const Outage*> Record::blind(Source source, Millis from, Millis to) const {
    std::vector<const Outage*> out;
    for (const auto& o : outages) {
        const Millis end = o.blind_to.value_or(Millis::max());
        if (o.source == source && o.blind_from <= to && end >= from)
            out.push_back(&o);
    }
    return out;
}

std::vector<promapi::PrometheusAlert> as_sent(std::vector<promapi::PrometheusAlert> alerts,
                                              const promapi::AlertLabelling& labelling) {
    for (auto& a : alerts)
        a.labels = labelling.as_sent(std::move(a.labels));
    return alerts;
}

Collector::Collector(std::vector<AlertMatcher> expected, std::vector<std::string> allow,
                     const std::vector<promapi::PrometheusAlert>& baseline,
                     std::chrono::steady_clock::time_point start, const Clock& clock,
                     promapi::AlertLabelling labelling, std::set<std::string> silent)
    : m_start(start),
      m_clock(clock),
      m_labelling(std::move(labelling)),
      m_silent(std::move(silent)) {
    m_record.quiet = QuietWatch(expected, std::move(allow));
    m_record.quiet.baseline(as_sent(baseline, m_labelling));
    for (auto& m : expected)
        m_record.timelines.emplace_back(std::move(m));
    m_record.rule_problems.resize(m_record.timelines.size());
}

Millis Collector::since_start() const {
    return std::chrono::duration_cast<Millis>(m_clock.now() - m_start);
}

void Collector::outcome(Source source, const util::Error* error, Millis at) {
    auto& last_ok = m_last_ok[static_cast<int>(source)];
    Outage* open = nullptr;
    for (auto& o : m_record.outages) {
        if (o.source == source && !o.blind_to)
            open = &o;
    }
    if (error == nullptr) {
        if (open != nullptr)
            open->blind_to = at;
        last_ok = at;
        return;
    }
    if (open != nullptr) {
        open->last_failed = at;
        return;
    }
    Outage o;
    o.source = source;
    o.first_failed = o.last_failed = at;
    o.blind_from = last_ok.value_or(Millis{0});
    o.error = error->message();
    m_record.outages.push_back(std::move(o));
}

void Collector::poll(AlertSources& sources) {
    auto& r = m_record;
    auto alerts = sources.alerts();
    if (alerts)
        alerts = as_sent(std::move(*alerts), m_labelling);
    const Millis alerts_at = since_start();
    outcome(Source::ruler, alerts ? nullptr : &alerts.error(), alerts_at);
    auto am = sources.alertmanager_alerts();
    const Millis am_at = since_start();
    outcome(Source::alertmanager, am ? nullptr : &am.error(), am_at);
    // Rule health: a rule whose evaluation fails can never fire; the verdict says why. A
    // failed rules poll keeps what was known (the alerts poll already records the outage).
    if (!r.timelines.empty()) {
        if (auto rules = sources.rules()) {
            for (std::size_t i = 0; i < r.timelines.size(); ++i) {
                for (const auto& rule : *rules) {
                    if (rule.name == r.timelines[i].matcher().alert && rule.health != "ok" &&
                        rule.health != "unknown")
                        r.rule_problems[i] = "rule health " + rule.health + ": " + rule.last_error;
                }
            }
        }
    }
    for (auto& t : r.timelines) {
        if (alerts)
            t.observe_prometheus(*alerts, alerts_at);
        if (am)
            t.observe_alertmanager(*am, am_at);
    }
    if (alerts) {
        r.quiet.observe(*alerts, alerts_at);
        for (const auto& a : *alerts) {
            auto& seen = r.seen[a.name()];
            auto& first = a.state == "firing" ? seen.firing : seen.pending;
            if (!first && (a.state == "firing" || a.state == "pending"))
                first = alerts_at;
        }
    }
    for (const auto& d : sources.deliveries()) {
        if (d.at < m_start)
            continue;  // sent before this scenario's traffic: another run's notification
        const auto at = std::chrono::duration_cast<Millis>(d.at - m_start);
        std::optional<Millis> ended;
        if (d.ended)
            ended = std::chrono::duration_cast<Millis>(*d.ended - m_start);
        for (auto& t : r.timelines)
            t.observe_delivery(d, at, ended, !m_silent.contains(d.receiver));
    }
    for (auto& n : sources.notifications()) {
        if (n.at >= m_start)
            r.notifications.emplace_back(std::chrono::duration_cast<Millis>(n.at - m_start),
                                         std::move(n));
    }
    for (auto& e : sources.notify_errors())
        r.notify_errors.push_back(std::move(e));
    r.last_poll = std::max(alerts_at, am_at);
    ++r.polls;
}

void Collector::backfill(Outage& outage, const std::vector<promapi::PrometheusAlert>& firing) {
    m_record.quiet.observe(as_sent(firing, m_labelling),
                           outage.blind_to.value_or(outage.last_failed));
    outage.backfilled = true;
}

}  // namespace verify
