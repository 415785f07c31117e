#include <boost/test/unit_test.hpp>

#include <fstream>

#include "stack/supervised_app.hpp"
#include "support/fake_http_client.hpp"
#include "support/fake_process_runner.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

const std::string k_command = "python3 app.py --port 8080";
const std::string k_health = "http://127.0.0.1:8080/health";

struct FakeApp {
    test_support::TempDir dir;
    test_support::FakeProcessRunner runner;
    test_support::FakeHttpClient http;
    std::filesystem::path log = dir.path() / "app.log";

    util::Result<std::unique_ptr<stack::SupervisedApp>> start(
        std::string health_url = {}, std::chrono::milliseconds timeout = 0ms) {
        return stack::SupervisedApp::start(k_command, log, runner, std::move(health_url), timeout,
                                           &http);
    }
    void write_log(const std::string& text) const { std::ofstream(log) << text; }
};

using test_support::contains;

}  // namespace

BOOST_AUTO_TEST_CASE(the_command_runs_under_sh_and_going_away_stops_its_whole_group) {
    FakeApp f;
    pid_t pid = 0;
    {
        auto app = f.start();
        BOOST_REQUIRE(app.has_value());
        BOOST_TEST(f.runner.argv_of("sh") == (Strings{"/bin/sh", "-c", k_command}));
        pid = (*app)->pid();
        BOOST_TEST(pid == f.runner.pid_of("sh"));
        BOOST_TEST((*app)->running());
    }
    // The group (-pid): what the shell started goes too.
    BOOST_TEST(f.runner.actions() == (Strings{"spawn sh", "signal -sh TERM"}));
    BOOST_TEST(!f.runner.running(pid));
}

BOOST_AUTO_TEST_CASE(any_http_status_on_the_health_url_means_ready) {
    FakeApp f;
    f.http.answer = [](const std::string&) -> util::Result<promapi::HttpResponse> {
        return promapi::HttpResponse{404, "not found"};
    };
    auto app = f.start(k_health);
    BOOST_REQUIRE_MESSAGE(app.has_value(), (app ? std::string() : app.error().message()));
    BOOST_TEST(f.http.requested == Strings{k_health});
}

BOOST_AUTO_TEST_CASE(an_app_that_does_not_answer_is_an_error_naming_the_command_and_its_log) {
    FakeApp f;
    f.write_log("Traceback (most recent call last):\nModuleNotFoundError: No module named 'x'\n");
    auto app = f.start(k_health, 0ms);  // refused, and no time to wait: asked once
    BOOST_REQUIRE(!app.has_value());
    const auto& e = app.error();
    BOOST_TEST(static_cast<int>(e.code) == 3);
    BOOST_TEST(contains(e.what, "app `" + k_command + "` did not answer on " + k_health), e.what);
    BOOST_TEST(contains(e.what, "ModuleNotFoundError: No module named 'x'"));
    BOOST_TEST(f.http.requested.size() == 1u);
    // Nothing half-started is left behind.
    BOOST_TEST(!f.runner.running(f.runner.pid_of("sh")));
}

BOOST_AUTO_TEST_CASE(an_app_that_exits_while_starting_says_its_exit_code) {
    FakeApp f;
    f.runner.exits_on_start("sh", 2);
    auto app = f.start(k_health, 10s);
    BOOST_REQUIRE(!app.has_value());
    BOOST_TEST(contains(app.error().what, "exited (exit code 2) before answering"),
               app.error().what);
    BOOST_TEST(contains(app.error().what, "its log " + f.log.string() + " is empty"));
    BOOST_TEST(f.http.requested.empty());
}

BOOST_AUTO_TEST_CASE(a_shell_that_cannot_start_is_an_error_naming_the_command) {
    FakeApp f;
    f.runner.fail_to_start("sh");
    auto app = f.start();
    BOOST_REQUIRE(!app.has_value());
    BOOST_TEST(static_cast<int>(app.error().code) == 3);
    BOOST_TEST(contains(app.error().what, "app `" + k_command + "` did not start: cannot run"));
}

BOOST_AUTO_TEST_CASE(stop_start_restart_pause_and_resume_reach_the_process_group) {
    FakeApp f;
    auto started = f.start();
    BOOST_REQUIRE(started.has_value());
    auto& app = **started;
    app.stop();
    BOOST_TEST(!app.running());
    BOOST_TEST(app.pid() == 0);
    app.stop();  // stopped already: nothing sent
    BOOST_TEST(!app.pause().has_value());

    BOOST_REQUIRE(app.start().has_value());
    const pid_t second = app.pid();
    BOOST_TEST(f.runner.running(second));
    BOOST_REQUIRE(app.start().has_value());  // running: not started twice
    BOOST_REQUIRE(app.restart().has_value());
    const pid_t third = app.pid();
    BOOST_TEST(third != second);
    BOOST_TEST(!f.runner.running(second));

    BOOST_REQUIRE(app.pause().has_value());
    BOOST_TEST(app.paused());
    BOOST_TEST(f.runner.stopped(third));
    BOOST_REQUIRE(app.resume().has_value());
    BOOST_TEST(!f.runner.stopped(third));
    BOOST_REQUIRE(app.pause().has_value());
    started->reset();  // paused when it goes: resumed, then stopped
    BOOST_TEST(f.runner.actions() ==
               (Strings{"spawn sh", "signal -sh TERM", "spawn sh", "signal -sh TERM", "spawn sh",
                        "signal -sh STOP", "signal -sh CONT", "signal -sh STOP", "signal -sh CONT",
                        "signal -sh TERM"}));
    BOOST_TEST(!f.runner.running(third));
}

BOOST_AUTO_TEST_CASE(an_app_that_died_is_not_running_and_starts_again) {
    FakeApp f;
    auto started = f.start();
    BOOST_REQUIRE(started.has_value());
    auto& app = **started;
    f.runner.exit(app.pid(), 1);
    BOOST_TEST(!app.running());
    BOOST_TEST(app.pid() == 0);
    BOOST_REQUIRE(app.start().has_value());
    BOOST_TEST(app.running());
    BOOST_TEST(f.runner.running(app.pid()));
}
