#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "load/run_result.hpp"
#include "report/document.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"

namespace report {

/// An `obsctl run --report` file read back whole: the scenario (re-parsed from the source the
/// report carries), the run with every histogram, the seed and the actions.
struct RunReport {
    std::filesystem::path file;
    scenario::Scenario scenario;
    load::RunResult run;
    std::uint64_t seed = 0;
    std::vector<ActionEntry> actions;
};

/// Reads a run report; anything else (or a report without histograms) is exit 2 naming the file.
util::Result<RunReport> read_run_report(const std::filesystem::path& file);

/// The segments' reports as one run: counts summed, histograms merged, each phase from its
/// earliest start to its latest end, times from the earliest start. Refuses (exit 2) reports of
/// different scenarios (checksums), scales or segment counts, and a segment given twice.
/// The actions are those of the first report that has any, on the merged time axis.
/// `missing` receives the segments of 0..N-1 that no report holds.
util::Result<RunReport> merge_run_reports(const std::vector<RunReport>& reports,
                                          std::vector<unsigned>& missing);

/// Which segment a run report holds; nullopt when the file is not (yet) whole JSON; an Error
/// (exit 2, naming the file) for a whole report obsctl refuses (another schema version, a
/// verify report).
util::Result<std::optional<load::Segment>> segment_of(const std::filesystem::path& file);

/// FILES and DIRECTORIES (their *.json) in order, each file once.
std::vector<std::filesystem::path> report_files(const std::vector<std::filesystem::path>& args);

}  // namespace report
