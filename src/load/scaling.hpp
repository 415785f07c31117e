#pragma once

#include <vector>

#include "scenario/model.hpp"
#include "util/error.hpp"

namespace load {

/// The phases as they will run: durations (and think times) times `duration_scale`, rates
/// (and vus) times `rate_scale`.
std::vector<scenario::Phase> scaled_phases(const scenario::Scenario& s, double rate_scale,
                                           double duration_scale);

/// Whether scaled phases stay within scenario::limits (the parser checked them unscaled):
/// `--rate-scale 1000` on a 500/s phase asks one process for 500k/s. Exit 2, naming the phase
/// and the limit, before any traffic; run_load refuses such phases too (an internal error).
util::Result<void> check_scaled(const scenario::Scenario& s,
                                const std::vector<scenario::Phase>& phases);

}  // namespace load
