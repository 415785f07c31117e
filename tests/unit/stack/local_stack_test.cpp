#include <yaml-cpp/yaml.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

#include "stack/local_stack.hpp"
#include "support/fake_http_client.hpp"
#include "support/fake_process_runner.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using stack::Component;
using Strings = std::vector<std::string>;

namespace {

/// Every part ready at once, and Prometheus's `up` 1 for each job of the shipped config.
util::Result<promapi::HttpResponse> ready_and_up(const std::string& url) {
    if (url.find("/api/v1/query") == std::string::npos)
        return promapi::HttpResponse{200, "OK"};
    std::string result;
    for (const char* job : {"demoapp", "prometheus", "alertmanager", "node"}) {
        result += std::string(result.empty() ? "" : ",") + R"({"metric":{"__name__":"up","job":")" +
                  job + R"(","instance":"i"},"value":[1700000000,"1"]})";
    }
    return promapi::HttpResponse{
        200, R"({"status":"success","data":{"resultType":"vector","result":[)" + result + "]}}"};
}

/// The shipped stack on a fake runner and HTTP client, every port picked free.
struct FakeStack {
    test_support::TempDir dir;
    test_support::FakeProcessRunner runner;
    test_support::FakeHttpClient http;
    stack::StackOptions options;
    Strings said;

    FakeStack() {
        options.sources = stack::shipped_sources(fs::path(OBSCTL_SOURCE_DIR) / "stack");
        options.state_dir = dir.path() / "state";
        options.ports = {.app = 0, .prometheus = 0, .alertmanager = 0, .webhook = 0, .obsctl = 0};
        options.runner = &runner;
        options.http = &http;
        http.answer = ready_and_up;
    }
    util::Result<std::unique_ptr<stack::LocalStack>> up() {
        return stack::LocalStack::up(options,
                                     [&](const std::string& line) { said.push_back(line); });
    }
    /// The programs started, in order.
    Strings spawned() const {
        Strings out;
        for (const auto& call : runner.actions()) {
            if (call.starts_with("spawn "))
                out.push_back(call.substr(6));
        }
        return out;
    }
    /// The actions since `mark` (an index into runner.actions()).
    Strings actions_since(std::size_t mark) const {
        const auto all = runner.actions();
        return {all.begin() + static_cast<std::ptrdiff_t>(mark), all.end()};
    }
};

using test_support::contains;

}  // namespace

BOOST_AUTO_TEST_CASE(the_tools_check_the_configs_then_the_parts_start_in_order_on_loopback) {
    FakeStack f;
    auto local = f.up();
    BOOST_REQUIRE_MESSAGE(local.has_value(), (local ? std::string() : local.error().message()));
    const auto actions = f.runner.actions();
    // promtool and amtool judge the sources and the rendered files before anything starts.
    const auto first_spawn = std::find_if(actions.begin(), actions.end(),
                                          [](const auto& c) { return c.starts_with("spawn "); });
    BOOST_TEST(std::count(actions.begin(), first_spawn, "run amtool") == 2);
    BOOST_TEST(std::count(actions.begin(), first_spawn, "run promtool") >= 2);
    BOOST_TEST(f.spawned() == (Strings{"prometheus-alertmanager", "demoapp",
                                       "prometheus-node-exporter", "prometheus"}));
    const auto& state = (*local)->state();
    BOOST_TEST(state.ports.node != 0);
    BOOST_TEST(state.ports.node != state.ports.app);
    BOOST_TEST(f.runner.argv_of("prometheus-node-exporter") ==
               (Strings{"prometheus-node-exporter",
                        "--web.listen-address=127.0.0.1:" + std::to_string(state.ports.node)}));
    BOOST_TEST(f.runner.argv_of("demoapp").at(2) == "127.0.0.1:" + std::to_string(state.ports.app));
    const auto prometheus = f.runner.argv_of("prometheus");
    BOOST_TEST(std::count(prometheus.begin(), prometheus.end(),
                          "--web.listen-address=127.0.0.1:" +
                              std::to_string(state.ports.prometheus)) == 1);
    for (Component c : stack::k_components)
        BOOST_TEST(state.processes.at(c).pid ==
                   f.runner.pid_of(fs::path(state.processes.at(c).argv.at(0)).filename().string()));
    // Prometheus scrapes the node-exporter it started, and the state file lists it.
    const auto rendered = YAML::LoadFile((state.state_dir / "config" / "prometheus.yml").string());
    std::string node_target;
    for (const auto& job : rendered["scrape_configs"]) {
        if (job["job_name"].as<std::string>() == "node")
            node_target = job["static_configs"][0]["targets"][0].as<std::string>();
    }
    BOOST_TEST(node_target == "127.0.0.1:" + std::to_string(state.ports.node));
    auto saved = stack::load_state(state.state_dir);
    BOOST_REQUIRE(saved.has_value());
    BOOST_TEST(saved->ports.node == state.ports.node);
    BOOST_TEST(saved->processes.contains(Component::node_exporter));
}

