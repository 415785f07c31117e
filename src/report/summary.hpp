#pragma once

#include <cstdio>
#include <vector>

#include "load/run_result.hpp"
#include "report/thresholds.hpp"
#include "verify/check.hpp"

namespace report {

/// The end-of-run summary for people: per phase and per request name the count, achieved
/// rate, status classes, error categories, dropped requests and latency percentiles.
void print_summary(std::FILE* out, const load::RunResult& run);

/// Each threshold's check (Document::threshold_checks), one line each (after the alert
/// verdicts, before the last line).
void print_thresholds(std::FILE* out, const std::vector<verify::Check>& thresholds);

}  // namespace report
