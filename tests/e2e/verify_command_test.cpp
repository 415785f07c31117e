// obsctl verify around load that another process sends, against one real local stack
// (time scale 0.1): the verdicts of obsctl run, without obsctl's own traffic.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/local_stack_fixture.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"
#include "util/process.hpp"

using namespace test_support;

namespace {

BOOST_TEST_GLOBAL_FIXTURE(SharedStack);

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// `obsctl verify SCENARIO` against the shared stack, started in the background; its output
/// goes to dir/verify.log.
struct Watch {
    pid_t pid = -1;
    std::filesystem::path log;

    Watch(const std::filesystem::path& dir, const std::string& scenario,
          std::vector<std::string> extra) {
        const auto& st = SharedStack::get().state();
        std::vector<std::string> argv{OBSCTL_BINARY,
                                      "verify",
                                      scenario,
                                      "--time-scale",
                                      "0.1",
                                      "--target",
                                      st.app_url(),
                                      "--prometheus",
                                      st.prometheus_url(),
                                      "--alertmanager",
                                      st.alertmanager_url()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        log = dir / "verify.log";
        auto started = util::spawn({argv, log, dir, true});
        BOOST_REQUIRE(started.has_value());
        pid = *started;
        // The watch begins after the preflight: only then may the load start.
        BOOST_REQUIRE_MESSAGE(
            wait_until(
                [&] { return read_file(log).find("watching from now") != std::string::npos; }, 60s),
            read_file(log));
    }

    /// Waits for it to end: its exit code (-1 if killed) and its output.
    std::pair<int, std::string> wait(std::chrono::seconds timeout) {
        std::optional<int> status;
        wait_until([&] { return (status = util::reap_if_exited(pid)).has_value(); }, timeout);
        if (!status)
            util::terminate(pid, 2s);
        const int code = status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
        return {code, read_file(log)};
    }
};

/// The load, sent by another obsctl that checks nothing.
util::CommandOutput send_load(const std::filesystem::path& dir, const std::string& scenario,
                              std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{
        OBSCTL_BINARY,  "run", scenario,   "--no-verify",
        "--time-scale", "0.1", "--target", SharedStack::get().state().app_url()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto out = util::run_command(argv, dir / "load.log");
    BOOST_REQUIRE(out.has_value());
    BOOST_TEST(out->exit_status == 0, out->output);
    return *out;
}

/// The bundled orders scenario without its quiet check. demoapp fails 5% of orders at random,
/// and on this shared stack at time scale 0.1 (a 30 s window) a run of bad luck once fired
/// HighErrorRate for real; quiet is e2e_orders' to judge, this test is about the order counts.
std::string orders_without_quiet(const std::filesystem::path& dir) {
    std::ifstream in(std::string(OBSCTL_SOURCE_DIR) + "/scenarios/orders.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const auto at = s.find("quiet: true");
    BOOST_REQUIRE(at != std::string::npos);
    s.replace(at, 11, "quiet: false");
    const auto file = dir / "orders.yaml";
    std::ofstream(file) << s;
    return file.string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(matches_the_order_counts_of_the_run_that_sent_the_load) {
    TempDir dir;
    const auto client = dir.path() / "load.json";
    const auto orders = orders_without_quiet(dir.path());
    Watch watch(dir.path(), orders,
                {"--client-report", client.string(), "--junit", (dir.path() / "v.xml").string()});
    send_load(dir.path(), orders, {"--report", client.string()});
    const auto [code, output] = watch.wait(120s);
    BOOST_TEST(code == 0, output);

    std::uint64_t sent_orders = 0;
    const auto load_report = nlohmann::json::parse(read_file(client));
    for (const auto& r : load_report.at("requests")) {
        if (r.at("name") == "order") {
            for (const auto& [status, count] : r.at("responses").items())
                sent_orders += count.get<std::uint64_t>();
        }
    }
    BOOST_TEST(sent_orders > 50u);
    BOOST_TEST(output.find("obsctl counted " + std::to_string(sent_orders) + " answered order") !=
                   std::string::npos,
               output);
    BOOST_TEST(read_file(dir.path() / "v.xml").find("failures=\"0\" errors=\"0\" skipped=\"0\"") !=
                   std::string::npos,
               read_file(dir.path() / "v.xml"));
}

BOOST_AUTO_TEST_CASE(sees_an_alert_fire_route_deliver_and_resolve_under_load_from_elsewhere) {
    TempDir dir;
    const auto webhooks = "127.0.0.1:" + std::to_string(SharedStack::get().state().ports.webhook);
    Watch watch(dir.path(), "errors",
                {"--webhook-listen", webhooks, "--report", (dir.path() / "v.json").string()});
    send_load(dir.path(), "errors");
    const auto [code, output] = watch.wait(180s);
    BOOST_TEST(code == 0, output);
    for (const char* verdict :
         {"PASS  fire HighErrorRate", "PASS  route HighErrorRate -> oncall",
          "PASS  deliver HighErrorRate", "PASS  resolve HighErrorRate",
          "PASS  deliver resolved HighErrorRate", "PASS  template HighErrorRate",
          "errors: PASSED (7 of 7 checks passed)"}) {
        BOOST_TEST(output.find(verdict) != std::string::npos, verdict << " missing:\n" << output);
    }
    const auto report = nlohmann::json::parse(read_file(dir.path() / "v.json"));
    BOOST_TEST(report.at("mode") == "verify");
    BOOST_TEST(report.at("passed") == true);
    const auto& alert = report.at("verification").at("alerts").at(0);
    BOOST_TEST(alert.at("alert") == "HighErrorRate");
    BOOST_TEST(alert.at("firing_ms").get<long>() <= alert.at("fire_deadline_ms").get<long>());
    BOOST_TEST(alert.at("delivered_to").dump() == R"(["oncall"])");
    // errors has a 3 s warmup (at 0.1), then the burst: the trigger is the phase running
    // when the alert went pending, and its times are also given from that phase's start.
    const long pending = alert.at("pending_ms").get<long>();
    const std::string phase = pending < 3000 ? "warmup" : "burst";
    BOOST_TEST(alert.at("trigger_phase") == phase, "pending at " << pending << " ms");
    BOOST_TEST(alert.at("trigger_phase_start_ms") == (phase == "warmup" ? 0 : 3000));
    BOOST_TEST(output.find("from phase " + phase + " (began +") != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(ctrl_c_writes_the_reports_and_exits_130) {
    TempDir dir;
    Watch watch(
        dir.path(), "errors",
        {"--report", (dir.path() / "v.json").string(), "--junit", (dir.path() / "v.xml").string()});
    ::kill(watch.pid, SIGINT);
    const auto [code, output] = watch.wait(30s);
    BOOST_TEST(code == 130, output);
    BOOST_TEST(output.find("errors: INTERRUPTED") != std::string::npos, output);
    const auto report = nlohmann::json::parse(read_file(dir.path() / "v.json"));
    BOOST_TEST(report.at("interrupted") == true);
    BOOST_TEST(report.at("passed") == false);
    BOOST_TEST(std::filesystem::exists(dir.path() / "v.xml"));
}

BOOST_AUTO_TEST_CASE(an_unreachable_prometheus_is_exit_3_naming_its_url) {
    TempDir dir;
    const std::string url = "http://127.0.0.1:" + std::to_string(util::free_loopback_port());
    auto out = util::run_command({OBSCTL_BINARY, "verify", "errors", "--prometheus", url},
                                 dir.path() / "out.log");
    BOOST_REQUIRE(out.has_value());
    BOOST_TEST(out->exit_status == 3, out->output);
    BOOST_TEST(out->output.find(url + "/-/ready") != std::string::npos, out->output);
}
