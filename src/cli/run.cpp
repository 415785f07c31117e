#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli/command.hpp"
#include "cli/scenario_files.hpp"
#include "load/engine.hpp"
#include "promapi/http_client.hpp"
#include "report/files.hpp"
#include "report/metrics_exporter.hpp"
#include "report/summary.hpp"

namespace cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    if (g_interrupted.exchange(true))
        _exit(130);  // a second Ctrl-C: stop now
}

struct RunCli {
    std::string scenario;
    std::string target;
    std::filesystem::path scenarios_dir;
    double duration_scale = 1.0;
    double rate_scale = 1.0;
    std::optional<std::uint64_t> seed;
    unsigned threads = 1;
    std::filesystem::path report;
    std::filesystem::path junit;
    bool quiet = false;
    bool no_verify = false;
    std::string metrics_listen;
};

/// Which phase is running `elapsed` after traffic started.
std::size_t phase_at(const std::vector<scenario::Phase>& phases, std::chrono::nanoseconds elapsed) {
    std::size_t index = 0;
    std::chrono::nanoseconds edge{0};
    for (; index + 1 < phases.size() && elapsed >= edge + phases[index].duration; ++index)
        edge += phases[index].duration;
    return index;
}

/// Twice a second while the run lasts: the live line on a terminal (phase, elapsed of total,
/// target vs achieved rate, failures, drops, p95) and, once a second, obsctl's own metrics.
void watch_run(load::LiveStats& live, const scenario::Scenario& s,
               const std::vector<scenario::Phase>& phases, bool show,
               report::MetricsExporter* exporter, const std::atomic<bool>& done) {
    const auto start = std::chrono::steady_clock::now();
    std::chrono::nanoseconds total{0};
    for (const auto& p : phases)
        total += p.duration;
    std::uint64_t last_sent = 0;
    auto last = start;
    for (int tick = 1; !done; ++tick) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        const auto now = std::chrono::steady_clock::now();
        const auto elapsed = now - start;
        const std::size_t index = phase_at(phases, elapsed);
        if (exporter != nullptr && tick % 2 == 0)
            exporter->update(live.snapshot(), index);
        if (!show)
            continue;
        const auto& phase = phases[index];
        const std::uint64_t sent = live.sent.load();
        const double rate = static_cast<double>(sent - last_sent) /
                            std::chrono::duration<double>(now - last).count();
        last_sent = sent;
        last = now;
        double p95 = 0;
        {
            std::lock_guard lock(live.mutex);
            p95 = live.latency.percentile_seconds(95);
        }
        // The target now: a ramp's rate where the ramp is, not where it started.
        std::chrono::nanoseconds phase_start{0};
        for (std::size_t p = 0; p < index; ++p)
            phase_start += phases[p].duration;
        char target[32] = "closed";
        if (phase.open()) {
            const double into =
                std::clamp(std::chrono::duration<double>(elapsed - phase_start).count() /
                               std::chrono::duration<double>(phase.duration).count(),
                           0.0, 1.0);
            std::snprintf(target, sizeof target, "%.0f/s",
                          *phase.rate_from + (*phase.rate_to - *phase.rate_from) * into);
        }
        std::printf(
            "\r\033[K%s %-10s %5.1fs/%.0fs  target %s achieved %.0f/s  failed %llu dropped %llu  "
            "p95 %.1fms",
            s.name.c_str(), phase.name.c_str(), std::chrono::duration<double>(elapsed).count(),
            std::chrono::duration<double>(total).count(), target, rate,
            static_cast<unsigned long long>(live.failed.load()),
            static_cast<unsigned long long>(live.dropped.load()), p95 * 1000.0);
        std::fflush(stdout);
    }
    if (show) {
        std::printf("\r\033[K");
        std::fflush(stdout);
    }
}

util::Result<util::ExitCode> run_scenario(const RunCli& o) {
    auto loaded = find_scenario(o.scenario, o.scenarios_dir);
    if (!loaded)
        return std::unexpected(loaded.error());
    const scenario::Scenario& s = *loaded;
    load::EngineOptions options;
    options.target = o.target.empty() ? s.target : o.target;
    options.threads = o.threads;
    options.rate_scale = o.rate_scale;
    options.duration_scale = o.duration_scale;
    options.seed = o.seed.value_or(s.seed.value_or(static_cast<std::uint64_t>(std::time(nullptr))));
    options.stop = &g_interrupted;

    // An unreachable target is one clear line before any traffic, not a run of connect errors.
    promapi::CurlHttpClient probe(std::chrono::seconds(3));
    if (auto answer = probe.get(options.target + "/"); !answer) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "target unreachable: " + answer.error().what, options.target,
                          "is the app running? `obsctl stack up` starts the local one");
    }
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    const auto phases = load::scaled_phases(s, o.rate_scale, o.duration_scale);
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
    const load::RunResult run = load::run_load(s, options);
    done = true;
    if (watcher.joinable())
        watcher.join();
    if (exporter)
        exporter->update(live.snapshot(), phases.size() - 1);

    const auto verdicts = report::evaluate_thresholds(s, run);
    if (!o.quiet)
        report::print_summary(stdout, run, verdicts);
    if (!o.report.empty()) {
        if (auto ok =
                report::write_file(o.report, report::json_report(s, run, verdicts, options.seed));
            !ok)
            return std::unexpected(ok.error());
    }
    if (!o.junit.empty()) {
        if (auto ok = report::write_file(o.junit, report::junit_report(s, run, verdicts)); !ok)
            return std::unexpected(ok.error());
    }
    if (run.interrupted)
        return util::ExitCode::interrupted;
    for (const auto& v : verdicts) {
        if (!v.passed)
            return util::ExitCode::check_failed;
    }
    return util::ExitCode::ok;
}

}  // namespace

void setup_run(CLI::App& parent, Action& action) {
    auto o = std::make_shared<RunCli>();
    auto* cmd = parent.add_subcommand(
        "run", "Replay a scenario's traffic against the target and report what happened");
    cmd->add_option("scenario", o->scenario,
                    "A bundled scenario name (obsctl list) or a scenario file")
        ->required();
    cmd->add_option("--target", o->target,
                    "Base URL for the scenario's paths (default: the scenario's target)");
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
    cmd->add_option("--report", o->report, "Write the full result as JSON to this file");
    cmd->add_option("--junit", o->junit,
                    "Write JUnit XML (one test case per threshold) to this file");
    cmd->add_flag("-q,--quiet", o->quiet, "No progress line and no summary");
    cmd->add_option(
        "--metrics-listen", o->metrics_listen,
        "Serve obsctl's own metrics (obsctl_requests_total, ...) on HOST:PORT while it runs");
    cmd->add_flag("--no-verify", o->no_verify, "Send traffic only, check no alerts");
    cmd->callback([o, &action] { action = [o] { return run_scenario(*o); }; });
}

}  // namespace cli
