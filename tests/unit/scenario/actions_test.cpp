#include <boost/test/unit_test.hpp>

#include <csignal>

#include "scenario/parser.hpp"

using scenario::Action;
using scenario::parse_scenario;

namespace {

std::string scenario_with(const std::string& phases, const std::string& expect = "") {
    return "name: outage\nrequests:\n  - {name: user, path: /api/users/1}\nphases:\n" + phases +
           expect;
}

std::string error_for(const std::string& text) {
    auto result = parse_scenario(text, "outage.yaml");
    BOOST_REQUIRE_MESSAGE(!result.has_value(), "accepted:\n" << text);
    BOOST_TEST(static_cast<int>(result.error().code) == 2);
    return result.error().message();
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_each_kind_of_action_at_start_end_and_an_offset) {
    const auto s = parse_scenario(scenario_with(R"(  - {name: errors, duration: 1m, rate: 5}
  - name: outage
    duration: 2m
    rate: 5
    actions:
      - {do: stop}
      - {at: 30s, do: exec, command: ./fill-disk.sh --to 95%, timeout: 5s}
      - {at: 45s, do: exec, command: [truncate, -s, 0, /tmp/x]}
      - {at: 1m, do: signal, pid_file: /run/nginx.pid, signal: HUP}
      - {at: end, do: start}
)"),
                                  "outage.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    const auto& a = s->phases[1].actions;
    BOOST_REQUIRE(a.size() == 5u);
    BOOST_TEST((a[0].kind == Action::Kind::stop && a[0].when == Action::When::start));
    BOOST_TEST(a[0].text == "stop app");
    BOOST_TEST((a[1].kind == Action::Kind::exec && a[1].when == Action::When::offset));
    BOOST_TEST((a[1].offset == std::chrono::seconds(30)));
    BOOST_TEST(
        (a[1].command == std::vector<std::string>{"/bin/sh", "-c", "./fill-disk.sh --to 95%"}));
    BOOST_TEST((a[1].timeout == std::chrono::seconds(5)));
    BOOST_TEST(a[1].text == "exec ./fill-disk.sh --to 95%");
    BOOST_TEST((a[2].command == std::vector<std::string>{"truncate", "-s", "0", "/tmp/x"}));
    BOOST_TEST((a[2].timeout == std::chrono::seconds(30)));  // the default
    BOOST_TEST(a[3].signal == SIGHUP);
    BOOST_TEST(a[3].pid_file == "/run/nginx.pid");
    BOOST_TEST(a[3].text == "signal HUP /run/nginx.pid");
    BOOST_TEST((a[4].kind == Action::Kind::start && a[4].when == Action::When::end));
}

BOOST_AUTO_TEST_CASE(a_mistake_in_an_action_is_one_line_with_its_place) {
    BOOST_TEST(error_for(scenario_with(
                   "  - {name: a, duration: 1m, rate: 5, actions: [{do: stopp}]}\n")) ==
               "outage.yaml:5:53: phases[0].actions[0].do: expected stop, start, restart, "
               "pause, resume, signal or exec, got \"stopp\" (did you mean `stop`?)");
    // An offset past the phase's end never runs: refused.
    BOOST_TEST(
        error_for(
            scenario_with("  - {name: a, duration: 1m, rate: 5, actions: [{at: 2m, do: stop}]}\n"))
            .find("phases[0].actions[0].at: expected start, end or a duration into the "
                  "phase shorter than its 1m") != std::string::npos);
    BOOST_TEST(error_for(scenario_with("  - {name: a, duration: 1m, rate: 5, actions: [{do: "
                                       "stop, command: x}]}\n"))
                   .find("only `do: exec` takes a command") != std::string::npos);
    BOOST_TEST(error_for(scenario_with("  - {name: a, duration: 1m, rate: 5, actions: [{do: "
                                       "signal, pid_file: /x, signal: BOGUS}]}\n"))
                   .find("expected a signal such as HUP") != std::string::npos);
    BOOST_TEST(error_for(scenario_with("  - {name: a, duration: 1m, rate: 5, actions: [{do: "
                                       "exec}]}\n"))
                   .find("`do: exec` needs a command") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_app_action_that_cannot_apply_there_is_refused) {
    // Stopped twice, or started while running: the second does nothing, so it is a mistake.
    BOOST_TEST(
        error_for(scenario_with(R"(  - {name: a, duration: 1m, rate: 5, actions: [{do: stop}]}
  - {name: b, duration: 1m, rate: 5, actions: [{do: stop}]}
)")) == "outage.yaml:6:53: phases[1].actions[0].do: the app is already stopped here");
    BOOST_TEST(
        error_for(scenario_with("  - {name: a, duration: 1m, rate: 5, actions: [{do: start}]}\n"))
            .find("the app is not stopped here") != std::string::npos);
    BOOST_TEST(
        error_for(scenario_with("  - {name: a, duration: 1m, rate: 5, actions: [{do: resume}]}\n"))
            .find("the app is not paused here") != std::string::npos);
    // In time order within a phase: the end's start comes after the offset's stop.
    const auto ok = parse_scenario(scenario_with("  - {name: a, duration: 1m, rate: 5, actions: "
                                                 "[{at: end, do: start}, {at: 10s, do: stop}]}\n"),
                                   "outage.yaml");
    BOOST_TEST(ok.has_value());
}

BOOST_AUTO_TEST_CASE(after_names_a_phase_of_the_scenario) {
    const std::string phases =
        "  - {name: errors, duration: 1m, rate: 5}\n"
        "  - {name: outage, duration: 1m, rate: 5}\n";
    const auto s = parse_scenario(
        scenario_with(phases, "expect:\n  fire:\n    - {alert: ApplicationDown, after: outage}\n"),
        "outage.yaml");
    BOOST_REQUIRE(s.has_value());
    BOOST_TEST(s->expect.fire[0].after == "outage");
    BOOST_TEST(error_for(scenario_with(
                   phases, "expect:\n  fire:\n    - {alert: ApplicationDown, after: outgae}\n")) ==
               "outage.yaml:9:39: expect.fire[0].after: no phase named \"outgae\" (did you mean "
               "`outage`?)");
}
