#include "run/steps.hpp"

#include "coverage/coverage.hpp"

namespace run {
namespace {

/// Where the run stopped, when it did not run to its end.
std::optional<report::Stop> stop_of(const Sent& sent, const verify::VerifyReport* v,
                                    bool interrupted) {
    const bool failed_fast = v != nullptr && !v->failed_fast.empty();
    if (!interrupted && !failed_fast)
        return std::nullopt;
    const std::string reason = interrupted ? "interrupted" : "--fail-fast: " + v->failed_fast;
    if (sent.run.interrupted || sent.run.halted) {
        return report::Stop{"traffic", reason,
                            std::chrono::duration_cast<verify::Millis>(sent.run.elapsed)};
    }
    return report::Stop{"wait", reason, v != nullptr ? v->ended : std::nullopt};
}

}  // namespace

util::Result<util::ExitCode> run_scenario(const Plan& plan, Stack* stack, Traffic& traffic,
                                          Output& out, const std::atomic<bool>& interrupt) {
    report::Document doc = plan.base;
    // Until traffic starts (a run stopped in its preflight is dated when it began).
    doc.run.started = std::chrono::system_clock::now();
    if (stack != nullptr) {
        if (auto ok = stack->prepare(interrupt); !ok)
            return std::unexpected(ok.error());
        if (interrupt) {
            // Nothing was sent or watched: the report says so, and no check passes.
            doc.interrupted = true;
            doc.stopped = report::Stop{"preflight", "interrupted", std::nullopt};
            if (auto ok = out.conclude(doc); !ok)
                return std::unexpected(ok.error());
            return doc.verdict().exit_code;
        }
    }
    auto halt = std::make_shared<std::atomic<bool>>(false);
    if (stack != nullptr)
        stack->start(plan.fail_fast ? halt : nullptr);
    Sent sent = traffic.send(interrupt, *halt);
    out.traffic_done(sent);
    // An action that failed ends the run like Ctrl-C does, but as an error (exit 3).
    const std::atomic<bool> cut{true};
    const std::atomic<bool>& stop = sent.action_failed ? cut : interrupt;
    std::optional<verify::VerifyReport> verification;
    if (stack != nullptr) {
        // Cut short, the verdicts are judged at once: there is nothing to wait for.
        if (!stop && !*halt)
            out.wait_begins(*stack);
        verification = stack->finish(sent.traffic, stop);
        out.wait_ends();
        out.verified(*verification);
        doc.verification = report::verification_entry(*verification);
        doc.coverage = coverage::of_run(doc.scenario, *verification);
    }
    doc.interrupted = interrupt.load();
    doc.stopped = stop_of(sent, verification ? &*verification : nullptr, doc.interrupted);
    if (sent.action_failed) {
        doc.stopped = report::Stop{"traffic", sent.action_failed->what,
                                   std::chrono::duration_cast<verify::Millis>(sent.run.elapsed)};
    }
    doc.actions = std::move(sent.actions);
    if (plan.failed_fast != nullptr && doc.stopped && !doc.interrupted)
        *plan.failed_fast = true;
    doc.run = std::move(sent.run);
    doc.run.scenario = doc.scenario;
    doc.thresholds = std::move(sent.thresholds);
    if (auto ok = out.conclude(doc); !ok)
        return std::unexpected(ok.error());
    if (sent.action_failed)
        return std::unexpected(*sent.action_failed);
    return doc.verdict().exit_code;
}

util::Result<util::ExitCode> each_scenario(
    std::size_t count, const std::function<util::Result<util::ExitCode>(std::size_t)>& one,
    const std::atomic<bool>& interrupt, const std::atomic<bool>* stop) {
    util::ExitCode worst = util::ExitCode::ok;
    for (std::size_t i = 0; i < count; ++i) {
        auto code = one(i);
        if (!code)
            return code;
        worst = util::worse(worst, *code);
        if (interrupt || *code == util::ExitCode::interrupted || (stop != nullptr && *stop))
            break;
    }
    return worst;
}

}  // namespace run