BOOST_AUTO_TEST_CASE(without_node_exporter_none_starts_and_the_node_job_is_left_out_quietly) {
    FakeStack f;
    f.options.node_exporter = false;
    auto local = f.up();
    BOOST_REQUIRE_MESSAGE(local.has_value(), (local ? std::string() : local.error().message()));
    BOOST_TEST(f.spawned() == (Strings{"prometheus-alertmanager", "demoapp", "prometheus"}));
    BOOST_TEST((*local)->state().ports.node == 0);
    BOOST_TEST(!(*local)->state().processes.contains(Component::node_exporter));
    // The shipped config's node job is left out by design: nothing said about it.
    BOOST_TEST(std::none_of(f.said.begin(), f.said.end(),
                            [](const auto& line) { return line.starts_with("scrape job"); }));
}

BOOST_AUTO_TEST_CASE(a_replaced_integration_is_kept_in_the_state_and_not_said_while_starting) {
    // `run --local-stack` names it once, in its preflight, from the state: the stack's own
    // progress saying it too printed the same warning twice.
    FakeStack f;
    const auto config = f.dir.path() / "alertmanager.yml";
    std::ofstream(config) << R"(
route: {receiver: pager}
receivers:
  - name: pager
    pushover_configs: [{user_key: k, token: t}]
)";
    f.options.sources.alertmanager_config = config;
    auto local = f.up();
    BOOST_REQUIRE_MESSAGE(local.has_value(), (local ? std::string() : local.error().message()));
    const auto& replaced = (*local)->state().replaced;
    BOOST_REQUIRE(replaced.size() == 1u);
    BOOST_TEST(contains(replaced[0].second, "pushover_configs[0] replaced by obsctl's webhook"));
    BOOST_TEST(std::none_of(f.said.begin(), f.said.end(), [](const auto& line) {
        return contains(line, "replaced by obsctl's webhook");
    }));
}

BOOST_AUTO_TEST_CASE(a_part_that_cannot_start_is_named_and_what_started_is_stopped) {
    FakeStack f;
    f.runner.fail_to_start("prometheus-node-exporter");
    auto local = f.up();
    BOOST_REQUIRE(!local.has_value());
    BOOST_TEST(static_cast<int>(local.error().code) == 3);
    BOOST_TEST(contains(local.error().what, "node-exporter did not start"), local.error().what);
    BOOST_TEST(contains(local.error().what, "cannot run prometheus-node-exporter"));
    BOOST_TEST(f.spawned() ==
               (Strings{"prometheus-alertmanager", "demoapp", "prometheus-node-exporter"}));
    const auto actions = f.runner.actions();
    BOOST_TEST((Strings(actions.end() - 2, actions.end()) ==
                Strings{"terminate demoapp", "terminate prometheus-alertmanager"}));
    BOOST_TEST(!f.runner.running(f.runner.pid_of("demoapp")));
    BOOST_TEST(!f.runner.running(f.runner.pid_of("prometheus-alertmanager")));
}

BOOST_AUTO_TEST_CASE(a_part_that_exits_while_starting_is_named_with_its_log) {
    FakeStack f;
    f.runner.exits_on_start("demoapp", 1);
    auto local = f.up();
    BOOST_REQUIRE(!local.has_value());
    BOOST_TEST(static_cast<int>(local.error().code) == 3);
    BOOST_TEST(contains(local.error().what, "demoapp exited; last lines of"), local.error().what);
    BOOST_TEST(f.spawned() == (Strings{"prometheus-alertmanager", "demoapp"}));
    BOOST_TEST(f.runner.actions().back() == "terminate prometheus-alertmanager");
}

BOOST_AUTO_TEST_CASE(down_stops_prometheus_first_and_alertmanager_last) {
    FakeStack f;
    auto local = f.up();
    BOOST_REQUIRE(local.has_value());
    const fs::path state_file = (*local)->state().file();
    BOOST_TEST(fs::exists(state_file));
    const auto mark = f.runner.actions().size();
    (*local)->down();
    BOOST_TEST(f.actions_since(mark) == (Strings{"terminate prometheus", "terminate demoapp",
                                                 "terminate prometheus-node-exporter",
                                                 "terminate prometheus-alertmanager"}));
    BOOST_TEST(!fs::exists(state_file));
    local->reset();  // nothing is left to stop
    BOOST_TEST(f.runner.actions().size() == mark + 4);
}

