#include "verify/verifier.hpp"

#include "verify/rendered_checks.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "util/duration.hpp"
#include "util/poll.hpp"
#include "util/text.hpp"
#include "verify/diagnosis.hpp"

namespace verify {
namespace {

using SteadyClock = std::chrono::steady_clock;

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

namespace {

/// A poll that takes longer than this is a failed poll: the record must show a stalled stack
/// (polls are a second apart) rather than wait out a long configured timeout.
net::Endpoint for_polling(net::Endpoint e) {
    e.timeout = std::min(e.timeout, std::chrono::milliseconds(2000));
    return e;
}

}  // namespace

LiveSources::LiveSources(const net::StackEndpoints& where, capture::Listener* webhooks,
                         const std::filesystem::path& alertmanager_log)
    : m_ruler_http(promapi::make_http_client(for_polling(where.ruler))),
      m_am_http(promapi::make_http_client(for_polling(where.alertmanager))),
      m_ruler(std::make_unique<promapi::PrometheusClient>(*m_ruler_http, where.ruler.url)),
      m_am(std::make_unique<promapi::AlertmanagerClient>(*m_am_http, where.alertmanager.url)),
      m_webhooks(webhooks),
      m_alertmanager_log(alertmanager_log) {}

LiveSources::~LiveSources() = default;

util::Result<std::vector<promapi::PrometheusAlert>> LiveSources::alerts() {
    return m_ruler->alerts();
}
util::Result<std::vector<promapi::AlertRule>> LiveSources::rules() {
    return m_ruler->alert_rules();
}
util::Result<std::vector<promapi::AlertmanagerAlert>> LiveSources::alertmanager_alerts() {
    return m_am->alerts();
}
std::vector<promapi::Delivery> LiveSources::deliveries() {
    if (m_webhooks == nullptr)
        return {};
    auto caught = m_webhooks->take();
    m_notifications = std::move(caught.notifications);
    return std::move(caught.deliveries);
}

std::vector<capture::Notification> LiveSources::notifications() {
    return std::exchange(m_notifications, {});
}

std::vector<std::string> LiveSources::notify_errors() {
    return notify_errors_in(m_alertmanager_log.read_new());
}

Verifier::Verifier(net::StackEndpoints where, const scenario::Scenario& s,
                   const PreflightResult& preflight, double time_scale, capture::Listener* webhooks,
                   Millis slack)
    : m_where(std::move(where)),
      m_scenario(s),
      m_scrape(preflight.scrape_interval),
      m_rule_defs(preflight.rules),
      m_recording(preflight.recording),
      m_loaded_rules(preflight.loaded_rules),
      m_webhooks(webhooks),
      m_baseline(preflight.firing_before),
      m_labelling(preflight.labelling) {
    m_rules.resolve = s.expect.resolve;
    m_rules.quiet = s.expect.quiet;
    m_rules.webhooks = webhooks != nullptr;
    m_rules.slack = slack;
    m_rules.deliver = delivery_deadline(preflight.routes, slack);
    m_rules.deliver_resolved = resolved_delivery_deadline(preflight.routes, slack);
    m_rules.receivers = preflight.routes.receivers;
    m_rules.ruler_name = m_where.ruler.url == m_where.prometheus.url
                             ? "Prometheus"
                             : "ruler " + m_where.ruler.display();
    for (const auto& f : s.expect.fire) {
        const auto& rule = preflight.rules.at(f.alert);
        m_expected.push_back(
            {f.alert, f.receiver,
             fire_deadline(rule, m_scrape, f.within, time_scale, preflight.recording, slack),
             resolve_deadline(rule, m_scrape, s.expect.resolve_within, time_scale,
                              preflight.recording, slack),
             f.inhibited_by, Millis{0}, f.silenced, f.annotations, f.notification});
    }
    time_inhibitions();
}

void Verifier::time_inhibitions() {
    for (auto& e : m_expected) {
        for (const auto& other : m_expected) {
            if (!e.inhibited_by.empty() && other.alert == e.inhibited_by)
                e.inhibit_deadline = other.fire.value + m_rules.deliver.value;
        }
    }
}

void Verifier::time_phases(const std::vector<scenario::Phase>& scaled) {
    const auto& fire = m_scenario.expect.fire;
    for (std::size_t i = 0; i < m_expected.size() && i < fire.size(); ++i) {
        auto& e = m_expected[i];
        e.after = fire[i].after;
        if (e.after.empty())
            continue;
        std::chrono::nanoseconds start{0};
        for (const auto& p : scaled) {
            if (p.name == e.after) {
                const auto begins = std::chrono::duration_cast<Millis>(start);
                e.fire.value += begins;
                e.fire_from = begins;
                e.fire.source =
                    e.after + "'s start +" + util::human_duration(begins) + " + " + e.fire.source;
                e.resolve_from = std::chrono::duration_cast<Millis>(start + p.duration);
                break;
            }
            start += p.duration;
        }
    }
    time_inhibitions();
}

Verifier::~Verifier() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (!m_silence_id.empty()) {
        const auto http = promapi::make_http_client(m_where.alertmanager);
        promapi::AlertmanagerClient alertmanager(*http, m_where.alertmanager.url);
        if (auto deleted = alertmanager.delete_silence(m_silence_id); !deleted) {
            std::fprintf(stderr, "obsctl: warning: %s (it expires by itself)\n",
                         deleted.error().message().c_str());
        }
    }
}

util::Result<std::string> Verifier::open_silence(std::chrono::milliseconds length) {
    if (!m_scenario.expect.silence)
        return std::string{};
    const auto http = promapi::make_http_client(m_where.alertmanager);
    promapi::AlertmanagerClient alertmanager(*http, m_where.alertmanager.url);
    auto id = alertmanager.create_silence(m_scenario.expect.silence->matchers,
                                          m_scenario.expect.silence->comment, length);
    if (!id)
        return std::unexpected(id.error());
    m_silence_id = *id;
    return *id;
}

std::vector<LiveAlert> Verifier::live() const {
    std::lock_guard lock(m_live_mutex);
    return m_live;
}

void Verifier::start() {
    m_wall_start = std::chrono::system_clock::now();
    std::set<std::string> silent;
    for (const auto& [name, receiver] : m_rules.receivers) {
        if (!receiver.integrated)
            silent.insert(name);
    }
    m_collector =
        std::make_unique<Collector>(matchers(m_scenario), m_scenario.expect.allow, m_baseline,
                                    m_clock.now(), m_clock, m_labelling, std::move(silent));
    m_thread = std::thread([this] {
        // Its own connections: the clients are not shared with the main thread.
        LiveSources sources(m_where, m_webhooks, m_alertmanager_log);
        while (!m_stop) {
            const auto next = SteadyClock::now() + std::chrono::seconds(1);
            std::vector<LiveAlert> now;
            {
                std::lock_guard lock(m_mutex);
                m_collector->poll(sources);
                const Millis at = m_collector->since_start();
                const auto& timelines = m_collector->record().timelines;
                for (std::size_t i = 0; i < timelines.size(); ++i) {
                    auto live = live_state(timelines[i], at);
                    if (auto due =
                            next_deadline(m_expected[i], timelines[i], m_rules, m_traffic_ended)) {
                        live.awaiting = due->first;
                        live.deadline_in = due->second - at;
                    }
                    now.push_back(std::move(live));
                }
                if (m_halt != nullptr && !m_has_tripped)
                    trip_on_failure();
            }
            {
                std::lock_guard lock(m_live_mutex);
                m_live = std::move(now);
            }
            util::sleep_until(next, &m_stop);
        }
    });
}

std::vector<std::vector<Check>> Verifier::judge_alerts(const JudgeRules& rules) const {
    const Record& record = m_collector->record();
    std::vector<std::vector<Check>> out;
    for (std::size_t i = 0; i < m_expected.size(); ++i) {
        const auto& e = m_expected[i];
        const AlertTimeline* inhibitor = nullptr;
        for (std::size_t j = 0; j < m_expected.size(); ++j) {
            if (!e.inhibited_by.empty() && m_expected[j].alert == e.inhibited_by)
                inhibitor = &record.timelines[j];
        }
        auto checks =
            judge_alert(e, record.timelines[i], record.rule_problems[i], record, rules, inhibitor);
        for (auto& c : judge_rendered(e, record.timelines[i], record, rules))
            checks.push_back(std::move(c));
        out.push_back(std::move(checks));
    }
    return out;
}

void Verifier::trip_on_failure() {
    // The judge as if the run ended at the last poll: what has failed by now is decided.
    JudgeRules now = m_rules;
    // A captured message waits up to Attributor::k_window for the alerts it carried, and a
    // poll for the listener: what came by a deadline may be known only that much later.
    now.ended = m_collector->record().last_poll - k_capture_delay;
    if (!m_traffic_ended) {
        // Resolve deadlines count from a traffic end that has not come yet.
        now.traffic_end = Millis{std::numeric_limits<Millis::rep>::max() / 4};
        now.quiet_until = now.traffic_end;
    }
    std::vector<Check> checks;
    for (auto& alert : judge_alerts(now))
        checks.insert(checks.end(), alert.begin(), alert.end());
    checks.push_back(judge_quiet(m_collector->record(), now));
    for (const auto& c : checks) {
        if (c.failed()) {
            m_tripped =
                c.name + " failed at +" + util::human_duration(*now.ended) + ": " + c.detail;
            m_has_tripped = true;
            *m_halt = true;
            return;
        }
    }
}

void Verifier::backfill_quiet(promapi::PrometheusClient& prometheus) {
    // Only Prometheus as its own ruler records every alert it evaluates as ALERTS; another
    // ruler may not write them where queries go, and an empty answer would prove nothing.
    if (m_where.ruler.url != m_where.prometheus.url)
        return;
    for (auto& o : m_collector->record().outages) {
        if (o.source != Source::ruler || !o.blind_to || o.backfilled)
            continue;
        const auto span = std::chrono::duration<double>(*o.blind_to - o.blind_from).count();
        const std::string query = "max_over_time(ALERTS{alertstate=\"firing\"}[" +
                                  std::to_string(static_cast<long>(std::ceil(span)) + 1) + "s])";
        const double at =
            std::chrono::duration<double>((m_wall_start + *o.blind_to).time_since_epoch()).count();
        auto firing = prometheus.query(query, at);
        if (!firing)
            continue;  // stays unseen: quiet is inconclusive
        std::vector<promapi::PrometheusAlert> alerts;
        for (auto& sample : *firing) {
            sample.labels.erase("alertstate");
            alerts.push_back({sample.labels, {}, "firing", ""});
        }
        m_collector->backfill(o, alerts);
    }
}

RunSpan Verifier::span_of(const AlertResult& a, const Traffic& traffic) const {
    auto unix_seconds = [](std::chrono::system_clock::time_point t) {
        return std::chrono::duration<double>(t.time_since_epoch()).count();
    };
    RunSpan span;
    span.start = unix_seconds(m_wall_start);
    // As far as the checks looked: the deadlines, the traffic, and the resolution if seen.
    auto seen = std::max<std::chrono::nanoseconds>(a.fire.value, traffic.elapsed);
    if (a.timeline.resolved())
        seen = std::max<std::chrono::nanoseconds>(seen, *a.timeline.resolved() + 2 * m_scrape);
    span.end = std::min(unix_seconds(std::chrono::system_clock::now()),
                        span.start + std::chrono::duration<double>(seen).count());
    // Prometheus answers at most 11,000 points a series.
    span.step = std::max(m_scrape, std::chrono::milliseconds(static_cast<long long>(
                                       (span.end - span.start) * 1000.0 / 10'000.0)));
    return span;
}

void Verifier::explain(AlertResult& a, const Traffic& traffic,
                       promapi::PrometheusClient& prometheus) {
    const auto rule = m_rule_defs.find(a.alert);
    if (rule == m_rule_defs.end())
        return;
    a.checks.front().why =
        why_not_fired(prometheus, rule->second, m_recording, span_of(a, traffic));
}

VerifyReport Verifier::finish(const Traffic& traffic, const std::atomic<bool>* stop) {
    {
        // The time first: the lock may wait out a poll under way (seconds against a slow stack).
        const Millis traffic_end = m_collector->since_start();
        std::lock_guard lock(m_mutex);
        m_rules.traffic_end = traffic_end;
        // Quiet keeps watching a few evaluations after traffic: an alert caused by the run may
        // fire shortly after it.
        m_rules.quiet_until = m_rules.traffic_end + 3 * m_scrape + m_rules.slack;
        m_traffic_ended = true;
    }
    const auto open = [&] {
        std::lock_guard lock(m_mutex);
        const Millis now = m_collector->since_start();
        bool any = now < m_rules.quiet_until;
        const auto& timelines = m_collector->record().timelines;
        for (std::size_t i = 0; i < m_expected.size(); ++i)
            any = any || awaiting(m_expected[i], timelines[i], m_rules, now);
        return any;
    };
    util::poll_until(SteadyClock::time_point::max(), std::chrono::milliseconds(200), stop,
                     [&] { return m_has_tripped || !open(); });
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    const bool stopped = stop != nullptr && *stop;
    if (stopped || m_has_tripped)
        m_rules.ended = m_collector->record().last_poll;

    auto prometheus_http = promapi::make_http_client(m_where.prometheus);
    promapi::PrometheusClient prometheus(*prometheus_http, m_where.prometheus.url);
    backfill_quiet(prometheus);

    const Record& record = m_collector->record();
    VerifyReport report;
    auto judged = judge_alerts(m_rules);
    for (std::size_t i = 0; i < m_expected.size(); ++i) {
        const auto& e = m_expected[i];
        // The report counts resolve deadlines from traffic's end, an `after` one too.
        Deadline resolve = e.resolve;
        if (e.resolve_from) {
            resolve.value = resolve_by(e, m_rules) - m_rules.traffic_end;
            resolve.source = e.after + "'s end + " + e.resolve.source;
        }
        AlertResult a{e.alert, e.receiver, record.timelines[i],    e.fire, resolve,
                      {},      {},         record.rule_problems[i]};
        a.checks = std::move(judged[i]);
        // Why it never fired; one that fired late says so in its check instead.
        if (!a.checks.empty() && a.checks.front().failed() && !stopped && !a.timeline.firing())
            explain(a, traffic, prometheus);
        if (const auto rule = m_rule_defs.find(a.alert); rule != m_rule_defs.end() && !stopped)
            a.expression = expression_series(prometheus, rule->second, span_of(a, traffic));
        if (const auto began = a.timeline.pending() ? a.timeline.pending() : a.timeline.firing()) {
            for (const auto& p : traffic.phases) {
                if (p.at <= *began)
                    a.trigger = p;
            }
        }
        for (const auto* n : notifications_of(a.timeline, record))
            a.notifications.push_back(*n);
        report.alerts.push_back(std::move(a));
    }
    report.already_firing = record.quiet.already_firing();
    report.quiet = judge_quiet(record, m_rules);
    std::vector<const Outage*> every;
    for (const auto& o : record.outages)
        every.push_back(&o);
    for (const auto* o : every)
        report.outages.push_back(describe_outages({o}, m_rules));

    // PromQL checks, evaluated at traffic end plus two scrapes over the run's window: what
    // happened by the end is scraped within one interval, and a pushed value (a worker's last
    // push to a Pushgateway, a few ms after its end) within the next.
    const double at = std::chrono::duration<double>(traffic.started.time_since_epoch() +
                                                    traffic.elapsed + 2 * m_scrape)
                          .count();
    const std::string window = run_window(traffic, m_scrape);
    const Millis query_due = m_rules.traffic_end + 2 * m_scrape;
    for (const auto& q : m_scenario.expect.queries) {
        if (m_rules.ended && *m_rules.ended < query_due) {
            report.queries.push_back(
                {"query " + q.query,
                 Outcome::not_judged,
                 "not judged: the run ended +" + util::human_duration(*m_rules.ended) +
                     ", before the queries' time +" + util::human_duration(query_due),
                 false,
                 {}});
            continue;
        }
        const auto result = prometheus.query(replace_all(q.query, "${run_window}", window), at);
        report.queries.push_back(judge_query(q, result, traffic));
    }
    report.webhooks = m_webhooks != nullptr;
    report.loaded_rules = m_loaded_rules;
    report.seen = record.seen;
    report.interrupted = stopped;
    report.ended = m_rules.ended;
    report.failed_fast = m_tripped;
    report.traffic_end = m_rules.traffic_end;
    return report;
}

}  // namespace verify
