#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "util/exit_codes.hpp"
#include "verify/check.hpp"

namespace verify {

/// How many checks ended each way.
struct OutcomeCounts {
    std::size_t passed = 0, failed = 0, skipped = 0, inconclusive = 0, not_judged = 0;
    std::size_t total() const { return passed + failed + skipped + inconclusive + not_judged; }
    /// "3 of 11 checks passed, 2 failed, 5 skipped, 1 not judged" (zero counts left out).
    std::string text() const;
};

/// A run's verdict: the one rule every output takes its word, counts and exit code from.
struct Verdict {
    std::string word;  ///< PASSED, FAILED, INCONCLUSIVE, INTERRUPTED
    OutcomeCounts counts;
    util::ExitCode exit_code = util::ExitCode::ok;
};

/// The verdict of `checks`: INTERRUPTED (130) when the run was interrupted; else INCONCLUSIVE
/// (3) when the stack hid a check (CI must not report an alert regression it could not see);
/// else FAILED (1) when one failed; else INCONCLUSIVE when one was not judged (it was not seen,
/// so it cannot pass); else PASSED (0). Skipped checks neither pass nor fail the run.
Verdict verdict_of(const std::vector<Check>& checks, bool interrupted);

/// The verdict word a bare exit code stands for (a report of a command that stopped on an
/// Error has no checks): 0 PASSED, 1 FAILED, 3 INCONCLUSIVE, 130 INTERRUPTED, else "EXIT n".
std::string verdict_word(util::ExitCode code);

}  // namespace verify
