// `obsctl run` as a user runs it, against a real demoapp on a loopback port.
#include <sys/wait.h>
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/test_support.hpp"
#include "util/ports.hpp"
#include "util/process.hpp"

using namespace test_support;
using nlohmann::json;

namespace {

/// One series' value from demoapp's /metrics, e.g. orders_total{status="success"}.
double metric(std::uint16_t port, const std::string& series) {
    const std::string text = body_of(http_get(port, "/metrics"));
    const auto at = text.find("\n" + series + " ");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, series << " not exposed");
    return std::stod(text.substr(at + series.size() + 2));
}

/// Requests demoapp has answered on /health, from its own /metrics.
double app_requests(std::uint16_t port) {
    std::istringstream lines(body_of(http_get(port, "/metrics")));
    double total = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("http_requests_total{") &&
            line.find("\"/health\"") != std::string::npos)
            total += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return total;
}

struct Obsctl {
    int exit_code = -1;
    std::string output;
};

Obsctl obsctl(const std::vector<std::string>& args, const TempDir& dir) {
    std::vector<std::string> argv{OBSCTL_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto out = util::run_command(argv, dir.path() / "obsctl.out");
    BOOST_REQUIRE(out.has_value());
    return {out->exit_status, out->output};
}

/// obsctl run SCENARIO --target <the app> EXTRA...
Obsctl run_at(const DemoApp& app, const TempDir& dir, const std::string& scenario,
              std::vector<std::string> extra) {
    std::vector<std::string> args{"run", scenario, "--no-verify", "--target",
                                  "http://127.0.0.1:" + std::to_string(app.port())};
    args.insert(args.end(), extra.begin(), extra.end());
    return obsctl(args, dir);
}

json read_json(const std::filesystem::path& file) {
    std::ifstream in(file);
    BOOST_REQUIRE_MESSAGE(in, "no report at " << file);
    return json::parse(in);
}

const json& request_named(const json& report, const std::string& name) {
    for (const auto& r : report["requests"]) {
        if (r["name"] == name)
            return r;
    }
    BOOST_FAIL("no request " << name << " in the report");
    return report;
}

}  // namespace

BOOST_AUTO_TEST_CASE(successful_orders_in_the_report_equal_the_increase_of_orders_total) {
    DemoApp app({"--db-max", "2ms"});
    TempDir dir;
    const double before = metric(app.port(), "orders_total{status=\"success\"}");
    const auto result = run_at(app, dir, "orders",
                               {"--duration-scale", "0.05", "--rate-scale", "5", "--quiet",
                                "--report", (dir.path() / "r.json").string()});
    BOOST_TEST(result.exit_code == 0, result.output);
    const auto report = read_json(dir.path() / "r.json");
    const auto& order = request_named(report, "order");
    const double created = order["responses"]["2xx"];
    BOOST_TEST(created > 200);  // 450 requests, 8/14 of them orders, 5% of those failing: ~244
    BOOST_TEST(metric(app.port(), "orders_total{status=\"success\"}") - before == created);
    // Refused bodies are counted as invalid orders by the app, one for one.
    const double refused =
        request_named(report, "invalid-order")["responses"]["4xx"].get<double>() +
        request_named(report, "broken-json")["responses"]["4xx"].get<double>();
    BOOST_TEST(metric(app.port(), "orders_total{status=\"invalid\"}") == refused);
}

BOOST_AUTO_TEST_CASE(a_200_per_second_phase_of_10_seconds_sends_2000_requests) {
    DemoApp app({"--db-min", "0ms", "--db-max", "0ms"});
    TempDir dir;
    std::ofstream(dir.path() / "steady.yaml")
        << "name: steady\nrequests: [{path: /health}]\n"
           "phases: [{name: p, duration: 10s, rate: 200}]\n"
           "thresholds: [{metric: rate, above: 198, phase: p}]\n";
    const auto started = std::chrono::steady_clock::now();
    const auto result = run_at(app, dir, (dir.path() / "steady.yaml").string(),
                               {"--quiet", "--report", (dir.path() / "r.json").string()});
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(result.exit_code == 0, result.output);
    const auto report = read_json(dir.path() / "r.json");
    const double sent = report["total"]["sent"];
    BOOST_TEST(sent >= 1980);
    BOOST_TEST(sent <= 2020);
    BOOST_TEST(report["total"]["responses"]["2xx"].get<double>() == sent);
    BOOST_TEST(report["total"]["dropped"] == 0);
    BOOST_TEST((took > std::chrono::milliseconds(9900)),
               "finished too early: the schedule was not kept");
    BOOST_TEST(metric(app.port(),
                      "http_requests_total{endpoint=\"/health\",method=\"GET\",status=\"200\"}") >=
               sent);
}