BOOST_AUTO_TEST_CASE(demoapp_stops_starts_pauses_and_resumes_and_the_state_file_follows) {
    FakeStack f;
    auto local = f.up();
    BOOST_REQUIRE(local.has_value());
    auto& s = **local;
    const pid_t first = s.state().processes.at(Component::demoapp).pid;
    const auto argv = s.state().processes.at(Component::demoapp).argv;
    auto mark = f.runner.actions().size();
    s.stop(Component::demoapp);
    BOOST_TEST(f.actions_since(mark) == Strings{"terminate demoapp"});
    BOOST_TEST(s.state().processes.at(Component::demoapp).pid == 0);
    BOOST_TEST(!s.pause(Component::demoapp).has_value());  // not running: nothing to pause

    mark = f.runner.actions().size();
    BOOST_REQUIRE(s.start(Component::demoapp).has_value());
    BOOST_TEST(f.actions_since(mark) == Strings{"spawn demoapp"});
    BOOST_TEST(f.runner.argv_of("demoapp") == argv);  // the same flags
    const pid_t second = s.state().processes.at(Component::demoapp).pid;
    BOOST_TEST(second != first);
    BOOST_TEST(f.runner.running(second));

    BOOST_REQUIRE(s.pause(Component::demoapp).has_value());
    BOOST_TEST(f.runner.stopped(second));
    BOOST_TEST(s.state().processes.at(Component::demoapp).paused);
    auto saved = stack::load_state(s.state().state_dir);
    BOOST_REQUIRE(saved.has_value());
    BOOST_TEST(saved->processes.at(Component::demoapp).paused);

    BOOST_REQUIRE(s.resume(Component::demoapp).has_value());
    BOOST_TEST(!f.runner.stopped(second));
    BOOST_TEST(!stack::load_state(s.state().state_dir)->processes.at(Component::demoapp).paused);
    BOOST_TEST(!s.resume(Component::demoapp).has_value());  // not paused
    BOOST_TEST((f.actions_since(mark) ==
                Strings{"spawn demoapp", "signal demoapp STOP", "signal demoapp CONT"}));
}

BOOST_AUTO_TEST_CASE(down_resumes_a_paused_part_before_stopping_it) {
    FakeStack f;
    auto local = f.up();
    BOOST_REQUIRE(local.has_value());
    BOOST_REQUIRE((*local)->pause(Component::demoapp).has_value());
    const auto mark = f.runner.actions().size();
    (*local)->down();
    BOOST_TEST(
        f.actions_since(mark) ==
        (Strings{"terminate prometheus", "signal demoapp CONT", "terminate demoapp",
                 "terminate prometheus-node-exporter", "terminate prometheus-alertmanager"}));
}

BOOST_AUTO_TEST_CASE(a_recorded_stack_stops_in_the_same_order_and_spares_a_reused_pid) {
    test_support::TempDir dir;
    test_support::FakeProcessRunner runner;
    stack::StackState state;
    state.state_dir = dir.path();
    for (const char* program :
         {"prometheus-alertmanager", "demoapp", "prometheus-node-exporter", "prometheus"}) {
        BOOST_REQUIRE(runner.spawn({.argv = {program}, .log_file = dir.path() / "log"}));
    }
    state.processes[Component::alertmanager] = {
        runner.pid_of("prometheus-alertmanager"), {"prometheus-alertmanager"}, {}};
    state.processes[Component::demoapp] = {runner.pid_of("demoapp"), {"demoapp"}, {}, true};
    state.processes[Component::node_exporter] = {
        runner.pid_of("prometheus-node-exporter"), {"prometheus-node-exporter"}, {}};
    // Prometheus's pid now belongs to another program: it is not signalled.
    state.processes[Component::prometheus] = {runner.pid_of("prometheus"), {"/usr/bin/other"}, {}};
    BOOST_REQUIRE(stack::save_state(state).has_value());
    const auto mark = runner.actions().size();
    stack::stop_recorded_stack(state, runner);
    const auto all = runner.actions();
    BOOST_TEST(
        (Strings(all.begin() + static_cast<std::ptrdiff_t>(mark), all.end()) ==
         Strings{"signal demoapp CONT", "terminate demoapp", "terminate prometheus-node-exporter",
                 "terminate prometheus-alertmanager"}));
    BOOST_TEST(runner.running(runner.pid_of("prometheus")));
    BOOST_TEST(!fs::exists(state.file()));
}
