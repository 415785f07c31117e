#include "verify/verdict.hpp"

namespace verify {

namespace {

struct OutcomeNames {
    Outcome outcome;
    const char* word;
    const char* key;
};

constexpr OutcomeNames k_names[] = {
    {Outcome::passed, "PASS", "passed"},
    {Outcome::failed, "FAIL", "failed"},
    {Outcome::skipped, "SKIP", "skipped"},
    {Outcome::inconclusive, "INCONCLUSIVE", "inconclusive"},
    {Outcome::not_judged, "NOT JUDGED", "not_judged"},
};

}  // namespace

const char* outcome_word(Outcome o) {
    return k_names[static_cast<int>(o)].word;
}

const char* outcome_key(Outcome o) {
    return k_names[static_cast<int>(o)].key;
}

bool outcome_from_key(const std::string& key, Outcome& out) {
    for (const auto& n : k_names) {
        if (key == n.key) {
            out = n.outcome;
            return true;
        }
    }
    return false;
}

std::string OutcomeCounts::text() const {
    std::string out = std::to_string(passed) + " of " + std::to_string(total()) + " checks passed";
    for (const auto& [n, what] :
         {std::pair{failed, "failed"}, std::pair{skipped, "skipped"},
          std::pair{inconclusive, "inconclusive"}, std::pair{not_judged, "not judged"}}) {
        if (n > 0)
            out += ", " + std::to_string(n) + " " + what;
    }
    return out;
}

Verdict verdict_of(const std::vector<Check>& checks, bool interrupted) {
    Verdict v;
    for (const auto& c : checks) {
        switch (c.outcome) {
            case Outcome::passed:
                ++v.counts.passed;
                break;
            case Outcome::failed:
                ++v.counts.failed;
                break;
            case Outcome::skipped:
                ++v.counts.skipped;
                break;
            case Outcome::inconclusive:
                ++v.counts.inconclusive;
                break;
            case Outcome::not_judged:
                ++v.counts.not_judged;
                break;
        }
    }
    if (interrupted)
        v.exit_code = util::ExitCode::interrupted;
    else if (v.counts.inconclusive > 0)
        v.exit_code = util::ExitCode::stack_unavailable;
    else if (v.counts.failed > 0)
        v.exit_code = util::ExitCode::check_failed;
    else if (v.counts.not_judged > 0)
        v.exit_code = util::ExitCode::stack_unavailable;
    v.word = verdict_word(v.exit_code);
    return v;
}

std::string verdict_word(util::ExitCode code) {
    switch (code) {
        case util::ExitCode::ok:
            return "PASSED";
        case util::ExitCode::check_failed:
            return "FAILED";
        case util::ExitCode::stack_unavailable:
            return "INCONCLUSIVE";
        case util::ExitCode::interrupted:
            return "INTERRUPTED";
        default:
            return "EXIT " + std::to_string(static_cast<int>(code));
    }
}

}  // namespace verify
