#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "report/document.hpp"
#include "util/error.hpp"
#include "verify/verifier.hpp"

namespace run {

/// The stack's side of a run: the preflight, the watch over the alerts while traffic runs,
/// and the verdicts. Abstract so a run is driven on fakes in tests (ninja's CommandRunner
/// habit); `LiveStack` is the real one.
class Stack {
  public:
    virtual ~Stack() = default;
    /// The preflight (and the run's silence). An Error is exit 3 naming what is missing;
    /// Ctrl-C (`interrupt` set) returns normally.
    virtual util::Result<void> prepare(const std::atomic<bool>& interrupt) = 0;
    /// Traffic starts now. With `halt` (--fail-fast), a check that fails sets it (shared: the
    /// stack's watch may outlive the step that made it).
    virtual void start(std::shared_ptr<std::atomic<bool>> halt) = 0;
    /// Each expected alert's state as of the last poll.
    virtual std::vector<verify::LiveAlert> live() const = 0;
    /// Traffic has ended: waits for the verdicts (or judges at once on Ctrl-C or a
    /// --fail-fast failure) and returns them.
    virtual verify::VerifyReport finish(const verify::Traffic& traffic,
                                        const std::atomic<bool>& interrupt) = 0;
};

/// What a run's traffic gave: obsctl's own load, or the window of load sent from elsewhere.
struct Sent {
    load::RunResult run;  ///< its own load; a watch fills only started and elapsed
    verify::Traffic traffic;
    std::vector<report::ThresholdVerdict> thresholds;
    std::vector<report::ActionEntry> actions;  ///< the scenario's actions and their undoing
    std::optional<util::Error> action_failed;  ///< an action failed: the traffic stopped there
};

/// The traffic of a run: `LoadTraffic` sends it, `obsctl verify` waits it out.
class Traffic {
  public:
    virtual ~Traffic() = default;
    /// Until its end, Ctrl-C (`interrupt`) or --fail-fast (`halt`).
    virtual Sent send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) = 0;
};

/// Where a run's results go: the terminal, the report files, the page, Grafana.
class Output {
  public:
    virtual ~Output() = default;
    /// The traffic is over (its summary).
    virtual void traffic_done(const Sent&) {}
    /// The wait for verdicts begins; `stack.live()` may be shown until `wait_ends`.
    virtual void wait_begins(const Stack&) {}
    virtual void wait_ends() {}
    /// The verdicts are in (the terminal's timelines; coverage).
    virtual void verified(const verify::VerifyReport&) {}
    /// The end of the scenario: its report written everywhere, the verdict line.
    virtual util::Result<void> conclude(const report::Document& doc) = 0;
};

/// One scenario's run as obsctl does it.
struct Plan {
    report::Document base;   ///< the scenario, mode, seed and stack URLs; the rest is filled in
    bool fail_fast = false;  ///< stop the run at the first failed check
    /// Set when --fail-fast stopped this scenario: the command runs no further scenario.
    std::atomic<bool>* failed_fast = nullptr;
};

/// The steps of one scenario: the preflight (when `stack` is set), the traffic with the stack
/// watching it, the wait for verdicts, then one Document to every output. Returns the
/// verdict's exit code (verify::verdict_of). Ctrl-C at any step ends it there: what was decided
/// keeps its outcome, the rest is not judged, the report says where it stopped (exit 130).
/// A failed preflight is an Error (exit 3), before any traffic.
util::Result<util::ExitCode> run_scenario(const Plan& plan, Stack* stack, Traffic& traffic,
                                          Output& out, const std::atomic<bool>& interrupt);

/// Runs `one` for each of `count` scenarios in turn, until an Error, an interrupt or `stop`
/// (--fail-fast stopped one); the exit code is the highest ranked of theirs (util::worse),
/// whatever their order.
util::Result<util::ExitCode> each_scenario(
    std::size_t count, const std::function<util::Result<util::ExitCode>(std::size_t)>& one,
    const std::atomic<bool>& interrupt, const std::atomic<bool>* stop = nullptr);

}  // namespace run
