#pragma once

#include <vector>

#include "verify/check.hpp"
#include "verify/collector.hpp"
#include "verify/judge.hpp"

namespace verify {

/// What a person reads about one expected alert, judged from what was captured:
/// - `template X`, always once X fired: its annotations as Prometheus rendered them and every
///   captured notification that carried it hold no `<no value>`, `<error expanding template`,
///   `%!` (a Go formatting error), and no empty title or summary; a failure names the
///   receiver, the integration, the field and what was found;
/// - `annotations X`, with expect.fire[].annotations: each annotation matches its regex;
/// - `notification X -> R`, with expect.fire[].notification: the first firing notification of X
///   that reached R's integrations contains each text and matches the regex.
/// A notification obsctl could not tie to X alone (several groups flushed at once) decides a
/// check only when all candidates agree; otherwise the check is inconclusive.
std::vector<Check> judge_rendered(const AlertExpectation& e, const AlertTimeline& t,
                                  const Record& record, const JudgeRules& rules);

/// The captured notifications that carried the alert `t` matches, in order of arrival.
std::vector<const std::pair<Millis, capture::Notification>*> notifications_of(
    const AlertTimeline& t, const Record& record);

/// Everything a person reads in `n`, one field a line ("title: ...").
std::string readable_text(const capture::Notification& n);

}  // namespace verify
