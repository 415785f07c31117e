#include "report/merge.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "report/document.hpp"
#include "util/text_file.hpp"

#include <nlohmann/json.hpp>
#include "scenario/parser.hpp"

namespace report {

using Nanos = std::chrono::nanoseconds;

util::Result<RunReport> read_run_report(const std::filesystem::path& file) {
    const auto bad = [&](const std::string& what) {
        return util::fail(util::ExitCode::usage, "not a mergeable obsctl run report: " + what,
                          file.string(), "write one with obsctl run ... --report FILE");
    };
    auto doc = read_document_file(file);
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->mode != "run")
        return bad("it is an obsctl verify report");
    auto s = scenario::parse_scenario(doc->source, doc->file);
    if (!s)
        return bad("its scenario does not parse: " + s.error().message());
    if (doc->checksum != s->checksum())
        return bad("its scenario_source does not match its scenario_checksum");
    std::vector<std::string> names;
    for (const auto& r : s->requests)
        names.push_back(r.name);
    if (names != doc->run.request_names)
        return bad("its requests are not its scenario's");
    return RunReport{file, std::move(*s), std::move(doc->run), doc->seed, std::move(doc->actions)};
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
    run.halted = false;
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
    // Every segment runs the scenario's actions against the one app, so adding them up would
    // repeat each; kept simple: the first report that has any gives them, shifted onto the
    // merged time axis like its seconds.
    out.actions.clear();
    for (const auto& r : reports) {
        if (r.actions.empty())
            continue;
        const auto shift = std::chrono::duration_cast<verify::Millis>(r.run.started - run.started);
        out.actions = r.actions;
        for (auto& a : out.actions)
            a.at += shift;
        break;
    }
    // Segments may have run on different transports (an https share, an explicit --transport):
    // the merge names each one that sent ("curl+http1"), alphabetically.
    std::set<std::string> transports;
    for (const auto& r : reports) {
        if (!r.run.transport.empty())
            transports.insert(r.run.transport);
    }
    run.transport.clear();
    for (const auto& t : transports)
        run.transport += (run.transport.empty() ? "" : "+") + t;
    for (const auto& r : reports) {
        run.interrupted = run.interrupted || r.run.interrupted;
        run.halted = run.halted || r.run.halted;
        run.abandoned += r.run.abandoned;
        run.start_at = run.start_at || r.run.start_at;
    }
    return out;
}

util::Result<std::optional<load::Segment>> segment_of(const std::filesystem::path& file) {
    const auto text = util::read_text_file(file, 256u << 20, "obsctl report");
    // Not (yet) whole JSON: still being written.
    if (!text || !nlohmann::json::accept(*text))
        return std::optional<load::Segment>{};
    auto doc = read_document(*text, file.string());
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->mode != "run") {
        return util::fail(util::ExitCode::usage,
                          "not the report of a run that sent load: it is an obsctl verify report",
                          file.string());
    }
    return std::optional<load::Segment>(doc->run.segment);
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
