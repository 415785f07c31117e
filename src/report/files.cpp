#include "report/files.hpp"

#include "coverage/coverage.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "net/endpoint.hpp"
#include "report/series_json.hpp"
#include "report/verification.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace report {
namespace {

using nlohmann::json;

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

using util::xml_escape;

bool any_failed(const std::vector<verify::Check>& checks) {
    return std::any_of(checks.begin(), checks.end(), [](const auto& c) { return c.failed(); });
}

bool any_inconclusive(const std::vector<verify::Check>& checks) {
    return std::any_of(checks.begin(), checks.end(), [](const auto& c) { return c.inconclusive; });
}

void add_context(json& doc, const ReportContext& context) {
    json stack = json::object();
    for (const auto& [name, url] : context.stack)
        stack[name] = url;
    doc["stack"] = stack;
    doc["exit_code"] = context.exit_code ? json(*context.exit_code) : json(nullptr);
}

}  // namespace

std::string json_report(const scenario::Scenario& s, const load::RunResult& run,
                        const std::vector<ThresholdVerdict>& thresholds,
                        const ReportContext& context) {
    const auto* verification = context.verification;
    const auto seed = context.seed;
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
    json verdicts = json::array();
    bool passed = true;
    for (const auto& t : thresholds) {
        verdicts.push_back({{"name", t.name},
                            {"passed", t.passed},
                            {"observed", t.observed},
                            {"observed_text", t.observed_text}});
        passed = passed && t.passed;
    }
    json merged = run.merged_segments;
    json doc{{"scenario", s.name},
             {"file", s.file.string()},
             {"scenario_checksum", s.checksum()},
             {"scenario_source", s.source},
             {"segment", {{"index", run.segment.index}, {"count", run.segment.count}}},
             {"merged_segments", run.merged_segments.empty() ? json(nullptr) : merged},
             {"start_at", run.start_at},
             {"rate_scale", run.rate_scale},
             {"duration_scale", run.duration_scale},
             {"target", run.target},
             {"seed", seed},
             {"started", util::rfc3339(run.started)},
             {"elapsed_seconds", elapsed},
             {"interrupted", run.interrupted},
             {"abandoned_in_flight", run.abandoned},
             {"phases", phases},
             {"requests", requests},
             {"total", stats_json("all", run.total(), elapsed)},
             {"thresholds", verdicts}};
    if (verification != nullptr) {
        doc["verification"] = verification_json(*verification);
        doc["coverage"] = json::parse(coverage::to_json(coverage::of_run(s.name, *verification)));
        passed = passed && !any_failed(verification->all()) &&
                 !any_inconclusive(verification->all()) && !verification->interrupted;
        doc["inconclusive"] = any_inconclusive(verification->all());
    }
    doc["passed"] = passed && !run.interrupted;
    add_context(doc, context);
    // The series goes in as text, row by row (see series_json): its place is held by null.
    doc["series"] = nullptr;
    const std::string text = doc.dump(2);
    const std::string slot = "\n  \"series\": null";
    const auto at = text.find(slot) + slot.size() - 4;
    std::size_t rows = 0;
    for (const auto& cells : run.series.seconds)
        rows += cells.size();
    std::string out;
    // About 1.1 KB a row (two packed histograms and the counts): reserved, so an hour's rows
    // never make the string regrow (a copy of everything so far).
    out.reserve(text.size() + 8 * run.series.scheduled.size() + 1400 * rows);
    out.append(text, 0, at);
    append_series_json(out, run.series);
    out.append(text, at + 4);
    out += "\n";  // appended: `out + "\\n"` would copy an hour of rows once more
    return out;
}

std::string verify_json_report(const scenario::Scenario& s, const verify::Traffic& traffic,
                               const std::string& client_report,
                               const verify::VerifyReport& verification,
                               const ReportContext& context) {
    json doc{{"scenario", s.name},
             {"file", s.file.string()},
             {"mode", "verify"},
             {"started", util::rfc3339(traffic.started)},
             {"elapsed_seconds", std::chrono::duration<double>(traffic.elapsed).count()},
             {"client_report", client_report.empty() ? json(nullptr) : json(client_report)},
             {"interrupted", verification.interrupted},
             {"verification", verification_json(verification)},
             {"coverage", json::parse(coverage::to_json(coverage::of_run(s.name, verification)))},
             {"inconclusive", any_inconclusive(verification.all())},
             {"passed", !any_failed(verification.all()) && !any_inconclusive(verification.all()) &&
                            !verification.interrupted}};
    add_context(doc, context);
    return doc.dump(2) + "\n";
}

std::string junit_report(const std::string& suite, std::chrono::nanoseconds elapsed,
                         const std::vector<verify::Check>& checks) {
    std::size_t failures = 0, skipped = 0, errors = 0;
    for (const auto& c : checks) {
        failures += c.failed() ? 1 : 0;
        skipped += c.skipped ? 1 : 0;
        errors += c.inconclusive ? 1 : 0;  // the stack hid it: an error, not a failure
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites>\n  <testsuite name=\"" + xml_escape(suite) + "\" tests=\"" +
           std::to_string(checks.size()) + "\" failures=\"" + std::to_string(failures) +
           "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
           "\" time=\"" + std::to_string(std::chrono::duration<double>(elapsed).count()) + "\">\n";
    for (const auto& c : checks) {
        out += "    <testcase classname=\"" + xml_escape(suite) + "\" name=\"" +
               xml_escape(c.name) + "\"";
        if (c.passed) {
            out += "/>\n";
        } else {
            const char* kind = c.inconclusive ? "error" : (c.skipped ? "skipped" : "failure");
            out += std::string(">\n      <") + kind + " message=\"" +
                   xml_escape(c.name + ": " + c.detail) + "\"";
            if (c.why.empty()) {
                out += "/>\n    </testcase>\n";
            } else {
                // The findings as the element's text: CI shows it under the failure.
                std::string why;
                for (const auto& line : c.why)
                    why += "why: " + line + "\n";
                out += ">" + xml_escape(why) + "</" + kind + ">\n    </testcase>\n";
            }
        }
    }
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

util::Result<void> check_writable(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        return util::fail(util::ExitCode::usage, "is a directory, expected a report file name",
                          file.string());
    // write_file goes through FILE.tmp and a rename: creating that file is the whole test.
    const auto tmp = file.string() + ".tmp";
    const bool existed = std::filesystem::exists(tmp, ec);
    std::ofstream probe(tmp, std::ios::app);
    if (!probe) {
        const int err = errno;
        return util::fail(util::ExitCode::usage,
                          std::string("cannot write the report: ") + std::strerror(err),
                          file.string(), "checked before any traffic; pick a writable path");
    }
    probe.close();
    if (!existed)
        std::filesystem::remove(tmp, ec);
    return {};
}

util::Result<void> write_file(const std::filesystem::path& file, const std::string& text) {
    const auto tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp);
        // A secret that slipped into a message never reaches a file (a long run's report is
        // copied only when it holds one).
        if (net::holds_secret(text))
            out << net::scrub(text);
        else
            out << text;
        if (!out) {
            const int err = errno;
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return util::fail(util::ExitCode::usage,
                              std::string("cannot write the report: ") + std::strerror(err),
                              file.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        return util::fail(util::ExitCode::usage, ec.message(), file.string());
    return {};
}

}  // namespace report
