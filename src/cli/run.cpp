#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli/command.hpp"
#include "cli/endpoints.hpp"
#include "cli/run_progress.hpp"
#include "cli/scenario_files.hpp"
#include "cli/stack_options.hpp"
#include "load/engine.hpp"
#include "promapi/http_client.hpp"
#include "promapi/webhook_receiver.hpp"
#include "report/files.hpp"
#include "report/summary.hpp"
#include "report/verification.hpp"
#include "verify/verifier.hpp"

namespace cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    if (g_interrupted.exchange(true))
        _exit(130);  // a second Ctrl-C: stop now
}

struct RunCli {
    std::vector<std::string> scenarios;
    std::string target;
    StackEndpoints apis;  ///< prometheus and alertmanager; its target is unused (see `target`)
    std::filesystem::path scenarios_dir;
    double duration_scale = 1.0;
    double rate_scale = 1.0;
    double time_scale = 1.0;
    double settle_seconds = 60;
    std::optional<std::uint64_t> seed;
    unsigned threads = 1;
    std::filesystem::path report;
    std::filesystem::path junit;
    bool quiet = false;
    bool no_verify = false;
    bool local_stack = false;
    std::string metrics_listen;
    std::string webhook_listen;
};

/// Where one scenario's traffic and checks go.
struct Endpoints {
    std::string target;  ///< empty: the scenario's own
    std::string prometheus, alertmanager;
};

/// The report path for one of several scenarios: run.json -> run-errors.json.
std::filesystem::path for_scenario(const std::filesystem::path& path, const std::string& name,
                                   bool several) {
    if (path.empty() || !several)
        return path;
    return path.parent_path() / (path.stem().string() + "-" + name + path.extension().string());
}

util::Result<util::ExitCode> run_one(const RunCli& o, const std::string& which,
                                     const Endpoints& where, bool several,
                                     promapi::WebhookReceiver* webhooks) {
    auto loaded = find_scenario(which, o.scenarios_dir);
    if (!loaded)
        return std::unexpected(loaded.error());
    const scenario::Scenario& s = *loaded;
    load::EngineOptions options;
    options.target = where.target.empty() ? s.target : where.target;
    options.threads = o.threads;
    options.rate_scale = o.rate_scale;
    options.duration_scale = o.duration_scale * o.time_scale;
    options.seed = o.seed.value_or(s.seed.value_or(static_cast<std::uint64_t>(std::time(nullptr))));
    options.stop = &g_interrupted;
    if (!o.quiet)
        std::printf("%s: %s\n", s.name.c_str(), s.description.c_str());

    // An unreachable target is one clear line before any traffic, not a run of connect errors.
    promapi::CurlHttpClient http(std::chrono::seconds(3));
    if (auto answer = http.get(options.target + "/"); !answer) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "target unreachable: " + answer.error().what, options.target,
                          "is the app running? `obsctl stack up` starts the local one");
    }
    std::unique_ptr<verify::Verifier> verifier;
    if (!o.no_verify) {
        promapi::PrometheusClient prometheus(http, where.prometheus);
        promapi::AlertmanagerClient alertmanager(http, where.alertmanager);
        if (!o.quiet)
            std::printf("preflight:\n");
        const auto settle =
            std::chrono::milliseconds(static_cast<long long>(o.settle_seconds * 1000));
        auto pre = verify::preflight(prometheus, alertmanager, s, options.target, settle,
                                     [&](const verify::Check& c) {
                                         if (!o.quiet || !c.passed)
                                             report::print_check(stdout, c);
                                     });
        if (!pre.passed()) {
            for (const auto& c : pre.checks) {
                if (!c.passed)
                    return util::fail(util::ExitCode::stack_unavailable,
                                      "preflight: " + c.name + ": " + c.detail);
            }
        }
        verifier = std::make_unique<verify::Verifier>(where.prometheus, where.alertmanager, s, pre,
                                                      o.time_scale, webhooks);
    }

    const auto phases = load::scaled_phases(s, options.rate_scale, options.duration_scale);
    std::unique_ptr<report::MetricsExporter> exporter;
    if (!o.metrics_listen.empty()) {
        std::vector<std::string> phase_names, request_names;
        for (const auto& p : phases)
            phase_names.push_back(p.name);
        for (const auto& r : s.requests)
            request_names.push_back(r.name);
        auto started =
            report::MetricsExporter::start(o.metrics_listen, s.name, phase_names, request_names);
        if (!started)
            return std::unexpected(started.error());
        exporter = std::move(*started);
    }
    load::LiveStats live;
    options.live = &live;
    std::atomic<bool> done{false};
    const bool show = !o.quiet && isatty(STDOUT_FILENO);
    std::thread watcher;
    if (show || exporter) {
        watcher = std::thread(watch_run, std::ref(live), std::cref(s), std::cref(phases), show,
                              exporter.get(), std::cref(done));
    }
    if (verifier)
        verifier->start();
    const load::RunResult run = load::run_load(s, options);
    done = true;
    if (watcher.joinable())
        watcher.join();
    if (exporter)
        exporter->update(live.snapshot(), phases.size() - 1);

    const auto verdicts = report::evaluate_thresholds(s, run);
    if (!o.quiet)
        report::print_summary(stdout, run, verdicts);
    std::optional<verify::VerifyReport> verification;
    if (verifier && !run.interrupted) {
        if (!o.quiet)
            std::printf("waiting for alert verdicts...\n");
        std::fflush(stdout);
        verification = verifier->finish(run);
        if (!o.quiet)
            report::print_verification(stdout, *verification);
    }
    const auto checks = report::all_checks(verification ? &*verification : nullptr, verdicts);
    const auto report_file = for_scenario(o.report, s.name, several);
    const auto junit_file = for_scenario(o.junit, s.name, several);
    if (!report_file.empty()) {
        auto ok = report::write_file(report_file,
                                     report::json_report(s, run, verdicts, options.seed,
                                                         verification ? &*verification : nullptr));
        if (!ok)
            return std::unexpected(ok.error());
    }
    if (!junit_file.empty()) {
        if (auto ok = report::write_file(junit_file, report::junit_report(s, run, checks)); !ok)
            return std::unexpected(ok.error());
    }
    if (run.interrupted)
        return util::ExitCode::interrupted;
    std::size_t failed = 0;
    for (const auto& c : checks)
        failed += c.passed ? 0 : 1;
    if (!o.quiet) {
        std::printf("%s: %s (%zu of %zu checks passed)\n\n", s.name.c_str(),
                    failed == 0 ? "PASS" : "FAIL", checks.size() - failed, checks.size());
    }
    return failed == 0 ? util::ExitCode::ok : util::ExitCode::check_failed;
}

