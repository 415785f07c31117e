#pragma once

#include <string>
#include <vector>

namespace verify {

/// What became of one check. Exactly one holds; every output (terminal, JSON, JUnit, the page,
/// Grafana, coverage) shows it through `verdict_of` and `outcome_word`.
enum class Outcome {
    passed,        ///< obsctl saw it happen in time
    failed,        ///< obsctl saw it not happen in time (its deadline passed unmet)
    skipped,       ///< not asked of this run, or it follows a check that failed; `detail` says why
    inconclusive,  ///< the stack hid what it depends on; `detail` names the blind span
    not_judged,    ///< the run ended (Ctrl-C, --fail-fast) before its deadline
};

/// "PASS", "FAIL", "SKIP", "INCONCLUSIVE", "NOT JUDGED": the terminal's and the page's word.
const char* outcome_word(Outcome o);
/// "passed", "failed", "skipped", "inconclusive", "not_judged": the JSON report's value.
const char* outcome_key(Outcome o);
/// The inverse of outcome_key; false for any other text.
bool outcome_from_key(const std::string& key, Outcome& out);

/// One assertion: a preflight step, an alert's fire/deliver/route/resolve, quiet, a query, a
/// threshold.
struct Check {
    std::string name;
    Outcome outcome = Outcome::failed;
    std::string detail;
    bool warning = false;  ///< preflight: passed, but worth saying (no scrape target matched)
    /// Why it failed, read from the live data (`why_not_fired`): one finding a line.
    std::vector<std::string> why;
    /// Preflight: a failure of the scenario (a receiver no route reaches, a deadline the rule
    /// cannot meet): exit 2, where a failure of the stack is exit 3.
    bool scenario_error = false;

    bool passed() const { return outcome == Outcome::passed; }
    bool failed() const { return outcome == Outcome::failed; }
    bool skipped() const { return outcome == Outcome::skipped; }
    bool inconclusive() const { return outcome == Outcome::inconclusive; }
    bool not_judged() const { return outcome == Outcome::not_judged; }
};

/// A check that passed or failed as `passed` says.
inline Check judged(std::string name, bool passed, std::string detail) {
    return {
        std::move(name), passed ? Outcome::passed : Outcome::failed, std::move(detail), false, {}};
}

}  // namespace verify
