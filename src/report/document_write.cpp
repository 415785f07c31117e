// The JSON report's one writer: a Document as text.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "report/document.hpp"
#include "report/series_json.hpp"
#include "util/duration.hpp"

namespace report {
namespace {

using nlohmann::json;

json ms(const std::optional<verify::Millis>& t) {
    return t ? json(t->count()) : json(nullptr);
}

/// A histogram as data (load::LatencyHistogram::Parts): merged reports add these exactly.
json histogram_json(const load::LatencyHistogram& h) {
    const auto parts = h.parts();
    json buckets = json::array();
    for (const auto& [index, count] : parts.buckets)
        buckets.push_back({index, count});
    return {
        {"buckets", buckets}, {"min_us", parts.min}, {"max_us", parts.max}, {"sum_us", parts.sum}};
}

json stats_json(const std::string& name, const load::RequestStats& s, double seconds,
                bool with_histograms = false) {
    json responses = json::object(), errors = json::object();
    for (std::size_t c = 1; c <= 5; ++c)
        responses[std::to_string(c) + "xx"] = s.status_class[c];
    for (std::size_t e = 0; e < s.errors.size(); ++e)
        errors[load::k_error_names[e]] = s.errors[e];
    auto latency = [](const load::LatencyHistogram& h) {
        return json{{"p50", h.percentile_seconds(50)}, {"p90", h.percentile_seconds(90)},
                    {"p95", h.percentile_seconds(95)}, {"p99", h.percentile_seconds(99)},
                    {"max", h.max_seconds()},          {"mean", h.mean_seconds()},
                    {"min", h.min_seconds()}};
    };
    json out{{"name", name},
             {"sent", s.sent},
             {"dropped", s.dropped},
             {"late", s.late},
             {"achieved_rate", seconds > 0 ? static_cast<double>(s.sent) / seconds : 0.0},
             {"responses", responses},
             {"errors", errors},
             {"failed", s.failed()},
             {"latency_seconds", latency(s.latency)},
             {"service_time_seconds", latency(s.service)}};
    if (with_histograms) {
        out["histograms"] = {{"latency", histogram_json(s.latency)},
                             {"service_time", histogram_json(s.service)}};
    }
    return out;
}

json check_json(const verify::Check& c) {
    json j{{"name", c.name},
           {"outcome", verify::outcome_key(c.outcome)},
           {"passed", c.passed()},
           {"detail", c.detail}};
    if (!c.why.empty())
        j["why"] = c.why;
    return j;
}

/// The alert's state changes in time order: what the band of the HTML report draws.
json states_json(const AlertEntry& a) {
    std::vector<std::pair<verify::Millis, json>> states;
    auto add = [&](const char* state, const std::optional<verify::Millis>& at,
                   const std::vector<std::string>* receivers = nullptr) {
        if (!at)
            return;
        json s{{"state", state}, {"at_ms", at->count()}};
        if (receivers != nullptr)
            s["receivers"] = *receivers;
        states.emplace_back(*at, std::move(s));
    };
    add("pending", a.pending);
    add("firing", a.firing);
    add("in_alertmanager", a.alertmanager, &a.receivers);
    add("delivered", a.delivered, &a.delivered_to);
    add("resolved", a.resolved);
    add("resolved_delivered", a.resolved_delivered);
    std::stable_sort(states.begin(), states.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    json out = json::array();
    for (auto& s : states)
        out.push_back(std::move(s.second));
    return out;
}

json expression_json(const std::vector<verify::ExpressionSeries>& expression) {
    json out = json::array();
    for (const auto& e : expression) {
        json series = json::array();
        for (const auto& one : e.series) {
            json points = json::array();
            for (const auto& [t, v] : one.points)
                points.push_back({t, v});
            series.push_back({{"labels", one.labels}, {"points", points}});
        }
        out.push_back({{"lhs", e.lhs},
                       {"op", e.op},
                       {"threshold", e.threshold},
                       {"series", series},
                       {"error", e.error.empty() ? json(nullptr) : json(e.error)}});
    }
    return out;
}

json notifications_json(const std::vector<verify::CapturedNotification>& all) {
    json out = json::array();
    for (const auto& [at, n] : all) {
        json fields = json::array();
        for (const auto& f : n.fields)
            fields.push_back({{"name", f.name}, {"value", f.value}});
        out.push_back({{"at_ms", at.count()},
                       {"receiver", n.receiver},
                       {"integration", n.integration},
                       {"index", n.index},
                       {"status", n.status},
                       {"attribution", n.attribution},
                       {"alerts", n.alerts},
                       {"fields", fields},
                       {"unreadable", n.unreadable}});
    }
    return out;
}

json verification_json(const VerificationEntry& v) {
    json alerts = json::array();
    for (const auto& a : v.alerts) {
        json checks = json::array();
        for (const auto& c : a.checks)
            checks.push_back(check_json(c));
        alerts.push_back(
            {{"alert", a.alert},
             {"receiver", a.receiver},
             {"pending_ms", ms(a.pending)},
             {"firing_ms", ms(a.firing)},
             {"alertmanager_ms", ms(a.alertmanager)},
             {"resolved_ms", ms(a.resolved)},
             {"receivers", a.receivers},
             {"delivered_ms", ms(a.delivered)},
             {"resolved_delivered_ms", ms(a.resolved_delivered)},
             {"delivered_to", a.delivered_to},
             {"fire_deadline_ms", a.fire.value.count()},
             {"fire_deadline_source", a.fire.source},
             {"resolve_deadline_ms", a.resolve.value.count()},
             {"resolve_deadline_source", a.resolve.source},
             {"trigger_phase", a.trigger ? json(a.trigger->name) : json(nullptr)},
             {"trigger_phase_start_ms", a.trigger ? json(a.trigger->at.count()) : json(nullptr)},
             {"rule_problem", a.rule_problem},
             {"states", states_json(a)},
             {"expression", expression_json(a.expression)},
             {"checks", checks},
             {"notifications", notifications_json(a.notifications)}});
    }
    json queries = json::array();
    for (const auto& q : v.queries)
        queries.push_back(check_json(q));
    return {{"alerts", alerts},
            {"quiet", check_json(v.quiet)},
            {"outages", v.outages},
            {"already_firing", v.already_firing},
            {"queries", queries},
            {"webhooks", v.webhooks},
            {"failed_fast", v.failed_fast.empty() ? json(nullptr) : json(v.failed_fast)},
            {"traffic_end_ms", v.traffic_end.count()}};
}

json actions_json(const std::vector<ActionEntry>& actions) {
    json out = json::array();
    for (const auto& a : actions) {
        json j{{"phase", a.phase},          {"text", a.text}, {"at_ms", a.at.count()},
               {"took_ms", a.took.count()}, {"ok", a.ok},     {"undo", a.undo}};
        if (a.exit_status)  // an action that is not exec, or one killed, has none
            j["exit_status"] = *a.exit_status;
        j["output"] = a.output;
        out.push_back(std::move(j));
    }
    return out;
}

json run_json(const load::RunResult& run, json& doc) {
    const double elapsed = std::chrono::duration<double>(run.elapsed).count();
    json phases = json::array();
    for (const auto& p : run.phases) {
        json requests = json::array();
        for (std::size_t r = 0; r < p.requests.size(); ++r)
            requests.push_back(stats_json(run.request_names[r], p.requests[r], p.seconds(), true));
        phases.push_back({{"name", p.name},
                          {"model", p.model},
                          {"start_seconds", std::chrono::duration<double>(p.start).count()},
                          {"end_seconds", std::chrono::duration<double>(p.end).count()},
                          {"target_rate", p.target_rate},
                          {"requests", requests},
                          {"total", stats_json("all", p.total(), p.seconds())}});
    }
    json requests = json::array();
    for (std::size_t r = 0; r < run.request_names.size(); ++r)
        requests.push_back(stats_json(run.request_names[r], run.for_request(r), elapsed));
    doc["segment"] = {{"index", run.segment.index}, {"count", run.segment.count}};
    doc["merged_segments"] =
        run.merged_segments.empty() ? json(nullptr) : json(run.merged_segments);
    doc["start_at"] = run.start_at;
    doc["rate_scale"] = run.rate_scale;
    doc["duration_scale"] = run.duration_scale;
    doc["target"] = run.target;
    doc["transport"] = run.transport;
    doc["traffic_interrupted"] = run.interrupted;
    doc["traffic_halted"] = run.halted;
    doc["abandoned_in_flight"] = run.abandoned;
    doc["phases"] = phases;
    doc["requests"] = requests;
    return stats_json("all", run.total(), elapsed);
}

}  // namespace

std::string Stop::text() const {
    const std::string where = step == "wait"        ? "in the wait for verdicts"
                              : step == "traffic"   ? "during traffic"
                              : step == "preflight" ? "in the preflight"
                                                    : "in " + step;
    return where + (at ? " at +" + util::human_duration(*at) : std::string());
}

Document document_for(const scenario::Scenario& s) {
    Document d;
    d.scenario = s.name;
    d.file = s.file.string();
    d.checksum = s.checksum();
    d.source = s.source;
    d.run.scenario = s.name;
    return d;
}

VerificationEntry verification_entry(const verify::VerifyReport& report) {
    VerificationEntry v;
    for (const auto& a : report.alerts) {
        const auto& t = a.timeline;
        AlertEntry e;
        e.alert = a.alert;
        e.receiver = a.receiver;
        e.pending = t.pending();
        e.firing = t.firing();
        e.alertmanager = t.in_alertmanager();
        e.delivered = t.delivered();
        e.resolved = t.resolved();
        e.resolved_delivered = t.resolved_delivered();
        e.receivers.assign(t.receivers().begin(), t.receivers().end());
        e.delivered_to.assign(t.delivered_to().begin(), t.delivered_to().end());
        e.fire = a.fire;
        e.resolve = a.resolve;
        e.trigger = a.trigger;
        e.rule_problem = a.rule_problem;
        e.expression = a.expression;
        e.checks = a.checks;
        e.notifications = a.notifications;
        v.alerts.push_back(std::move(e));
    }
    v.quiet = report.quiet;
    v.outages = report.outages;
    v.already_firing = report.already_firing;
    v.queries = report.queries;
    v.traffic_end = report.traffic_end;
    v.webhooks = report.webhooks;
    v.failed_fast = report.failed_fast;
    return v;
}

std::string to_json(const Document& d) {
    const auto verdict = d.verdict();
    json doc{{"schema_version", d.schema_version},
             {"mode", d.mode},
             {"scenario", d.scenario},
             {"file", d.file},
             {"scenario_checksum", d.checksum},
             {"scenario_source", d.source},
             {"seed", d.seed},
             {"started", util::rfc3339(d.run.started)},
             {"elapsed_seconds", std::chrono::duration<double>(d.run.elapsed).count()}};
    json total;
    if (d.mode == "run")
        total = run_json(d.run, doc);
    else
        doc["client_report"] = d.client_report.empty() ? json(nullptr) : json(d.client_report);
    if (!total.is_null())
        doc["total"] = total;
    json thresholds = json::array();
    const auto threshold_checks = d.threshold_checks();
    for (std::size_t i = 0; i < d.thresholds.size(); ++i) {
        const auto& t = d.thresholds[i];
        thresholds.push_back({{"name", t.name},
                              {"outcome", verify::outcome_key(threshold_checks[i].outcome)},
                              {"passed", threshold_checks[i].passed()},
                              {"observed", t.observed},
                              {"observed_text", t.observed_text}});
    }
    doc["thresholds"] = thresholds;
    doc["actions"] = actions_json(d.actions);
    json merge_checks = json::array();
    for (const auto& c : d.merge_checks)
        merge_checks.push_back(check_json(c));
    doc["merge_checks"] = merge_checks;
    if (d.verification)
        doc["verification"] = verification_json(*d.verification);
    if (d.coverage)
        doc["coverage"] = json::parse(coverage::to_json(*d.coverage));
    json stack = json::object();
    for (const auto& [name, url] : d.stack)
        stack[name] = url;
    doc["stack"] = stack;
    doc["interrupted"] = d.interrupted;
    doc["stopped"] = d.stopped ? json{{"step", d.stopped->step},
                                      {"reason", d.stopped->reason},
                                      {"at_ms", ms(d.stopped->at)},
                                      {"text", d.stopped->text()}}
                               : json(nullptr);
    const auto& c = verdict.counts;
    doc["verdict"] = {{"word", verdict.word},
                      {"exit_code", static_cast<int>(verdict.exit_code)},
                      {"checks",
                       {{"total", c.total()},
                        {"passed", c.passed},
                        {"failed", c.failed},
                        {"skipped", c.skipped},
                        {"inconclusive", c.inconclusive},
                        {"not_judged", c.not_judged}}},
                      {"text", c.text()}};
    doc["exit_code"] = static_cast<int>(verdict.exit_code);
    doc["passed"] = verdict.exit_code == util::ExitCode::ok;
    doc["inconclusive"] = verdict.exit_code == util::ExitCode::stack_unavailable;
    if (d.mode != "run")
        return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    // The series goes in as text, row by row (see series_json): its place is held by null.
    doc["series"] = nullptr;
    // Captured text is whatever a client sent: invalid UTF-8 becomes U+FFFD, never a throw.
    const std::string text = doc.dump(2, ' ', false, json::error_handler_t::replace);
    const std::string slot = "\n  \"series\": null";
    const auto at = text.find(slot) + slot.size() - 4;
    std::size_t rows = 0;
    for (const auto& cells : d.run.series.seconds)
        rows += cells.size();
    std::string out;
    // About 1.1 KB a row (two packed histograms and the counts): reserved, so an hour's rows
    // never make the string regrow (a copy of everything so far).
    out.reserve(text.size() + 8 * d.run.series.scheduled.size() + 1400 * rows);
    out.append(text, 0, at);
    append_series_json(out, d.run.series);
    out.append(text, at + 4);
    out += "\n";  // appended: `out + "\\n"` would copy an hour of rows once more
    return out;
}

}  // namespace report