BOOST_AUTO_TEST_CASE(a_failed_threshold_exits_1_and_names_it_in_junit) {
    DemoApp app({"--error-rate", "1.0"});
    TempDir dir;
    std::ofstream(dir.path() / "bad.yaml")
        << "name: bad\nrequests: [{name: err, path: /api/error}]\n"
           "phases: [{duration: 1s, rate: 50}]\n"
           "thresholds: [{metric: error_ratio, below: 1%}]\n";
    const auto result = run_at(app, dir, (dir.path() / "bad.yaml").string(),
                               {"--junit", (dir.path() / "j.xml").string()});
    BOOST_TEST(result.exit_code == 1, result.output);
    BOOST_TEST(result.output.find("FAIL  error_ratio < 1%") != std::string::npos, result.output);
    std::ifstream junit(dir.path() / "j.xml");
    std::stringstream xml;
    xml << junit.rdbuf();
    BOOST_TEST(xml.str().find("failures=\"1\"") != std::string::npos, xml.str());
    BOOST_TEST(xml.str().find("error_ratio &lt; 1%: observed 100.00%") != std::string::npos,
               xml.str());
}

BOOST_AUTO_TEST_CASE(an_unreachable_target_is_exit_3_naming_the_url) {
    TempDir dir;
    const std::string url = "http://127.0.0.1:" + std::to_string(util::free_loopback_port());
    const auto result = obsctl({"run", "errors", "--target", url}, dir);
    BOOST_TEST(result.exit_code == 3);
    BOOST_TEST(
        result.output.find("obsctl: error: " + url + ": target unreachable") != std::string::npos,
        result.output);
}

BOOST_AUTO_TEST_CASE(ctrl_c_stops_sending_writes_the_reports_and_exits_130) {
    DemoApp app;
    TempDir dir;
    std::ofstream(dir.path() / "long.yaml") << "name: long\nrequests: [{path: /health}]\n"
                                               "phases: [{duration: 60s, rate: 100}]\n";
    const double before = app_requests(app.port());
    auto pid = util::spawn(
        {.argv = {OBSCTL_BINARY, "run", (dir.path() / "long.yaml").string(), "--no-verify",
                  "--target", "http://127.0.0.1:" + std::to_string(app.port()), "--report",
                  (dir.path() / "r.json").string()},
         .log_file = dir.path() / "out.log"});
    BOOST_REQUIRE(pid.has_value());
    // Interrupted once the traffic is flowing: 100 of its requests have reached the app (not
    // counting the test's own readiness probe).
    BOOST_REQUIRE(wait_until([&] { return app_requests(app.port()) >= before + 100; }, 10s, 20ms));
    kill(*pid, SIGINT);
    int status = 0;
    waitpid(*pid, &status, 0);
    BOOST_TEST(WEXITSTATUS(status) == 130);
    const auto report = read_json(dir.path() / "r.json");
    BOOST_TEST(report["interrupted"] == true);
    BOOST_TEST(report["total"]["sent"].get<double>() >= 100);
    BOOST_TEST(report["total"]["sent"].get<double>() < 400);
}

