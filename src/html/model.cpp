#include "html/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "report/actions.hpp"
#include "report/verification.hpp"
#include "util/duration.hpp"

namespace html {
namespace {

using nlohmann::json;

CheckView check_of(const verify::Check& c) {
    return {c.name, verify::outcome_word(c.outcome), c.detail, c.why};
}

std::string labels_text(const promapi::Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels)
        out += (out.empty() ? "" : ", ") + k + "=\"" + v + "\"";
    return "{" + out + "}";
}

double seconds(verify::Millis t) {
    return static_cast<double>(t.count()) / 1000.0;
}

AlertView alert_of(const report::AlertEntry& a, double traffic_end) {
    AlertView v;
    v.name = a.alert;
    v.receivers = a.receivers;
    for (const auto& c : a.checks)
        v.checks.push_back(check_of(c));
    v.verdict = report::alert_word(a.checks);
    // The band: inactive from 0, then each state from its first sighting to the next one.
    std::vector<std::pair<verify::Millis, const char*>> states;
    for (const auto& [at, state] :
         {std::pair{a.pending, "pending"}, std::pair{a.firing, "firing"},
          std::pair{a.alertmanager, "in_alertmanager"}, std::pair{a.delivered, "delivered"},
          std::pair{a.resolved, "resolved"}}) {
        if (at)
            states.emplace_back(*at, state);
    }
    std::stable_sort(states.begin(), states.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    v.bands.push_back({"inactive", 0, 0});
    for (const auto& [at, state] : states) {
        v.bands.back().to = seconds(at);
        v.bands.push_back({state, seconds(at), seconds(at)});
    }
    if (a.resolved_delivered)
        v.markers.emplace_back("resolved notification", seconds(*a.resolved_delivered));
    v.markers.emplace_back("fire deadline", seconds(a.fire.value));
    v.markers.emplace_back("resolve deadline", traffic_end + seconds(a.resolve.value));
    for (const auto& e : a.expression) {
        ExpressionView x{e.lhs, e.op, e.error, e.threshold, {}};
        for (const auto& s : e.series) {
            // Prometheus's NaN and infinities have no place on the chart (the report writes
            // them as null).
            ExpressionLine line{labels_text(s.labels), {}};
            for (const auto& [t, value] : s.points) {
                if (std::isfinite(value))
                    line.points.emplace_back(t, value);
            }
            x.lines.push_back(std::move(line));
        }
        v.expression.push_back(std::move(x));
    }
    return v;
}

}  // namespace

void SecondsAccumulator::add(std::size_t t, const load::SeriesCell& cell) {
    if (m_counts.size() <= t) {
        m_counts.resize(t + 1);
        m_latency.resize(t + 1);
        m_service.resize(t + 1);
    }
    m_counts[t].add(cell.counts);
    m_latency[t].merge(cell.latency);
    m_service[t].merge(cell.service);
}

std::vector<Second> SecondsAccumulator::seconds(std::size_t n) const {
    std::vector<Second> out(std::max(n, m_counts.size()));
    for (std::size_t s = 0; s < m_counts.size(); ++s) {
        const auto& c = m_counts[s];
        auto& row = out[s];
        row.sent = static_cast<double>(c.sent);
        row.dropped = static_cast<double>(c.dropped);
        row.transport_errors = static_cast<double>(c.transport_errors());
        for (std::size_t k = 1; k <= 5; ++k)
            row.status[k] = static_cast<double>(c.status_class[k]);
        row.has_latency = m_latency[s].count() > 0;
        row.p50 = m_latency[s].percentile_seconds(50);
        row.p90 = m_latency[s].percentile_seconds(90);
        row.p99 = m_latency[s].percentile_seconds(99);
        row.max = m_latency[s].percentile_seconds(100);
        row.service_p50 = m_service[s].percentile_seconds(50);
        row.service_p99 = m_service[s].percentile_seconds(99);
    }
    return out;
}

Model model_of(const report::Document& r) {
    Model m;
    m.scenario = r.scenario;
    m.target = r.run.target;
    m.transport = r.run.transport;
    m.started = util::rfc3339(r.run.started);
    m.file = r.file;
    const auto verdict = r.verdict();
    m.exit_code = static_cast<int>(verdict.exit_code);
    m.verdict = verdict.word;
    m.counts = verdict.counts;
    if (r.stopped)
        m.stopped =
            (r.interrupted ? "interrupted " : "stopped by --fail-fast ") + r.stopped->text();
    m.stack.assign(r.stack.begin(), r.stack.end());
    m.elapsed = std::chrono::duration<double>(r.run.elapsed).count();
    if (r.mode == "run") {  // a verify report has no traffic of its own to draw
        SecondsAccumulator rows;
        for (std::size_t t = 0; t < r.run.series.seconds.size(); ++t) {
            for (const auto& cell : r.run.series.seconds[t])
                rows.add(t, cell);
        }
        const auto& scheduled = r.run.series.scheduled;
        m.seconds = rows.seconds(std::max<std::size_t>(
            static_cast<std::size_t>(std::ceil(m.elapsed - 1e-9)), scheduled.size()));
        for (std::size_t s = 0; s < scheduled.size(); ++s)
            m.seconds[s].scheduled = static_cast<double>(scheduled[s]);
    }
    for (const auto& p : r.run.phases) {
        m.phases.push_back({p.name, p.model, std::chrono::duration<double>(p.start).count(),
                            std::chrono::duration<double>(p.end).count()});
    }
    m.axis_end = std::max(m.elapsed, static_cast<double>(m.seconds.size()));
    for (const auto& a : r.actions) {
        m.actions.push_back({a.phase, a.text, "+" + util::human_duration(a.at),
                             report::action_outcome(a), a.output, seconds(a.at), a.ok, a.undo});
        // An undo comes when the scenario ends, after the traffic: the axis reaches it.
        m.axis_end = std::max(m.axis_end, m.actions.back().at);
    }
    for (const auto& c : r.merge_checks)
        m.checks.push_back(check_of(c));
    if (r.verification) {
        const auto& v = *r.verification;
        for (const auto& a : v.alerts)
            m.alerts.push_back(alert_of(a, seconds(v.traffic_end)));
        m.checks.push_back(check_of(v.quiet));
        for (const auto& q : v.queries)
            m.checks.push_back(check_of(q));
    }
    for (const auto& c : r.threshold_checks())
        m.checks.push_back(check_of(c));
    for (const auto& a : m.alerts) {
        for (const auto& b : a.bands)
            m.axis_end = std::max(m.axis_end, b.from);
        for (const auto& [name, at] : a.markers)
            m.axis_end = std::max(m.axis_end, at);
        for (const auto& e : a.expression) {
            for (const auto& line : e.lines) {
                if (!line.points.empty())
                    m.axis_end = std::max(m.axis_end, line.points.back().first);
            }
        }
    }
    // The last band of each alert runs to the end of the axis.
    for (auto& a : m.alerts)
        a.bands.back().to = m.axis_end;
    return m;
}

std::string data_json(const Model& m) {
    // The seconds go in as text, one row at a time (an hour is 3,600 of them): never one tree.
    std::string seconds = "[";
    for (std::size_t s = 0; s < m.seconds.size(); ++s) {
        const auto& x = m.seconds[s];
        json row{{"t", s},
                 {"scheduled", x.scheduled},
                 {"sent", x.sent},
                 {"dropped", x.dropped},
                 {"transport_errors", x.transport_errors}};
        for (std::size_t c = 1; c <= 5; ++c)
            row[std::to_string(c) + "xx"] = x.status[c];
        if (x.has_latency) {
            row["latency_seconds"] = {
                {"p50", x.p50}, {"p90", x.p90}, {"p99", x.p99}, {"max", x.max}};
            row["service_time_seconds"] = {{"p50", x.service_p50}, {"p99", x.service_p99}};
        }
        seconds += (s == 0 ? "" : ",") + row.dump();
    }
    seconds += "]";
    json phases = json::array();
    for (const auto& p : m.phases)
        phases.push_back({{"name", p.name}, {"start", p.start}, {"end", p.end}});
    json actions = json::array();
    for (const auto& a : m.actions) {
        actions.push_back(
            {{"text", a.text}, {"phase", a.phase}, {"at", a.at}, {"ok", a.ok}, {"undo", a.undo}});
    }
    json alerts = json::array();
    for (const auto& a : m.alerts) {
        json bands = json::array(), markers = json::array();
        for (const auto& b : a.bands)
            bands.push_back({{"state", b.state}, {"from", b.from}, {"to", b.to}});
        for (const auto& [name, at] : a.markers)
            markers.push_back({{"name", name}, {"at", at}});
        alerts.push_back({{"alert", a.name}, {"bands", bands}, {"markers", markers}});
    }
    const json doc{{"scenario", m.scenario},
                   {"verdict", m.verdict},
                   {"exit_code", m.exit_code},
                   {"checks",
                    {{"total", m.counts.total()},
                     {"passed", m.counts.passed},
                     {"failed", m.counts.failed},
                     {"skipped", m.counts.skipped},
                     {"inconclusive", m.counts.inconclusive},
                     {"not_judged", m.counts.not_judged}}},
                   {"axis_end", m.axis_end},
                   {"seconds", nullptr},
                   {"phases", phases},
                   {"actions", actions},
                   {"alerts", alerts}};
    std::string text = doc.dump();
    const std::string slot = "\"seconds\":null";
    const auto at = text.find(slot);
    return text.substr(0, at + slot.size() - 4) + seconds + text.substr(at + slot.size());
}

}  // namespace html
