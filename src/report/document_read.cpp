// The JSON report's one reader: text back into a Document.
#include <nlohmann/json.hpp>

#include <cmath>

#include "report/json_read.hpp"

#include "report/client_report.hpp"
#include "report/document.hpp"
#include "report/series_json.hpp"
#include "report/verification.hpp"
#include "util/text_file.hpp"

namespace report {
namespace {

using nlohmann::json;
using Nanos = std::chrono::nanoseconds;
using verify::Millis;

/// Seconds as written back to nanoseconds: rounded, so a report read back holds the very
/// durations that were written (a page rendered from it is the same bytes).
Nanos seconds_of(const json& v) {
    const double seconds = v.get<double>();
    // Beyond 30 years a time in a report is a forgery, and beyond ~292 the cast is undefined.
    if (!std::isfinite(seconds) || std::abs(seconds) > 1e9)
        throw std::invalid_argument("a time of " + v.dump() + " seconds");
    return std::chrono::round<Nanos>(std::chrono::duration<double>(seconds));
}

std::optional<Millis> ms_of(const json& v) {
    if (v.is_null())
        return std::nullopt;
    return Millis{whole<Millis::rep>(v)};
}

load::LatencyHistogram latency_histogram_of(const json& h) {
    load::LatencyHistogram::Parts parts;
    for (const auto& b : h.at("buckets"))
        parts.buckets.emplace_back(whole<std::size_t>(b.at(0)), whole<std::uint64_t>(b.at(1)));
    parts.min = whole<std::uint64_t>(h.at("min_us"));
    parts.max = whole<std::uint64_t>(h.at("max_us"));
    parts.sum = h.at("sum_us").get<double>();
    auto out = load::LatencyHistogram::from_parts(parts);
    if (!out)
        throw std::invalid_argument("a histogram with impossible buckets");
    return *out;
}

load::RequestStats stats_of(const json& r) {
    load::RequestStats s;
    static_cast<load::RequestCounts&>(s) = counts_of(r);
    s.latency = latency_histogram_of(r.at("histograms").at("latency"));
    s.service = latency_histogram_of(r.at("histograms").at("service_time"));
    return s;
}

verify::Check check_of(const json& c) {
    verify::Check out;
    out.name = c.at("name").get<std::string>();
    const auto key = c.at("outcome").get<std::string>();
    if (!verify::outcome_from_key(key, out.outcome))
        throw std::invalid_argument("check " + out.name + ": outcome \"" + key + "\" is unknown");
    out.detail = c.at("detail").get<std::string>();
    if (c.contains("why"))
        out.why = c.at("why").get<std::vector<std::string>>();
    return out;
}

std::vector<verify::Check> checks_of(const json& list) {
    std::vector<verify::Check> out;
    for (const auto& c : list)
        out.push_back(check_of(c));
    return out;
}

std::vector<verify::ExpressionSeries> expression_of(const json& list) {
    std::vector<verify::ExpressionSeries> out;
    for (const auto& e : list) {
        verify::ExpressionSeries x;
        x.lhs = e.at("lhs").get<std::string>();
        x.op = e.at("op").get<std::string>();
        x.threshold = e.at("threshold").get<double>();
        if (e.at("error").is_string())
            x.error = e.at("error").get<std::string>();
        for (const auto& s : e.at("series")) {
            promapi::Series series;
            series.labels = s.at("labels").get<promapi::Labels>();
            for (const auto& p : s.at("points")) {
                // Prometheus's NaN and infinities are written as null: no point to draw.
                if (p.at(1).is_number())
                    series.points.emplace_back(p.at(0).get<double>(), p.at(1).get<double>());
            }
            x.series.push_back(std::move(series));
        }
        out.push_back(std::move(x));
    }
    return out;
}

std::vector<verify::CapturedNotification> notifications_of(const json& list) {
    std::vector<verify::CapturedNotification> out;
    for (const auto& x : list) {
        capture::Notification n;
        n.receiver = x.at("receiver").get<std::string>();
        n.integration = x.at("integration").get<std::string>();
        n.index = whole<int>(x.at("index"));
        n.status = x.at("status").get<std::string>();
        n.attribution = x.at("attribution").get<std::string>();
        n.alerts = x.at("alerts").get<std::vector<promapi::Labels>>();
        for (const auto& f : x.at("fields"))
            n.fields.push_back({f.at("name").get<std::string>(), f.at("value").get<std::string>()});
        n.unreadable = x.at("unreadable").get<std::string>();
        out.emplace_back(Millis{whole<Millis::rep>(x.at("at_ms"))}, std::move(n));
    }
    return out;
}

VerificationEntry verification_of(const json& v) {
    VerificationEntry out;
    for (const auto& a : v.at("alerts")) {
        AlertEntry e;
        e.alert = a.at("alert").get<std::string>();
        e.receiver = a.at("receiver").get<std::string>();
        e.pending = ms_of(a.at("pending_ms"));
        e.firing = ms_of(a.at("firing_ms"));
        e.alertmanager = ms_of(a.at("alertmanager_ms"));
        e.delivered = ms_of(a.at("delivered_ms"));
        e.resolved = ms_of(a.at("resolved_ms"));
        e.resolved_delivered = ms_of(a.at("resolved_delivered_ms"));
        e.receivers = a.at("receivers").get<std::vector<std::string>>();
        e.delivered_to = a.at("delivered_to").get<std::vector<std::string>>();
        e.fire = {Millis{whole<Millis::rep>(a.at("fire_deadline_ms"))},
                  a.at("fire_deadline_source").get<std::string>()};
        e.resolve = {Millis{whole<Millis::rep>(a.at("resolve_deadline_ms"))},
                     a.at("resolve_deadline_source").get<std::string>()};
        if (!a.at("trigger_phase").is_null()) {
            e.trigger =
                verify::PhaseStart{a.at("trigger_phase").get<std::string>(),
                                   Millis{whole<Millis::rep>(a.at("trigger_phase_start_ms"))}};
        }
        e.rule_problem = a.at("rule_problem").get<std::string>();
        e.expression = expression_of(a.at("expression"));
        e.checks = checks_of(a.at("checks"));
        // Reports written before notifications were captured have none.
        if (a.contains("notifications"))
            e.notifications = notifications_of(a.at("notifications"));
        out.alerts.push_back(std::move(e));
    }
    out.quiet = check_of(v.at("quiet"));
    out.outages = v.at("outages").get<std::vector<std::string>>();
    out.already_firing = v.at("already_firing").get<std::vector<std::string>>();
    out.queries = checks_of(v.at("queries"));
    out.traffic_end = Millis{whole<Millis::rep>(v.at("traffic_end_ms"))};
    out.webhooks = v.at("webhooks").get<bool>();
    if (v.at("failed_fast").is_string())
        out.failed_fast = v.at("failed_fast").get<std::string>();
    return out;
}

std::vector<ActionEntry> actions_of(const json& list) {
    std::vector<ActionEntry> out;
    for (const auto& a : list) {
        ActionEntry e;
        e.phase = a.at("phase").get<std::string>();
        e.text = a.at("text").get<std::string>();
        e.at = Millis{whole<Millis::rep>(a.at("at_ms"))};
        e.took = Millis{whole<Millis::rep>(a.at("took_ms"))};
        e.ok = a.at("ok").get<bool>();
        e.undo = a.at("undo").get<bool>();
        if (a.contains("exit_status") && !a.at("exit_status").is_null())
            e.exit_status = whole<int>(a.at("exit_status"));
        e.output = a.at("output").get<std::string>();
        out.push_back(std::move(e));
    }
    return out;
}

void read_run(const json& doc, load::RunResult& run, const load::Series& series) {
    run.target = doc.at("target").get<std::string>();
    // Reports older than the transport seam do not say: "" (the page and summary omit it).
    run.transport = doc.value("transport", "");
    run.interrupted = doc.at("traffic_interrupted").get<bool>();
    run.halted = doc.at("traffic_halted").get<bool>();
    run.abandoned = whole<std::uint64_t>(doc.at("abandoned_in_flight"));
    run.segment = {whole<unsigned>(doc.at("segment").at("index")),
                   whole<unsigned>(doc.at("segment").at("count"))};
    if (run.segment.count == 0 || run.segment.index >= run.segment.count)
        throw std::invalid_argument("segment " + std::to_string(run.segment.index) + "/" +
                                    std::to_string(run.segment.count) + " is impossible");
    if (!doc.at("merged_segments").is_null())
        run.merged_segments = wholes<unsigned>(doc.at("merged_segments"));
    run.start_at = doc.at("start_at").get<bool>();
    run.rate_scale = doc.at("rate_scale").get<double>();
    run.duration_scale = doc.at("duration_scale").get<double>();
    for (const auto& r : doc.at("requests"))
        run.request_names.push_back(r.at("name").get<std::string>());
    for (const auto& p : doc.at("phases")) {
        load::PhaseResult phase;
        phase.name = p.at("name").get<std::string>();
        phase.model = p.at("model").get<std::string>();
        phase.start = seconds_of(p.at("start_seconds"));
        phase.end = seconds_of(p.at("end_seconds"));
        phase.target_rate = p.at("target_rate").get<double>();
        for (const auto& r : p.at("requests"))
            phase.requests.push_back(stats_of(r));
        if (phase.requests.size() != run.request_names.size())
            throw std::invalid_argument(
                "phase " + phase.name + " has " + std::to_string(phase.requests.size()) +
                " requests, the run " + std::to_string(run.request_names.size()));
        run.phases.push_back(std::move(phase));
    }
    run.series = series;
    if (doc.contains("series") && doc.at("series").is_object())
        run.series.scheduled = wholes<std::uint64_t>(doc.at("series").at("scheduled"));
    for (const auto& cells : run.series.seconds) {
        for (const auto& c : cells) {
            if (c.phase >= run.phases.size() || c.request >= run.request_names.size())
                throw std::invalid_argument("series: a row of phase " + std::to_string(c.phase) +
                                            ", request " + std::to_string(c.request) +
                                            " that does not exist");
        }
    }
}

}  // namespace

std::vector<verify::Check> Document::checks() const {
    std::vector<verify::Check> out = merge_checks;
    if (verification) {
        for (const auto& a : verification->alerts)
            out.insert(out.end(), a.checks.begin(), a.checks.end());
        out.push_back(verification->quiet);
        out.insert(out.end(), verification->queries.begin(), verification->queries.end());
    }
    const auto thresholds_checks = threshold_checks();
    out.insert(out.end(), thresholds_checks.begin(), thresholds_checks.end());
    return out;
}

std::vector<verify::Check> Document::threshold_checks() const {
    return all_checks(nullptr, thresholds, run.interrupted || run.halted);
}

verify::Verdict Document::verdict() const {
    return verify::verdict_of(checks(), interrupted);
}

util::Result<Document> read_document(const std::string& text, const std::string& where) {
    const auto bad = [&](const std::string& what) {
        return util::fail(util::ExitCode::usage, "not a usable obsctl report: " + what, where,
                          "write one with obsctl run ... --report FILE");
    };
    try {
        // The series' rows are kept as compact cells while parsing, never as one JSON tree.
        load::Series series;
        std::string row_error;
        const auto doc = json::parse(
            text,
            [&](int, json::parse_event_t event, json& parsed) {
                if (event != json::parse_event_t::object_end || !is_series_row(parsed))
                    return true;
                auto [t, cell] = series_row(parsed);
                series.add(t, std::move(cell));
                return false;
            },
            false);
        if (doc.is_discarded() || !doc.is_object())
            return bad("not a JSON object");
        if (!doc.contains("scenario") || !doc.contains("started"))
            return bad("not an obsctl report (no scenario, no started)");
        const int version = doc.value("schema_version", 1);
        if (version != k_schema_version) {
            return util::fail(util::ExitCode::usage,
                              "report schema version " + std::to_string(version) +
                                  ", this obsctl reads version " + std::to_string(k_schema_version),
                              where,
                              "rerun the scenario with this obsctl to get a report it reads");
        }
        Document d;
        d.mode = doc.at("mode").get<std::string>();
        if (d.mode != "run" && d.mode != "verify")
            return bad("mode \"" + d.mode + "\" is neither run nor verify");
        d.scenario = doc.at("scenario").get<std::string>();
        d.file = doc.at("file").get<std::string>();
        d.checksum = doc.at("scenario_checksum").get<std::string>();
        d.source = doc.at("scenario_source").get<std::string>();
        d.seed = whole<std::uint64_t>(doc.at("seed"));
        auto started = parse_iso8601(doc.at("started").get<std::string>());
        if (!started)
            return bad("started: " + started.error().message());
        d.run.scenario = d.scenario;
        d.run.started = *started;
        d.run.elapsed = seconds_of(doc.at("elapsed_seconds"));
        if (d.mode == "run")
            read_run(doc, d.run, series);
        else if (doc.at("client_report").is_string())
            d.client_report = doc.at("client_report").get<std::string>();
        for (const auto& t : doc.at("thresholds")) {
            d.thresholds.push_back({t.at("name").get<std::string>(), t.at("passed").get<bool>(),
                                    t.at("observed").get<double>(),
                                    t.at("observed_text").get<std::string>()});
        }
        d.merge_checks = checks_of(doc.at("merge_checks"));
        // Reports written before scenarios had actions have none.
        if (doc.contains("actions"))
            d.actions = actions_of(doc.at("actions"));
        if (doc.contains("verification"))
            d.verification = verification_of(doc.at("verification"));
        if (doc.contains("coverage")) {
            auto c = coverage::parse(doc.at("coverage").dump(), where);
            if (!c)
                return std::unexpected(c.error());
            d.coverage = std::move(*c);
        }
        for (const auto& [name, url] : doc.at("stack").items())
            d.stack[name] = url.get<std::string>();
        d.interrupted = doc.at("interrupted").get<bool>();
        if (const auto& s = doc.at("stopped"); !s.is_null()) {
            d.stopped = Stop{s.at("step").get<std::string>(), s.at("reason").get<std::string>(),
                             ms_of(s.at("at_ms"))};
        }
        return d;
    } catch (const std::exception& e) {
        return bad(e.what());
    }
}

util::Result<Document> read_document_file(const std::filesystem::path& file) {
    const auto text = util::read_text_file(file, 256u << 20, "obsctl report");
    if (!text)
        return std::unexpected(text.error());
    return read_document(*text, file.string());
}

}  // namespace report