util::Result<util::ExitCode> run_all(const RunCli& o) {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    Endpoints where{o.target, o.apis.prometheus, o.apis.alertmanager};
    std::unique_ptr<stack::LocalStack> local;
    std::string webhook_listen = o.webhook_listen;
    if (o.local_stack) {
        StackLocation location;
        location.state_dir = util::default_state_dir().parent_path() / "run";
        StackShape shape;
        shape.ports = {0, 0, 0, 0};
        shape.time_scale = o.time_scale;
        auto options = stack_options(location, shape);
        if (!options)
            return std::unexpected(options.error());
        auto started = stack::LocalStack::up(*options, [&](const std::string& line) {
            if (!o.quiet)
                note(line);
        });
        if (!started)
            return std::unexpected(started.error());
        local = std::move(*started);
        if (webhook_listen.empty() && !o.no_verify) {
            // The rendered Alertmanager config posts its webhooks to this port.
            webhook_listen = "127.0.0.1:" + std::to_string(local->state().ports.webhook);
        }
        where = {local->state().app_url(), local->state().prometheus_url(),
                 local->state().alertmanager_url()};
    }
    std::unique_ptr<promapi::WebhookReceiver> webhooks;
    if (!webhook_listen.empty() && !o.no_verify) {
        auto started = promapi::WebhookReceiver::start(webhook_listen);
        if (!started)
            return std::unexpected(started.error());
        webhooks = std::move(*started);
    }
    util::ExitCode worst = util::ExitCode::ok;
    for (const auto& name : o.scenarios) {
        auto code = run_one(o, name, where, o.scenarios.size() > 1, webhooks.get());
        if (!code)
            return std::unexpected(code.error());
        if (*code == util::ExitCode::interrupted)
            return *code;
        if (*code != util::ExitCode::ok)
            worst = *code;
    }
    return worst;
}

}  // namespace

void setup_run(CLI::App& parent, Action& action) {
    auto o = std::make_shared<RunCli>();
    auto* cmd = parent.add_subcommand(
        "run", "Replay scenarios against the target and check the alerts they must cause");
    cmd->add_option("scenarios", o->scenarios,
                    "Bundled scenario names (obsctl list) or scenario files")
        ->required();
    cmd->add_option("--target", o->target,
                    "Base URL for the scenario's paths (default: the scenario's target)");
    o->apis.add_to(*cmd, false);
    cmd->add_flag(
        "--local-stack", o->local_stack,
        "Start the local stack (time-scaled by --time-scale), run every scenario in turn, stop it");
    cmd->add_option(
           "--time-scale", o->time_scale,
           "Scale phases and scenario deadlines to a stack whose rules are time-scaled by this")
        ->check(CLI::Range(0.001, 10.0))
        ->capture_default_str();
    cmd->add_option("--settle", o->settle_seconds,
                    "Seconds to wait for expected alerts left over from before to clear")
        ->capture_default_str();
    cmd->add_option("--scenarios-dir", o->scenarios_dir, "Where bundled scenarios are looked up");
    cmd->add_option("--duration-scale", o->duration_scale, "Multiply every phase's duration")
        ->check(CLI::Range(0.001, 1000.0))
        ->capture_default_str();
    cmd->add_option("--rate-scale", o->rate_scale, "Multiply every phase's rate (and vus)")
        ->check(CLI::Range(0.001, 1000.0))
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Random seed (default: the scenario's, else the clock)");
    cmd->add_option("--threads", o->threads, "Event loops sending in parallel")
        ->check(CLI::Range(1u, 64u))
        ->capture_default_str();
    cmd->add_option("--report", o->report,
                    "Write the full result as JSON (run.json -> run-NAME.json for several)");
    cmd->add_option("--junit", o->junit, "Write JUnit XML, one test case per assertion");
    cmd->add_flag("-q,--quiet", o->quiet, "No progress line and no summary");
    cmd->add_flag("--no-verify", o->no_verify, "Send traffic only: no preflight, no alert checks");
    cmd->add_option(
        "--metrics-listen", o->metrics_listen,
        "Serve obsctl's own metrics (obsctl_requests_total, ...) on HOST:PORT while it runs");
    cmd->callback([o, &action] { action = [o] { return run_all(*o); }; });
}

}  // namespace cli
