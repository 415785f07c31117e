#pragma once

#include <cstdio>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "report/thresholds.hpp"
#include "verify/verifier.hpp"

namespace report {

/// The alert part of the terminal report: one timeline line per expected alert, e.g.
/// `HighErrorRate  pending +11.8s  firing +41.9s  alertmanager +42.0s (oncall)  resolved +97.3s
/// PASS`, then each verdict with its deadline and where that came from, quiet, and the queries.
void print_verification(std::FILE* out, const verify::VerifyReport& report);

/// Preflight verdicts as they come, one line each.
void print_check(std::FILE* out, const verify::Check& check);

/// Every assertion as a check: the verification's, then each threshold's (not judged when the
/// traffic was cut short: a threshold is about the whole of it).
std::vector<verify::Check> all_checks(const verify::VerifyReport* verification,
                                      const std::vector<ThresholdVerdict>& thresholds,
                                      bool traffic_cut_short);

/// One expected alert's word on the terminal: FAIL, INCONCLUSIVE, NOT JUDGED or PASS.
const char* alert_word(const std::vector<verify::Check>& checks);

}  // namespace report
