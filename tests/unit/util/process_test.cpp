#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <fstream>

#include "support/test_support.hpp"
#include "util/process.hpp"
#include "util/process_runner.hpp"

using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(spawning_a_missing_program_is_exit_3_naming_it) {
    test_support::TempDir dir;
    auto pid = util::spawn({.argv = {"obsctl-no-such-program"}, .log_file = dir.path() / "log"});
    BOOST_REQUIRE(!pid.has_value());
    BOOST_TEST(static_cast<int>(pid.error().code) == 3);
    BOOST_TEST(pid.error().message().find("cannot run obsctl-no-such-program: No such file") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_spawned_program_logs_to_its_file_and_is_reaped_with_its_status) {
    test_support::TempDir dir;
    auto pid = util::spawn({.argv = {"sh", "-c", "echo hello; echo oops >&2; exit 7"},
                            .log_file = dir.path() / "log"});
    BOOST_REQUIRE(pid.has_value());
    std::optional<int> status;
    BOOST_TEST(test_support::wait_until(
        [&] { return (status = util::reap_if_exited(*pid)).has_value(); }, 5s, 10ms));
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST(WIFEXITED(*status));
    BOOST_TEST(WEXITSTATUS(*status) == 7);
    BOOST_TEST(util::tail_lines(dir.path() / "log", 2) == "hello\noops\n");
}

BOOST_AUTO_TEST_CASE(terminate_stops_a_program_with_sigterm_and_kills_one_that_ignores_it) {
    test_support::TempDir dir;
    auto polite = util::spawn({.argv = {"sleep", "30"}, .log_file = dir.path() / "a"});
    BOOST_REQUIRE(polite.has_value());
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(util::terminate(*polite, 5s));
    BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
    BOOST_TEST(!util::process_alive(*polite));

    // A shell that ignores SIGTERM (`trap '' TERM`, looping so no child takes the signal): it
    // must be killed once the grace period is over.
    auto stubborn =
        util::spawn({.argv = {"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"},
                     .log_file = dir.path() / "b"});
    BOOST_REQUIRE(stubborn.has_value());
    BOOST_REQUIRE(test_support::wait_until(
        [&] { return util::tail_lines(dir.path() / "b", 1) == "ready\n"; }, 5s, 10ms));
    BOOST_TEST(!util::terminate(*stubborn, 300ms));
    BOOST_TEST(!util::process_alive(*stubborn));
}

BOOST_AUTO_TEST_CASE(run_command_captures_output_and_exit_status) {
    test_support::TempDir dir;
    auto out = util::run_command({"sh", "-c", "echo out; echo err >&2; exit 3"}, dir.path() / "s");
    BOOST_REQUIRE(out.has_value());
    BOOST_TEST(out->exit_status == 3);
    BOOST_TEST(out->output.find("out") != std::string::npos);
    BOOST_TEST(out->output.find("err") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(run_command_kills_a_command_that_outlives_its_timeout_and_says_so) {
    test_support::TempDir dir;
    const auto started = std::chrono::steady_clock::now();
    // SIGKILL reaches the shell and, through its process group, its sleep.
    auto out = util::real_process_runner().run_command(
        {"sh", "-c", "echo begun; sleep 30; echo never"}, dir.path() / "s", 200ms);
    BOOST_REQUIRE(out.has_value());
    BOOST_TEST(out->timed_out);
    BOOST_TEST(out->exit_status == -1);
    BOOST_TEST(out->output == "begun\n");
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
    auto quick = util::real_process_runner().run_command({"true"}, dir.path() / "t", 5s);
    BOOST_REQUIRE(quick.has_value());
    BOOST_TEST(!quick->timed_out);
    BOOST_TEST(quick->exit_status == 0);
}

BOOST_AUTO_TEST_CASE(signalling_pid_0_or_minus_1_is_refused) {
    BOOST_TEST(!util::signal_process(0, SIGCONT).has_value());
    BOOST_TEST(!util::signal_process(-1, SIGCONT).has_value());
}
