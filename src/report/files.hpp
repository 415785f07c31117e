#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "load/run_result.hpp"
#include "report/thresholds.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"
#include "verify/verifier.hpp"

namespace report {

/// What a report says besides the run: the seed, the verification (null with --no-verify),
/// the stack's URLs as shown (userinfo never: Endpoint::display) and the command's exit code.
struct ReportContext {
    std::uint64_t seed = 0;
    const verify::VerifyReport* verification = nullptr;
    std::vector<std::pair<std::string, std::string>> stack;  ///< ("prometheus", URL), ...
    std::optional<int> exit_code;
};

/// The whole result as JSON (field names documented in the README; stable).
std::string json_report(const scenario::Scenario& s, const load::RunResult& run,
                        const std::vector<ThresholdVerdict>& thresholds,
                        const ReportContext& context);

/// The report of `obsctl verify`: the traffic window it watched, where the client counts came
/// from, and the verification (same fields as in the run report).
std::string verify_json_report(const scenario::Scenario& s, const verify::Traffic& traffic,
                               const std::string& client_report,
                               const verify::VerifyReport& verification,
                               const ReportContext& context);

/// JUnit XML: one test suite per scenario, one test case per assertion (fire, route, resolve,
/// quiet, each query, each threshold) with the reason in each failure's message; skipped
/// checks are <skipped/> cases.
std::string junit_report(const std::string& suite, std::chrono::nanoseconds elapsed,
                         const std::vector<verify::Check>& checks);

/// Whether write_file can write `file` (its directory takes a new file, it is not a directory),
/// so a bad --report or --junit path is exit 2 before any traffic, not after it.
util::Result<void> check_writable(const std::filesystem::path& file);

/// Writes through a temporary file and a rename, so a reader never sees half a report.
util::Result<void> write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace report
