#include "html/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "report/series_json.hpp"

#include "load/series.hpp"

namespace html {
namespace {

using nlohmann::json;

CheckView check_of(const json& c) {
    CheckView v{c.at("name").get<std::string>(), "PASS", c.value("detail", ""), {}};
    if (c.value("inconclusive", false))
        v.verdict = "INCONCLUSIVE";
    else if (c.value("skipped", false))
        v.verdict = "SKIP";
    else if (!c.at("passed").get<bool>())
        v.verdict = "FAIL";
    if (c.contains("why"))
        v.why = c.at("why").get<std::vector<std::string>>();
    return v;
}

std::string labels_text(const json& labels) {
    std::string out;
    for (const auto& [k, v] : labels.items())
        out += (out.empty() ? "" : ", ") + k + "=\"" + v.get<std::string>() + "\"";
    return "{" + out + "}";
}

AlertView alert_of(const json& a, double traffic_end) {
    AlertView v;
    v.name = a.at("alert").get<std::string>();
    v.receivers = a.value("receivers", std::vector<std::string>{});
    for (const auto& c : a.at("checks"))
        v.checks.push_back(check_of(c));
    v.verdict = "PASS";
    for (const auto& c : v.checks) {
        if (c.verdict == "FAIL")
            v.verdict = "FAIL";
        else if (c.verdict == "INCONCLUSIVE" && v.verdict == "PASS")
            v.verdict = "INCONCLUSIVE";
    }
    // The band: inactive from 0, then each state from its first sighting to the next one.
    v.bands.push_back({"inactive", 0, 0});
    for (const auto& s : a.value("states", json::array())) {
        const std::string state = s.at("state").get<std::string>();
        const double at = s.at("at_ms").get<double>() / 1000.0;
        if (state == "resolved_delivered") {
            v.markers.emplace_back("resolved notification", at);
            continue;
        }
        v.bands.back().to = at;
        v.bands.push_back({state, at, at});
    }
    v.markers.emplace_back("fire deadline", a.at("fire_deadline_ms").get<double>() / 1000.0);
    v.markers.emplace_back("resolve deadline",
                           traffic_end + a.at("resolve_deadline_ms").get<double>() / 1000.0);
    for (const auto& e : a.value("expression", json::array())) {
        ExpressionView x;
        x.lhs = e.at("lhs").get<std::string>();
        x.op = e.at("op").get<std::string>();
        x.threshold = e.at("threshold").get<double>();
        if (e.contains("error") && e.at("error").is_string())
            x.error = e.at("error").get<std::string>();
        for (const auto& s : e.at("series")) {
            ExpressionLine line{labels_text(s.at("labels")), {}};
            for (const auto& p : s.at("points")) {
                if (p.at(1).is_number())
                    line.points.emplace_back(p.at(0).get<double>(), p.at(1).get<double>());
            }
            x.lines.push_back(std::move(line));
        }
        v.expression.push_back(std::move(x));
    }
    return v;
}

int exit_code_of(const json& r) {
    if (r.contains("exit_code") && r.at("exit_code").is_number_integer())
        return r.at("exit_code").get<int>();
    if (r.value("interrupted", false))
        return 130;
    if (r.value("inconclusive", false))
        return 3;
    return r.value("passed", false) ? 0 : 1;
}

}  // namespace

void SecondsAccumulator::add(const json& row) {
    const auto [t, cell] = report::series_row(row);
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

Model model_of(const json& r, const SecondsAccumulator& rows) {
    Model m;
    m.scenario = r.at("scenario").get<std::string>();
    m.target = r.value("target", "");
    m.started = r.at("started").get<std::string>();
    m.file = r.value("file", "");
    m.exit_code = exit_code_of(r);
    m.verdict = m.exit_code == 0     ? "PASSED"
                : m.exit_code == 1   ? "FAILED"
                : m.exit_code == 3   ? "INCONCLUSIVE"
                : m.exit_code == 130 ? "INTERRUPTED"
                                     : "EXIT " + std::to_string(m.exit_code);
    const json stack = r.value("stack", json::object());
    for (const auto& [k, v] : stack.items())
        m.stack.emplace_back(k, v.get<std::string>());
    m.elapsed = r.at("elapsed_seconds").get<double>();
    if (r.contains("series")) {  // a verify report has no traffic of its own to draw
        const auto scheduled = r.at("series").value("scheduled", std::vector<std::uint64_t>{});
        m.seconds = rows.seconds(std::max<std::size_t>(
            static_cast<std::size_t>(std::ceil(m.elapsed - 1e-9)), scheduled.size()));
        for (std::size_t s = 0; s < scheduled.size(); ++s)
            m.seconds[s].scheduled = static_cast<double>(scheduled[s]);
    }
    for (const auto& p : r.value("phases", json::array())) {
        m.phases.push_back({p.at("name").get<std::string>(), p.at("model").get<std::string>(),
                            p.at("start_seconds").get<double>(),
                            p.at("end_seconds").get<double>()});
    }
    m.axis_end = std::max(m.elapsed, static_cast<double>(m.seconds.size()));
    if (r.contains("verification")) {
        const auto& v = r.at("verification");
        const double traffic_end = v.value("traffic_end_ms", m.elapsed * 1000.0) / 1000.0;
        for (const auto& a : v.at("alerts"))
            m.alerts.push_back(alert_of(a, traffic_end));
        m.checks.push_back(check_of(v.at("quiet")));
        for (const auto& q : v.at("queries"))
            m.checks.push_back(check_of(q));
    }
    for (const auto& t : r.value("thresholds", json::array())) {
        const bool passed = t.at("passed").get<bool>();
        m.checks.push_back({"threshold " + t.at("name").get<std::string>(),
                            passed ? "PASS" : "FAIL",
                            "observed " + t.value("observed_text", t.at("observed").dump()),
                            {}});
    }
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
    json alerts = json::array();
    for (const auto& a : m.alerts) {
        json bands = json::array(), markers = json::array();
        for (const auto& b : a.bands)
            bands.push_back({{"state", b.state}, {"from", b.from}, {"to", b.to}});
        for (const auto& [name, at] : a.markers)
            markers.push_back({{"name", name}, {"at", at}});
        alerts.push_back({{"alert", a.name}, {"bands", bands}, {"markers", markers}});
    }
    const json doc{{"scenario", m.scenario}, {"verdict", m.verdict}, {"exit_code", m.exit_code},
                   {"axis_end", m.axis_end}, {"seconds", nullptr},   {"phases", phases},
                   {"alerts", alerts}};
    std::string text = doc.dump();
    const std::string slot = "\"seconds\":null";
    const auto at = text.find(slot);
    return text.substr(0, at + slot.size() - 4) + seconds + text.substr(at + slot.size());
}

}  // namespace html
