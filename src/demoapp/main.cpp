// demoapp: the instrumented web app obsctl drives. Flags are also DEMOAPP_* environment
// variables, for containers.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "demoapp/app.hpp"
#include "demoapp/server.hpp"

namespace {

using demoapp::Millis;

/// A number in [min, max]; unlike CLI::Range it refuses NaN ("nan" compares false with both).
CLI::Validator bounded(double min, double max, const std::string& what) {
    return CLI::Validator(
        [min, max, what](std::string& text) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(text, value) || !(value >= min && value <= max))
                return "expected " + what + ", got " + text;
            return {};
        },
        what);
}

/// Raises the soft limit on open files to the hard one (as Go's runtime does): each
/// keep-alive connection is a descriptor, and 2,000 idle clients must not lock out /health.
void raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/// Durations as people type them: "1.5s", "250ms", "2m" (CLI11's unit transformer, so the
/// demo app needs none of obsctl's libraries).
CLI::Option* duration_option(CLI::App& cli, const std::string& name, Millis& out,
                             const std::string& help, const std::string& env) {
    auto* opt = cli.add_option_function<double>(
        name, [&out](double ms) { out = Millis{static_cast<long long>(ms)}; }, help);
    opt->transform(CLI::AsNumberWithUnit(
                       std::map<std::string, double>{{"ms", 1}, {"s", 1000}, {"m", 60000}},
                       CLI::AsNumberWithUnit::CASE_SENSITIVE))
        ->check(bounded(0, 86'400'000, "a duration from 0 to 24h"))
        ->default_str(std::to_string(out.count()) + "ms")
        ->envname(env);
    return opt;
}

}  // namespace

int main(int argc, char** argv) {
    demoapp::Config config;
    CLI::App cli{"obsctl's instrumented demo web app (Prometheus metrics on /metrics, JSON logs)",
                 "demoapp"};
    cli.add_option("--listen", config.listen, "HOST:PORT to listen on")
        ->envname("DEMOAPP_LISTEN")
        ->capture_default_str();
    cli.add_option("--error-rate", config.error_rate, "Probability that /api/error answers 500")
        ->check(bounded(0, 1, "a probability from 0 to 1"))
        ->envname("DEMOAPP_ERROR_RATE")
        ->capture_default_str();
    cli.add_option("--order-failure-rate", config.order_failure_rate,
                   "Probability that a valid order fails with 500")
        ->check(bounded(0, 1, "a probability from 0 to 1"))
        ->envname("DEMOAPP_ORDER_FAILURE_RATE")
        ->capture_default_str();
    duration_option(cli, "--slow-min", config.slow_min, "Shortest /api/slow delay",
                    "DEMOAPP_SLOW_MIN");
    duration_option(cli, "--slow-max", config.slow_max, "Longest /api/slow delay",
                    "DEMOAPP_SLOW_MAX");
    duration_option(cli, "--db-min", config.db_min, "Shortest simulated database query",
                    "DEMOAPP_DB_MIN");
    duration_option(cli, "--db-max", config.db_max,
                    "Longest simulated database query (0 turns the simulation off)",
                    "DEMOAPP_DB_MAX");
    duration_option(cli, "--request-timeout", config.request_timeout,
                    "A request must arrive whole within this, else 408", "DEMOAPP_REQUEST_TIMEOUT");
    duration_option(cli, "--drain-timeout", config.drain_timeout,
                    "On SIGTERM, how long in-flight requests may take", "DEMOAPP_DRAIN_TIMEOUT");
    cli.add_option("--seed", config.seed, "Random seed (0: from the clock)")
        ->envname("DEMOAPP_SEED")
        ->capture_default_str();
    cli.add_option("--threads", config.threads, "Event loops")
        ->check(CLI::Range(1u, 256u))
        ->envname("DEMOAPP_THREADS")
        ->capture_default_str();
    CLI11_PARSE(cli, argc, argv);
    raise_open_files_limit();
    if (config.slow_max < config.slow_min || config.db_max < config.db_min) {
        std::fprintf(stderr, "demoapp: error: a --*-max duration is below its --*-min\n");
        return 2;
    }

    // Signals are taken synchronously by this thread; the event loops never see them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    static char log_buffer[1 << 16];
    std::setvbuf(stdout, log_buffer, _IOFBF, sizeof log_buffer);

    demoapp::AccessLog log(stdout);
    demoapp::AppMetrics metrics;
    demoapp::ActiveUsers users;
    demoapp::App app(config, metrics, users, log);
    demoapp::Server server(config, app, log);
    if (auto error = server.listen()) {
        std::fprintf(stderr, "demoapp: error: %s\n", error->c_str());
        return 1;
    }
    log.info("listening", "address", server.address());
    log.flush();

    std::atomic<bool> stopped{false};
    std::thread loops([&] {
        server.run();
        stopped = true;
    });
    // Log lines are flushed a few times a second rather than once per request.
    bool draining = false;
    while (!stopped) {
        timespec wait{0, 200'000'000};
        int sig = sigtimedwait(&stop_signals, nullptr, &wait);
        if (sig > 0 && !draining) {
            draining = true;
            log.info("draining", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT");
            server.drain();
        }
        log.flush();
    }
    loops.join();
    log.info("stopped");
    log.flush();
    return 0;
}
