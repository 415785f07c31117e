// A run's steps on fakes: the stack, the traffic and the outputs scripted; the verdict of every
// output comes from the Document the run hands them.
#include <boost/test/unit_test.hpp>

#include "report/files.hpp"
#include "run/outputs.hpp"
#include "run/steps.hpp"

using namespace std::chrono_literals;
using verify::Check;
using verify::Outcome;

namespace {

enum class Step { none, preflight, traffic, wait };

/// The stack: its verdicts are given; an interrupt during `interrupt_in` is Ctrl-C there.
class FakeStack : public run::Stack {
  public:
    Step interrupt_in = Step::none;
    std::atomic<bool>* interrupt = nullptr;
    std::vector<Check> checks;     ///< what the judge says when the watch runs to its end
    std::vector<Check> cut_short;  ///< what it says when the run ended early
    bool started = false, finished = false;
    std::string failed_fast;

    util::Result<void> prepare(const std::atomic<bool>&) override {
        if (interrupt_in == Step::preflight)
            *interrupt = true;
        return {};
    }
    void start(std::shared_ptr<std::atomic<bool>> halt) override {
        started = true;
        if (!failed_fast.empty() && halt != nullptr)
            *halt = true;
    }
    std::vector<verify::LiveAlert> live() const override { return {}; }
    verify::VerifyReport finish(const verify::Traffic&, const std::atomic<bool>& stop) override {
        finished = true;
        if (interrupt_in == Step::wait)
            *interrupt = true;
        verify::VerifyReport r;
        const bool early = stop || !failed_fast.empty();
        auto all = early ? cut_short : checks;
        r.quiet = all.back();
        all.pop_back();
        r.queries = all;
        r.interrupted = stop;
        r.failed_fast = failed_fast;
        if (early)
            r.ended = verify::Millis{20'000};
        return r;
    }
};

class FakeTraffic : public run::Traffic {
  public:
    Step interrupt_in = Step::none;
    std::atomic<bool>* interrupt = nullptr;
    bool sent = false;
    run::Sent send(const std::atomic<bool>&, const std::atomic<bool>& halt) override {
        sent = true;
        run::Sent s;
        s.run.elapsed = 30s;
        if (interrupt_in == Step::traffic) {
            *interrupt = true;
            s.run.interrupted = true;
            s.run.elapsed = 12'300ms;
        }
        s.run.halted = halt;
        s.thresholds = {{"latency p95 < 1s", true, 0.2, "200ms"}};
        return s;
    }
};

class FakeOutput : public run::Output {
  public:
    std::optional<report::Document> doc;
    util::Result<void> conclude(const report::Document& d) override {
        doc = d;
        return {};
    }
};

struct Fixture {
    std::atomic<bool> interrupt{false};
    FakeStack stack;
    FakeTraffic traffic;
    FakeOutput out;
    run::Plan plan;

