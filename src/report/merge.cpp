#include "report/merge.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "report/client_report.hpp"
#include "report/series_json.hpp"
#include "scenario/parser.hpp"
#include "util/text_file.hpp"

namespace report {
namespace {

using nlohmann::json;
using Nanos = std::chrono::nanoseconds;

Nanos seconds_of(const json& v) {
    return std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(v.get<double>()));
}

load::LatencyHistogram histogram_of(const json& h) {
    load::LatencyHistogram::Parts parts;
    for (const auto& b : h.at("buckets"))
        parts.buckets.emplace_back(b.at(0).get<std::size_t>(), b.at(1).get<std::uint64_t>());
    parts.min = h.at("min_us").get<std::uint64_t>();
    parts.max = h.at("max_us").get<std::uint64_t>();
    parts.sum = h.at("sum_us").get<double>();
    auto out = load::LatencyHistogram::from_parts(parts);
    if (!out)
        throw std::invalid_argument("a histogram with impossible buckets");
    return *out;
}

load::RequestStats stats_of(const json& r) {
    load::RequestStats s;
    s.sent = r.at("sent").get<std::uint64_t>();
    s.dropped = r.at("dropped").get<std::uint64_t>();
    s.late = r.value("late", std::uint64_t{0});
    for (std::size_t c = 1; c <= 5; ++c)
        s.status_class[c] = r.at("responses").at(std::to_string(c) + "xx").get<std::uint64_t>();
    for (std::size_t e = 0; e < s.errors.size(); ++e)
        s.errors[e] = r.at("errors").at(load::k_error_names[e]).get<std::uint64_t>();
    if (!r.contains("histograms"))
        throw std::invalid_argument("no histograms (written by an older obsctl)");
    s.latency = histogram_of(r.at("histograms").at("latency"));
    s.service = histogram_of(r.at("histograms").at("service_time"));
    return s;
}

}  // namespace

util::Result<RunReport> read_run_report(const std::filesystem::path& file) {
    const auto bad = [&](const std::string& what) {
        return util::fail(util::ExitCode::usage, "not a mergeable obsctl run report: " + what,
                          file.string(), "write one with obsctl run ... --report FILE");
    };
    const auto text = util::read_text_file(file, 64u << 20, "obsctl run report");
    if (!text)
        return std::unexpected(text.error());
    const auto doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return bad("not JSON");
    if (doc.value("mode", "") == "verify")
        return bad("it is an obsctl verify report");
    try {
        RunReport out;
        out.file = file;
        auto s = scenario::parse_scenario(doc.at("scenario_source").get<std::string>(),
                                          doc.at("file").get<std::string>());
        if (!s)
            return bad("its scenario does not parse: " + s.error().message());
        out.scenario = std::move(*s);
        out.seed = doc.at("seed").get<std::uint64_t>();
        auto& run = out.run;
        run.scenario = doc.at("scenario").get<std::string>();
        run.target = doc.at("target").get<std::string>();
        for (const auto& r : out.scenario.requests)
            run.request_names.push_back(r.name);
        auto started = parse_iso8601(doc.at("started").get<std::string>());
        if (!started)
            return bad(started.error().message());
        run.started = *started;
        run.elapsed = seconds_of(doc.at("elapsed_seconds"));
        run.interrupted = doc.at("interrupted").get<bool>();
        run.abandoned = doc.at("abandoned_in_flight").get<std::uint64_t>();
        run.segment = {doc.at("segment").at("index").get<unsigned>(),
                       doc.at("segment").at("count").get<unsigned>()};
        if (run.segment.count == 0 || run.segment.index >= run.segment.count)
            return bad("segment " + std::to_string(run.segment.index) + "/" +
                       std::to_string(run.segment.count) + " is impossible");
        run.start_at = doc.value("start_at", false);
        run.rate_scale = doc.at("rate_scale").get<double>();
        run.duration_scale = doc.at("duration_scale").get<double>();
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
                return bad("phase " + phase.name + " has " + std::to_string(phase.requests.size()) +
                           " requests, its scenario " + std::to_string(run.request_names.size()));
            run.phases.push_back(std::move(phase));
        }
        run.series = series_of(doc.value("series", json(nullptr)));
        for (const auto& cells : run.series.seconds) {
            for (const auto& c : cells) {
                if (c.phase >= run.phases.size() || c.request >= run.request_names.size())
                    return bad("series: a row of phase " + std::to_string(c.phase) + ", request " +
                               std::to_string(c.request) + " that does not exist");
            }
        }
        if (doc.at("scenario_checksum").get<std::string>() != out.scenario.checksum())
            return bad("its scenario_source does not match its scenario_checksum");
        return out;
    } catch (const std::exception& e) {
        return bad(e.what());
    }
}