BOOST_AUTO_TEST_CASE(metrics_listen_exposes_obsctl_requests_by_phase_request_and_status) {
    DemoApp app({"--error-rate", "0.5"});
    TempDir dir;
    const auto port = util::free_loopback_port();
    std::ofstream(dir.path() / "m.yaml") << "name: m\nrequests: [{name: err, path: /api/error}]\n"
                                            "phases: [{name: first, duration: 4s, rate: 50}]\n";
    auto pid =
        util::spawn({.argv = {OBSCTL_BINARY, "run", (dir.path() / "m.yaml").string(), "--no-verify",
                              "--target", "http://127.0.0.1:" + std::to_string(app.port()),
                              "--quiet", "--metrics-listen", "127.0.0.1:" + std::to_string(port)},
                     .log_file = dir.path() / "out.log"});
    BOOST_REQUIRE(pid.has_value());
    // Read while the run is still sending (4 s): as soon as both outcomes have been exported.
    const std::string count_series =
        R"(obsctl_request_duration_seconds_count{phase="first",request="err",scenario="m"} )";
    std::string metrics;
    double count = 0;
    wait_until(
        [&] {
            metrics = body_of(http_get(port, "/metrics"));
            const auto at = metrics.find(count_series);
            count =
                at == std::string::npos ? 0 : std::stod(metrics.substr(at + count_series.size()));
            return count > 40;
        },
        3500ms, 50ms);
    int status = 0;
    waitpid(*pid, &status, 0);
    BOOST_TEST(WEXITSTATUS(status) == 0);
    for (const char* series :
         {R"(obsctl_requests_total{phase="first",request="err",scenario="m",status="2xx"})",
          R"(obsctl_requests_total{phase="first",request="err",scenario="m",status="5xx"})",
          R"(obsctl_phase{phase="first",scenario="m"} 1)",
          R"(obsctl_request_duration_seconds_count{phase="first",request="err",scenario="m"})"}) {
        BOOST_TEST(metrics.find(series) != std::string::npos, series << " missing from:\n"
                                                                     << metrics);
    }
    // Over 40 of the run's 200 requests were exported before it ended: the counters move
    // while it runs.
    BOOST_TEST(count > 40);
    BOOST_TEST(count < 200);
}

BOOST_AUTO_TEST_CASE(counts_drops_at_max_in_flight_and_timeouts_by_category) {
    DemoApp app({"--slow-min", "600ms", "--slow-max", "600ms"});
    TempDir dir;
    // 20 slow requests due in 1 s, at most 3 out at once, each given up after 300 ms.
    std::ofstream(dir.path() / "cap.yaml") << "name: cap\nmax_in_flight: 3\ntimeout: 300ms\n"
                                              "requests: [{name: slow, path: /api/slow}]\n"
                                              "phases: [{duration: 1s, rate: 20}]\n";
    const auto result = run_at(app, dir, (dir.path() / "cap.yaml").string(),
                               {"--quiet", "--report", (dir.path() / "r.json").string()});
    BOOST_TEST(result.exit_code == 0, result.output);
    const auto total = read_json(dir.path() / "r.json")["total"];
    const int sent = total["sent"], dropped = total["dropped"],
              timeouts = total["errors"]["timeout"];
    BOOST_TEST(sent + dropped == 20);  // every scheduled request is accounted for
    BOOST_TEST(dropped >= 5);          // 3 slots freed every 300 ms: at most about 12 fit
    BOOST_TEST(timeouts == sent);      // none answered within 300 ms
    BOOST_TEST(total["responses"]["2xx"] == 0);
}

BOOST_AUTO_TEST_CASE(threads_share_the_schedule_and_the_seed_fixes_the_mix) {
    DemoApp app({"--db-min", "0ms", "--db-max", "0ms"});
    TempDir dir;
    std::ofstream(dir.path() / "mix.yaml")
        << "name: mix\nseed: 11\nrequests: [{name: a, path: /health, weight: 3},"
           " {name: b, path: /api/health, weight: 1}]\n"
           "phases: [{duration: 2s, rate: 300}]\n";
    auto run = [&](const std::string& threads, const std::string& report) {
        const auto result =
            run_at(app, dir, (dir.path() / "mix.yaml").string(),
                   {"--quiet", "--threads", threads, "--report", (dir.path() / report).string()});
        BOOST_TEST(result.exit_code == 0, result.output);
        return read_json(dir.path() / report);
    };
    const auto one = run("1", "one.json");
    const auto three = run("3", "three.json");
    BOOST_TEST(one["total"]["sent"] == 600);
    BOOST_TEST(three["total"]["sent"] == 600);
    // Request n is the same whichever thread sends it: the same split between a and b.
    BOOST_TEST(request_named(one, "a")["sent"] == request_named(three, "a")["sent"]);
    BOOST_TEST(request_named(one, "b")["sent"] == request_named(three, "b")["sent"]);
    const int a = request_named(one, "a")["sent"];
    BOOST_TEST(a > 400);  // weight 3 of 4: about 450
    BOOST_TEST(a < 500);
}