    Fixture() {
        stack.interrupt = &interrupt;
        traffic.interrupt = &interrupt;
        plan.base.scenario = "errors";
        stack.checks = {{"fire A", Outcome::passed, ""},
                        {"resolve A", Outcome::passed, ""},
                        {"quiet", Outcome::passed, ""}};
        stack.cut_short = {{"fire A", Outcome::passed, ""},
                           {"resolve A", Outcome::not_judged, "not judged"},
                           {"quiet", Outcome::not_judged, "not judged"}};
    }
    util::ExitCode run() {
        auto code = run::run_scenario(plan, &stack, traffic, out, interrupt);
        BOOST_REQUIRE(code.has_value());
        BOOST_REQUIRE(out.doc.has_value());
        // Every output reads the same Document: its verdict is the run's exit code.
        BOOST_TEST(static_cast<int>(out.doc->verdict().exit_code) == static_cast<int>(*code));
        return *code;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_run_to_its_end_passes_with_every_check) {
    Fixture f;
    BOOST_TEST(static_cast<int>(f.run()) == 0);
    BOOST_TEST(f.out.doc->verdict().word == "PASSED");
    BOOST_TEST(f.out.doc->verdict().counts.text() == "4 of 4 checks passed");
    BOOST_TEST(!f.out.doc->interrupted);
    BOOST_TEST(!f.out.doc->stopped.has_value());
}

BOOST_AUTO_TEST_CASE(an_interrupt_in_the_preflight_sends_nothing_and_says_so) {
    Fixture f;
    f.stack.interrupt_in = Step::preflight;
    BOOST_TEST(static_cast<int>(f.run()) == 130);
    BOOST_TEST(!f.traffic.sent);
    BOOST_TEST(!f.stack.started);
    BOOST_REQUIRE(f.out.doc->stopped.has_value());
    BOOST_TEST(f.out.doc->stopped->text() == "in the preflight");
    const auto xml = report::junit_report(*f.out.doc);
    BOOST_TEST(
        xml.find("<testcase classname=\"errors\" name=\"interrupted\">") != std::string::npos, xml);
    BOOST_TEST(xml.find("errors=\"1\"") != std::string::npos, xml);
}

BOOST_AUTO_TEST_CASE(an_interrupt_during_traffic_judges_thresholds_and_undecided_checks_not) {
    Fixture f;
    f.traffic.interrupt_in = Step::traffic;
    BOOST_TEST(static_cast<int>(f.run()) == 130);
    BOOST_TEST(f.stack.finished);  // what was seen is still judged
    const auto& d = *f.out.doc;
    BOOST_TEST(d.interrupted);
    BOOST_TEST(d.stopped->text() == "during traffic at +12.3s");
    const auto v = d.verdict();
    BOOST_TEST(v.word == "INTERRUPTED");
    // fire passed before the interrupt; resolve, quiet and the threshold are not judged.
    BOOST_TEST(v.counts.text() == "1 of 4 checks passed, 3 not judged");
    const auto xml = report::junit_report(d);
    BOOST_TEST(xml.find("failures=\"0\" errors=\"1\" skipped=\"3\"") != std::string::npos, xml);
}

BOOST_AUTO_TEST_CASE(an_interrupt_in_the_wait_keeps_the_thresholds_of_a_whole_traffic) {
    Fixture f;
    f.stack.interrupt_in = Step::wait;
    BOOST_TEST(static_cast<int>(f.run()) == 130);
    const auto& d = *f.out.doc;
    BOOST_TEST(d.stopped->text() == "in the wait for verdicts at +20.0s");
    BOOST_TEST(d.verdict().counts.text() == "2 of 4 checks passed, 2 not judged");
}

BOOST_AUTO_TEST_CASE(fail_fast_ends_the_run_failed_not_interrupted) {
    Fixture f;
    f.plan.fail_fast = true;
    f.stack.failed_fast = "fire A failed at +20.0s: never fired";
    f.stack.cut_short = {{"fire A", Outcome::failed, "never fired"},
                         {"resolve A", Outcome::not_judged, "not judged"},
                         {"quiet", Outcome::not_judged, "not judged"}};
    BOOST_TEST(static_cast<int>(f.run()) == 1);
    const auto& d = *f.out.doc;
    BOOST_TEST(!d.interrupted);
    BOOST_REQUIRE(d.stopped.has_value());
    BOOST_TEST(d.stopped->reason == "--fail-fast: fire A failed at +20.0s: never fired");
    BOOST_TEST(d.verdict().word == "FAILED");
    // The traffic was cut short: its threshold is not judged either.
    BOOST_TEST(d.verdict().counts.text() == "0 of 4 checks passed, 1 failed, 3 not judged");
}

BOOST_AUTO_TEST_CASE(skipped_inconclusive_and_not_judged_are_counted_apart) {
    const std::vector<Check> checks{{"a", Outcome::passed, ""},
                                    {"b", Outcome::skipped, ""},
                                    {"c", Outcome::inconclusive, ""},
                                    {"d", Outcome::not_judged, ""},
                                    {"e", Outcome::failed, ""}};
    const auto v = verify::verdict_of(checks, false);
    BOOST_TEST(v.counts.text() ==
               "1 of 5 checks passed, 1 failed, 1 skipped, 1 inconclusive, 1 not judged");
    BOOST_TEST(v.word == "INCONCLUSIVE");  // the stack hid one: not a regression to report
    BOOST_TEST(static_cast<int>(v.exit_code) == 3);
    // Skipped alone neither passes nor fails a run; not judged alone cannot pass it.
    BOOST_TEST(verify::verdict_of({checks[0], checks[1]}, false).word == "PASSED");
    BOOST_TEST(verify::verdict_of({checks[0], checks[3]}, false).word == "INCONCLUSIVE");
}

BOOST_AUTO_TEST_CASE(several_scenarios_exit_with_the_highest_ranked_code_in_any_order) {
    using util::ExitCode;
    const std::atomic<bool> no{false};
    auto of = [&](std::vector<ExitCode> codes) {
        return *run::each_scenario(
            codes.size(), [&](std::size_t i) -> util::Result<ExitCode> { return codes[i]; }, no);
    };
    BOOST_TEST(static_cast<int>(of({ExitCode::stack_unavailable, ExitCode::check_failed})) == 3);
    BOOST_TEST(static_cast<int>(of({ExitCode::check_failed, ExitCode::stack_unavailable})) == 3);
    BOOST_TEST(static_cast<int>(of({ExitCode::ok, ExitCode::check_failed, ExitCode::ok})) == 1);
    BOOST_TEST(static_cast<int>(of({ExitCode::interrupted})) == 130);
    // An interrupt ends the command: the scenarios after it do not run.
    std::size_t ran = 0;
    const auto code = run::each_scenario(
        3,
        [&](std::size_t) -> util::Result<ExitCode> {
            ++ran;
            return ExitCode::interrupted;
        },
        no);
    BOOST_TEST(static_cast<int>(*code) == 130);
    BOOST_TEST(ran == 1u);
}

BOOST_AUTO_TEST_CASE(the_wait_shows_each_alert_and_the_time_left_to_its_next_deadline) {
    verify::LiveAlert firing{"HighErrorRate", "firing", 12s, {"oncall"}, "resolve", 31s};
    verify::LiveAlert late{"HighLatency", "inactive", 40s, {}, "fire", -2s};
    verify::LiveAlert done{"Other", "resolved", 1s, {}, "", std::nullopt};
    const auto lines = run::wait_lines({firing, late, done});
    BOOST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0] == "  HighErrorRate  firing 12.0s -> oncall  resolve within 31.0s");
    BOOST_TEST(lines[1] == "  HighLatency  inactive  fire overdue by 2.0s");
    BOOST_TEST(lines[2] == "  Other  resolved  done");
}
