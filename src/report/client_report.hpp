#pragma once

#include <filesystem>

#include "util/error.hpp"
#include "verify/queries.hpp"

namespace report {

/// The traffic described by an `obsctl run --report` JSON file, for `obsctl verify
/// --client-report`: when it started, how long it ran, and the answers per request name.
/// A file that is not such a report, or is for another scenario, is an Error (exit 2).
util::Result<verify::Traffic> read_client_report(const std::filesystem::path& file,
                                                 const std::string& scenario);

/// Several segments' traffic as one: from the earliest start to the latest end, answers
/// summed by request name, the phases of the first moved to the earliest start.
verify::Traffic merge_traffic(const std::vector<verify::Traffic>& parts);

/// "2026-11-22T07:30:00.123Z" (as the reports write it) to a time point.
util::Result<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text);

}  // namespace report
