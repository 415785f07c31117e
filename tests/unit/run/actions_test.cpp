// A scenario's actions on a fake app and real (short) commands: their order, what a failure
// does, and what is put back at the end.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <thread>

#include "run/actions.hpp"

using namespace std::chrono_literals;
using scenario::Action;

namespace {

class FakeApp : public run::AppControl {
  public:
    std::vector<std::string> calls;
    bool fail_start = false;
    std::string name() const override { return "demoapp"; }
    util::Result<void> stop() override { return record("stop"); }
    util::Result<void> start() override {
        if (fail_start)
            return util::fail(util::ExitCode::stack_unavailable, "port 5002 in use");
        return record("start");
    }
    util::Result<void> pause() override { return record("pause"); }
    util::Result<void> resume() override { return record("resume"); }

  private:
    util::Result<void> record(const char* call) {
        calls.push_back(call);
        return {};
    }
};

Action act(Action::Kind kind, Action::When when = Action::When::start,
           std::chrono::nanoseconds offset = 0ns) {
    Action a;
    a.kind = kind;
    a.when = when;
    a.offset = offset;
    a.text = kind == Action::Kind::stop    ? "stop app"
             : kind == Action::Kind::start ? "start app"
             : kind == Action::Kind::pause ? "pause app"
                                           : "resume app";
    return a;
}

Action exec(std::string line, std::chrono::milliseconds timeout = 5s) {
    Action a;
    a.kind = Action::Kind::exec;
    a.command = {"/bin/sh", "-c", line};
    a.text = "exec " + line;
    a.timeout = timeout;
    return a;
}

scenario::Phase phase(std::string name, std::chrono::nanoseconds duration,
                      std::vector<Action> actions) {
    scenario::Phase p;
    p.name = std::move(name);
    p.duration = duration;
    p.actions = std::move(actions);
    return p;
}

std::filesystem::path scratch() {
    return std::filesystem::temp_directory_path() /
           ("obsctl-actions-test-" + std::to_string(::getpid()));
}

std::vector<std::string> texts(const std::vector<report::ActionEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries)
        out.push_back(e.text);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(runs_each_phases_actions_in_time_order_and_puts_the_app_back) {
    FakeApp app;
    // The end of `errors` comes before the start of `outage`, though both are at 100 ms.
    run::Actions actions({phase("errors", 100ms, {act(Action::Kind::pause, Action::When::end)}),
                          phase("outage", 200ms,
                                {act(Action::Kind::resume, Action::When::start),
                                 act(Action::Kind::stop, Action::When::offset, 50ms)})},
                         &app, scratch());
    const std::atomic<bool> no{false};
    const auto started = std::chrono::steady_clock::now();
    actions.start(started, no, no);
    std::this_thread::sleep_for(300ms);
    const auto entries = actions.finish(true);
    // The app was left stopped: finish starts it again, marked as an undo.
    BOOST_TEST((app.calls == std::vector<std::string>{"pause", "resume", "stop", "start"}));
    BOOST_TEST(
        (texts(entries) == std::vector<std::string>{"pause demoapp", "resume demoapp",
                                                    "stop demoapp", "start demoapp (undo)"}));
    BOOST_TEST(entries[0].phase == "errors");
    BOOST_TEST(entries[2].phase == "outage");
    BOOST_TEST((entries[2].at >= 150ms && entries[2].at < 280ms));
    BOOST_TEST(entries[3].undo);
    BOOST_TEST(!actions.failure().has_value());
    BOOST_TEST(!actions.stop_traffic());
}

BOOST_AUTO_TEST_CASE(the_last_phases_end_runs_when_the_traffic_ran_to_its_end) {
    FakeApp app;
    run::Actions actions(
        {phase("outage", 10s,
               {act(Action::Kind::stop), act(Action::Kind::start, Action::When::end)})},
        &app, scratch());
    const std::atomic<bool> no{false};
    actions.start(std::chrono::steady_clock::now(), no, no);
    std::this_thread::sleep_for(100ms);
    // Complete: the end's start runs now, so nothing is left to undo.
    const auto entries = actions.finish(true);
    BOOST_TEST((texts(entries) == std::vector<std::string>{"stop demoapp", "start demoapp"}));
}

BOOST_AUTO_TEST_CASE(ctrl_c_runs_nothing_more_and_still_puts_the_app_back) {
    FakeApp app;
    run::Actions actions(
        {phase("outage", 10s,
               {act(Action::Kind::stop), act(Action::Kind::start, Action::When::end)})},
        &app, scratch());
    std::atomic<bool> interrupt{false};
    const std::atomic<bool> no{false};
    actions.start(std::chrono::steady_clock::now(), interrupt, no);
    std::this_thread::sleep_for(100ms);
    interrupt = true;
    const auto entries = actions.finish(false);
    BOOST_TEST(
        (texts(entries) == std::vector<std::string>{"stop demoapp", "start demoapp (undo)"}));
}

BOOST_AUTO_TEST_CASE(a_failed_action_stops_the_traffic_and_is_the_runs_error) {
    FakeApp app;
    run::Actions actions({phase("outage", 10s,
                                {exec("echo filling /data; echo no space left >&2; exit 3"),
                                 act(Action::Kind::stop, Action::When::offset, 50ms)})},
                         &app, scratch());
    const std::atomic<bool> no{false};
    actions.start(std::chrono::steady_clock::now(), no, no);
    for (int i = 0; i < 200 && !actions.stop_traffic(); ++i)
        std::this_thread::sleep_for(10ms);
    BOOST_TEST(actions.stop_traffic());
    const auto entries = actions.finish(false);
    BOOST_REQUIRE(entries.size() == 1u);  // the stop after it never ran
    BOOST_TEST(!entries[0].ok);
    BOOST_TEST(entries[0].output.find("exited with status 3") != std::string::npos);
    BOOST_TEST(entries[0].output.find("no space left") != std::string::npos);
    const auto failure = actions.failure();
    BOOST_REQUIRE(failure.has_value());
    BOOST_TEST(static_cast<int>(failure->code) == 3);
    BOOST_TEST(failure->what ==
               "action failed: exec echo filling /data; echo no space left >&2; exit 3: exited "
               "with status 3");
    BOOST_TEST(failure->hint.find("no space left") != std::string::npos);
    BOOST_TEST(app.calls.empty());
}

BOOST_AUTO_TEST_CASE(exec_reports_its_status_and_output_and_is_killed_at_its_timeout) {
    FakeApp app;
    run::Actions ok({phase("p", 10s, {exec("printf 'line one\\nline two\\n'")})}, &app, scratch());
    const std::atomic<bool> no{false};
    ok.start(std::chrono::steady_clock::now(), no, no);
    std::this_thread::sleep_for(300ms);
    const auto done = ok.finish(false);
    BOOST_REQUIRE(done.size() == 1u);
    BOOST_TEST(done[0].ok);
    BOOST_TEST(done[0].exit_status.value() == 0);
    BOOST_TEST(done[0].output == "line one\nline two");

    // The command and what it started (a sleep in its process group) go at the timeout.
    run::Actions slow({phase("p", 10s, {exec("sleep 30 & wait", 200ms)})}, &app, scratch());
    const auto started = std::chrono::steady_clock::now();
    slow.start(started, no, no);
    for (int i = 0; i < 300 && !slow.stop_traffic(); ++i)
        std::this_thread::sleep_for(10ms);
    const auto entries = slow.finish(false);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
    BOOST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(!entries[0].ok);
    BOOST_TEST(entries[0].output.find("still running after its timeout of 200ms: killed") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failed_undo_is_the_error_when_nothing_else_failed) {
    FakeApp app;
    app.fail_start = true;
    run::Actions actions({phase("outage", 10s, {act(Action::Kind::stop)})}, &app, scratch());
    const std::atomic<bool> no{false};
    actions.start(std::chrono::steady_clock::now(), no, no);
    std::this_thread::sleep_for(100ms);
    const auto entries = actions.finish(false);
    BOOST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(!entries[1].ok);
    BOOST_REQUIRE(actions.failure().has_value());
    BOOST_TEST(actions.failure()->what ==
               "could not put back what an action changed: start demoapp (undo): port 5002 in "
               "use");
}
