#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "load/run_result.hpp"
#include "report/thresholds.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"

namespace report {

/// The whole result as JSON (field names documented in the README; stable).
std::string json_report(const scenario::Scenario& s, const load::RunResult& run,
                        const std::vector<ThresholdVerdict>& thresholds, std::uint64_t seed);

/// JUnit XML: one test suite per scenario, one test case per threshold, the observed value
/// and bound in each failure's message.
std::string junit_report(const scenario::Scenario& s, const load::RunResult& run,
                         const std::vector<ThresholdVerdict>& thresholds);

/// Writes through a temporary file and a rename, so a reader never sees half a report.
util::Result<void> write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace report