util::Result<RunReport> merge_run_reports(const std::vector<RunReport>& reports,
                                          std::vector<unsigned>& missing) {
    if (reports.empty())
        return util::fail(util::ExitCode::usage, "no reports to merge");
    const RunReport& first = reports.front();
    const unsigned n = first.run.segment.count;
    std::set<unsigned> seen;
    for (const auto& r : reports) {
        const auto refuse = [&](const std::string& why) {
            return util::fail(util::ExitCode::usage, "cannot merge: " + why, r.file.string());
        };
        if (r.scenario.checksum() != first.scenario.checksum())
            return refuse("scenario " + r.scenario.name + " (checksum " + r.scenario.checksum() +
                          ") is not the scenario of " + first.file.string() + " (" +
                          first.scenario.name + ", checksum " + first.scenario.checksum() + ")");
        if (r.run.segment.count != n)
            return refuse("it is segment " + std::to_string(r.run.segment.index) + "/" +
                          std::to_string(r.run.segment.count) + ", " + first.file.string() +
                          " one of " + std::to_string(n));
        if (r.run.rate_scale != first.run.rate_scale ||
            r.run.duration_scale != first.run.duration_scale)
            return refuse("it ran with other --rate-scale/--duration-scale than " +
                          first.file.string());
        if (!seen.insert(r.run.segment.index).second)
            return refuse("segment " + std::to_string(r.run.segment.index) + "/" +
                          std::to_string(n) + " is given twice (overlapping segments)");
    }
    missing.clear();
    for (unsigned i = 0; i < n; ++i) {
        if (!seen.contains(i))
            missing.push_back(i);
    }

    RunReport out = first;
    auto& run = out.run;
    for (const auto& r : reports)
        run.started = std::min(run.started, r.run.started);
    auto end = run.started;
    for (const auto& r : reports) {
        end = std::max(
            end, r.run.started + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                     r.run.elapsed));
    }
    run.elapsed = std::chrono::duration_cast<Nanos>(end - run.started);
    run.interrupted = false;
    run.abandoned = 0;
    run.start_at = false;
    run.segment = missing.empty() ? load::Segment{} : load::Segment{0, n};
    run.merged_segments.assign(seen.begin(), seen.end());
    for (std::size_t p = 0; p < run.phases.size(); ++p) {
        auto& phase = run.phases[p];
        phase.target_rate = 0;
        // "2 of 7 vus" is one segment's share; the merge holds them all.
        if (const auto of = phase.model.find(" of "); of != std::string::npos && missing.empty())
            phase.model = phase.model.substr(of + 4);
        phase.start = Nanos::max();
        phase.end = Nanos::min();
        phase.requests.assign(run.request_names.size(), load::RequestStats{});
        for (const auto& r : reports) {
            const auto shift = std::chrono::duration_cast<Nanos>(r.run.started - run.started);
            const auto& theirs = r.run.phases.at(p);
            phase.start = std::min(phase.start, theirs.start + shift);
            phase.end = std::max(phase.end, theirs.end + shift);
            phase.target_rate += theirs.target_rate;
            for (std::size_t q = 0; q < phase.requests.size(); ++q)
                phase.requests[q].merge(theirs.requests.at(q));
        }
    }
    // Per second on the merged time axis: each segment's seconds from its own start, shifted by
    // how much later it started (whole seconds; --start-at workers share one start).
    run.series = {};
    for (const auto& r : reports) {
        const auto shift = std::chrono::duration<double>(r.run.started - run.started).count();
        run.series.merge(r.run.series, static_cast<std::size_t>(std::llround(shift)));
    }
    for (const auto& r : reports) {
        run.interrupted = run.interrupted || r.run.interrupted;
        run.abandoned += r.run.abandoned;
        run.start_at = run.start_at || r.run.start_at;
    }
    return out;
}

std::optional<load::Segment> segment_of(const std::filesystem::path& file) {
    const auto text = util::read_text_file(file, 64u << 20, "obsctl run report");
    if (!text)
        return std::nullopt;
    const auto doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return std::nullopt;
    try {
        const auto seg = doc.value("segment", json::object());
        const unsigned count = seg.value("count", 1u), index = seg.value("index", 0u);
        if (count == 0 || index >= count)
            return std::nullopt;
        return load::Segment{index, count};
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

std::vector<std::filesystem::path> report_files(const std::vector<std::filesystem::path>& args) {
    std::vector<std::filesystem::path> out;
    auto add = [&](const std::filesystem::path& p) {
        if (std::find(out.begin(), out.end(), p) == out.end())
            out.push_back(p);
    };
    for (const auto& a : args) {
        std::error_code ec;
        if (std::filesystem::is_directory(a, ec)) {
            std::vector<std::filesystem::path> found;
            for (const auto& e : std::filesystem::directory_iterator(a, ec)) {
                if (e.path().extension() == ".json")
                    found.push_back(e.path());
            }
            std::sort(found.begin(), found.end());
            for (const auto& f : found)
                add(f);
        } else {
            add(a);
        }
    }
    return out;
}

}  // namespace report
