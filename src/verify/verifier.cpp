#include "verify/verifier.hpp"

#include "util/duration.hpp"
#include "util/text.hpp"

namespace verify {
namespace {

using Clock = std::chrono::steady_clock;
using util::human_duration;

std::vector<AlertMatcher> matchers(const scenario::Scenario& s) {
    std::vector<AlertMatcher> out;
    for (const auto& f : s.expect.fire)
        out.push_back({f.alert, f.labels});
    return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at; (at = text.find(from)) != std::string::npos;)
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace

std::vector<Check> VerifyReport::all() const {
    std::vector<Check> out;
    for (const auto& a : alerts)
        out.insert(out.end(), a.checks.begin(), a.checks.end());
    out.push_back(quiet);
    out.insert(out.end(), queries.begin(), queries.end());
    return out;
}

Verifier::Verifier(std::string prometheus_url, std::string alertmanager_url,
                   const scenario::Scenario& s, const PreflightResult& preflight, double time_scale,
                   promapi::WebhookReceiver* webhooks)
    : m_prometheus_url(std::move(prometheus_url)),
      m_alertmanager_url(std::move(alertmanager_url)),
      m_scenario(s),
      m_scrape(preflight.scrape_interval),
      m_deliver(delivery_deadline(preflight.routes)),
      m_deliver_resolved(resolved_delivery_deadline(preflight.routes)),
      m_webhooks(webhooks),
      m_quiet(matchers(s), s.expect.allow) {
    m_quiet.baseline(preflight.firing_before);
    for (const auto& f : s.expect.fire) {
        const auto& rule = preflight.rules.at(f.alert);
        m_alerts.push_back({f.alert,
                            f.receiver,
                            AlertTimeline({f.alert, f.labels}),
                            fire_deadline(rule, m_scrape, f.within, time_scale),
                            resolve_deadline(rule, m_scrape, s.expect.resolve_within, time_scale),
                            {}});
    }
}

Verifier::~Verifier() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

Millis Verifier::since_start() const {
    return std::chrono::duration_cast<Millis>(Clock::now() - m_start);
}

void Verifier::start() {
    m_start = Clock::now();
    m_thread = std::thread([this] {
        while (!m_stop) {
            const auto next = Clock::now() + std::chrono::seconds(1);
            poll_once();
            while (!m_stop && Clock::now() < next)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
}

void Verifier::poll_once() {
    // Its own connections: the clients are not shared with the main thread.
    thread_local promapi::CurlHttpClient http(std::chrono::seconds(2));
    promapi::PrometheusClient prometheus(http, m_prometheus_url);
    promapi::AlertmanagerClient alertmanager(http, m_alertmanager_url);
    auto prom_alerts = prometheus.alerts();
    const Millis prom_at = since_start();
    auto am_alerts = alertmanager.alerts();
    const Millis am_at = since_start();
    // Rule health: a rule whose evaluation fails can never fire; the verdict says why.
    // (m_alerts is fixed after construction: reading its size needs no lock.)
    const auto rules = m_alerts.empty()
                           ? std::vector<promapi::AlertRule>{}
                           : prometheus.alert_rules().value_or(std::vector<promapi::AlertRule>{});
    std::lock_guard lock(m_mutex);
    for (auto& a : m_alerts) {
        for (const auto& r : rules) {
            if (r.name == a.alert && r.health != "ok" && r.health != "unknown")
                a.rule_problem = "rule health " + r.health + ": " + r.last_error;
        }
        if (prom_alerts)
            a.timeline.observe_prometheus(*prom_alerts, prom_at);
        if (am_alerts)
            a.timeline.observe_alertmanager(*am_alerts, am_at);
    }
    if (prom_alerts)
        m_quiet.observe(*prom_alerts, prom_at);
    if (m_webhooks != nullptr) {
        for (const auto& d : m_webhooks->take()) {
            const auto at = std::chrono::duration_cast<Millis>(d.at - m_start);
            for (auto& a : m_alerts)
                a.timeline.observe_delivery(d, at);
        }
    }
}

VerifyReport Verifier::finish(const Traffic& traffic, const std::atomic<bool>* stop) {
    const Millis traffic_end = since_start();
    // Quiet keeps watching a few evaluations after traffic: an alert caused by the run may
    // fire shortly after it.
    const Millis quiet_until = traffic_end + 3 * m_scrape + k_slack;
    for (;;) {
        bool pending = since_start() < quiet_until;
        {
            std::lock_guard lock(m_mutex);
            for (const auto& a : m_alerts) {
                const auto& t = a.timeline;
                const bool fire_open = !t.firing() && since_start() < a.fire.value;
                const bool resolve_open = m_scenario.expect.resolve && t.firing() &&
                                          !t.resolved() &&
                                          since_start() < traffic_end + a.resolve.value;
                const bool route_open = !a.receiver.empty() && t.firing() && !t.in_alertmanager() &&
                                        since_start() < *t.firing() + k_slack;
                const bool webhook = m_webhooks != nullptr;
                const bool delivery_open = webhook && t.firing() && !t.delivered() &&
                                           since_start() < *t.firing() + m_deliver.value;
                const bool resolved_delivery_open =
                    webhook && m_scenario.expect.resolve && t.resolved() &&
                    !t.resolved_delivered() &&
                    since_start() < *t.resolved() + m_deliver_resolved.value;
                pending = pending || delivery_open || resolved_delivery_open;
                pending = pending || fire_open || resolve_open || route_open;
            }
        }
        if (!pending || (stop != nullptr && *stop))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();

    VerifyReport report;
    for (auto& a : m_alerts) {
        const auto& t = a.timeline;
        const bool fired = t.firing() && *t.firing() <= a.fire.value;
        a.checks.push_back(
            {"fire " + a.alert, fired,
             (t.firing() ? "firing +" + human_duration(*t.firing()) : std::string("never fired")) +
                 " (fire <= " + human_duration(a.fire.value) + " from " + a.fire.source + ")" +
                 (!fired && !a.rule_problem.empty() ? "; " + a.rule_problem : std::string())});
        if (const auto began = t.pending() ? t.pending() : t.firing()) {
            for (const auto& p : traffic.phases) {
                if (p.at <= *began)
                    a.trigger = p;
            }
        }
        if (m_webhooks != nullptr) {
            const bool in_time =
                t.delivered() && t.firing() && *t.delivered() <= *t.firing() + m_deliver.value;
            a.checks.push_back(
                {"deliver " + a.alert, in_time,
                 (t.delivered()
                      ? "firing notification at the webhook +" + human_duration(*t.delivered()) +
                            " (" + util::join(t.delivered_to(), ", ") + ")"
                      : std::string("no firing notification reached the webhook")) +
                     " (<= " + human_duration(m_deliver.value) + " after firing from " +
                     m_deliver.source + ")"});
        }
        if (!a.receiver.empty()) {
            // Judged from what arrived when the webhook receiver runs, else from the API.
            const auto& seen_by = m_webhooks != nullptr ? t.delivered_to() : t.receivers();
            const std::string seen = util::join(seen_by, ", ");
            a.checks.push_back({"route " + a.alert + " -> " + a.receiver,
                                seen_by.count(a.receiver) > 0,
                                (m_webhooks != nullptr ? "the webhook received it for "
                                                       : "Alertmanager routed it to ") +
                                    (seen.empty() ? std::string("nobody") : seen)});
        }
        if (m_scenario.expect.resolve) {
            const bool resolved = t.resolved() && *t.resolved() <= traffic_end + a.resolve.value;
            a.checks.push_back(
                {"resolve " + a.alert, resolved,
                 (t.resolved() ? "resolved +" + human_duration(*t.resolved() - traffic_end) +
                                     " after traffic"
                               : std::string("not resolved")) +
                     " (resolve <= " + human_duration(a.resolve.value) + " from " +
                     a.resolve.source + ")"});
        }
        if (m_webhooks != nullptr && m_scenario.expect.resolve) {
            const bool in_time =
                t.resolved_delivered() && t.resolved() &&
                *t.resolved_delivered() <= *t.resolved() + m_deliver_resolved.value;
            a.checks.push_back(
                {"deliver resolved " + a.alert, in_time,
                 (t.resolved_delivered()
                      ? "resolved notification +" +
                            human_duration(*t.resolved_delivered() - traffic_end) + " after traffic"
                      : std::string("no resolved notification reached the webhook")) +
                     " (<= " + human_duration(m_deliver_resolved.value) + " after resolving from " +
                     m_deliver_resolved.source + ")"});
        }
        report.alerts.push_back(a);
    }

    report.already_firing = m_quiet.already_firing();
    std::string intruders;
    for (const auto& u : m_quiet.unexpected())
        intruders += (intruders.empty() ? "" : ", ") + u.name + " +" + human_duration(u.first_seen);
    report.quiet = {"quiet", !m_scenario.expect.quiet || m_quiet.unexpected().empty(),
                    intruders.empty() ? "no unexpected alert fired" : "unexpected: " + intruders};

    // PromQL checks, evaluated at traffic end plus one scrape over the run's window.
    thread_local promapi::CurlHttpClient http(std::chrono::seconds(5));
    promapi::PrometheusClient prometheus(http, m_prometheus_url);
    const double at = std::chrono::duration<double>(traffic.started.time_since_epoch() +
                                                    traffic.elapsed + m_scrape)
                          .count();
    const std::string window = run_window(traffic, m_scrape);
    for (const auto& q : m_scenario.expect.queries) {
        const auto result = prometheus.query(replace_all(q.query, "${run_window}", window), at);
        report.queries.push_back(judge_query(q, result, traffic));
    }
    report.webhooks = m_webhooks != nullptr;
    report.interrupted = stop != nullptr && *stop;
    return report;
}

}  // namespace verify
