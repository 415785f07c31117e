#include <boost/test/unit_test.hpp>
#include <fstream>

#include "stack/state.hpp"
#include "support/test_support.hpp"

namespace {

util::Result<stack::StackState> load_text(const test_support::TempDir& dir,
                                          const std::string& text) {
    std::ofstream(dir.path() / "stack.json") << text;
    return stack::load_state(dir.path());
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_saved_state_reads_back_the_same) {
    test_support::TempDir dir;
    stack::StackState state;
    state.state_dir = dir.path();
    state.ports = {
        .app = 1001, .prometheus = 1002, .alertmanager = 1003, .webhook = 1004, .obsctl = 0};
    state.time_scale = 0.1;
    state.detached = true;
    state.processes[stack::Component::prometheus] = {
        4242, {"prometheus", "--x"}, dir.path() / "p.log"};
    state.receivers["mails"] = {false, "email_configs send_resolved defaults to false", true};
    state.receivers["blackhole"] = {false, "it has no integration", false};
    BOOST_REQUIRE(stack::save_state(state).has_value());
    auto back = stack::load_state(dir.path());
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST(back->ports.prometheus == 1002);
    BOOST_TEST(back->ports.obsctl == 0);
    BOOST_TEST(back->time_scale == 0.1);
    BOOST_TEST(back->detached);
    BOOST_TEST(back->processes.at(stack::Component::prometheus).pid == 4242);
    BOOST_TEST(back->processes.at(stack::Component::prometheus).argv.size() == 2u);
    BOOST_TEST(back->processes.count(stack::Component::demoapp) == 0u);
    BOOST_TEST(!back->receivers.at("mails").sent);
    BOOST_TEST(back->receivers.at("mails").integrated);
    BOOST_TEST(!back->receivers.at("blackhole").integrated);
    BOOST_TEST(back->receivers.at("blackhole").why_not == "it has no integration");
}

BOOST_AUTO_TEST_CASE(no_state_file_means_no_stack_is_running_exit_3) {
    test_support::TempDir dir;
    auto state = stack::load_state(dir.path());
    BOOST_REQUIRE(!state);
    BOOST_TEST(static_cast<int>(state.error().code) == 3);
    BOOST_TEST(state.error().what == "no local stack is running");
}

BOOST_AUTO_TEST_CASE(a_damaged_state_file_is_unreadable_not_an_internal_error) {
    test_support::TempDir dir;
    for (const char* text : {"{not json", "[1, 2]", R"({"time_scale": "fast"})", R"({"ports": 5})",
                             R"({"processes": {"prometheus": {"pid": "x"}}})"}) {
        auto state = load_text(dir, text);
        BOOST_REQUIRE_MESSAGE(!state, text);
        BOOST_TEST(static_cast<int>(state.error().code) == 3, text);
        BOOST_TEST(state.error().what.starts_with("unreadable state file"), text);
    }
}

BOOST_AUTO_TEST_CASE(a_pid_below_zero_is_refused_before_anyone_signals_it) {
    // kill(-1, ...) signals every process we may, kill(-2, ...) a whole process group.
    test_support::TempDir dir;
    // 0 is a part stopped on purpose (a scenario's action stopped demoapp): it reads.
    auto stopped = load_text(dir, R"({"processes": {"demoapp": {"pid": 0}}})");
    BOOST_REQUIRE(stopped);
    BOOST_TEST(stopped->processes.at(stack::Component::demoapp).pid == 0);
    for (const char* pid : {"-1", "-2"}) {
        auto state =
            load_text(dir, std::string(R"({"processes": {"demoapp": {"pid": )") + pid + "}}}");
        BOOST_REQUIRE(!state);
        BOOST_TEST(state.error().what ==
                   std::string("unreadable state file: demoapp has pid ") + pid);
    }
}
