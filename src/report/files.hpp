#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/document.hpp"
#include "util/error.hpp"

namespace report {

/// JUnit XML of a report: one test suite per scenario, one test case per assertion (fire,
/// route, resolve, quiet, each query, each threshold) with the reason in each failure's
/// message; skipped and not-judged checks are <skipped/>, inconclusive ones <error/>; an
/// interrupted run adds an <error/> case `interrupted` saying where it stopped. The suite's
/// <system-out> holds each action (`action_line`, one a line), then what each expected
/// alert's first firing notification said.
std::string junit_report(const Document& doc);

/// Whether write_file can write `file` (its directory takes a new file, it is not a directory),
/// so a bad --report or --junit path is exit 2 before any traffic, not after it.
util::Result<void> check_writable(const std::filesystem::path& file);

/// Writes through a temporary file and a rename, so a reader never sees half a report.
util::Result<void> write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace report
