// obsctl verify: the alert checks of `obsctl run` around load that something else sends.
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "capture/listener.hpp"
#include "cli/check_options.hpp"
#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "cli/interrupt.hpp"
#include "load/engine.hpp"
#include "report/files.hpp"
#include "run/watch_traffic.hpp"
#include "util/duration.hpp"

namespace cli {
namespace {

struct VerifyCli {
    CheckOptions check;
    double duration_scale = 1.0;
    std::optional<double> traffic_seconds;
    std::vector<std::filesystem::path> client_report;  ///< files or directories
    double client_report_grace = 60;
};

util::Result<util::ExitCode> verify_one(const VerifyCli& o, const net::StackEndpoints& where,
                                        const scenario::Scenario& s, bool several,
                                        capture::Listener* webhooks, CoverageTally& tally,
                                        std::atomic<bool>* failed_fast,
                                        const stack::StackState* local) {
    const CheckOptions& c = o.check;
    const std::string target = where.target.url.empty() ? s.target : where.target.url;
    auto stack = live_stack(c, where, s, target, webhooks,
                            local ? local->app_jobs : std::vector<std::string>{}, local);
    stack->time_phases(load::scaled_phases(s, 1.0, o.duration_scale * c.time_scale));

    // The scenario's phases as the sender runs them; --traffic overrides their total length.
    std::chrono::nanoseconds window{0};
    std::vector<verify::PhaseStart> phases;
    for (const auto& p : load::scaled_phases(s, 1.0, o.duration_scale * c.time_scale)) {
        phases.push_back({p.name, std::chrono::duration_cast<verify::Millis>(window)});
        window += p.duration;
    }
    if (o.traffic_seconds) {
        window = std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::duration<double>(*o.traffic_seconds));
    }
    run::WatchSettings watch{
        s.name,
        window,
        std::move(phases),
        o.client_report,
        std::chrono::milliseconds(static_cast<long long>(o.client_report_grace * 1000)),
        {}};
    run::Plan plan{report::document_for(s), c.fail_fast, failed_fast};
    plan.base.mode = "verify";
    plan.base.client_report = run::names(o.client_report);
    {
        const auto urls = stack_urls(where);
        plan.base.stack.insert(urls.begin(), urls.end());
    }
    auto out = terminal_for(c, s.name, several, tally);
    // Said once the preflight has passed, just before the watch starts.
    if (!c.quiet) {
        watch.announce = [&] {
            std::printf(
                "watching from now: send the load (%s of traffic%s)\n",
                util::human_duration(std::chrono::duration_cast<verify::Millis>(window)).c_str(),
                o.client_report.empty()
                    ? ""
                    : (", counts from " + run::names(o.client_report) + " when written").c_str());
            std::fflush(stdout);
        };
    }
    run::WatchTraffic traffic(std::move(watch));
    return run::run_scenario(plan, stack.get(), traffic, out, interrupted());
}

util::Result<util::ExitCode> verify_all(const VerifyCli& given) {
    VerifyCli o = given;  // a detached stack's time scale and webhook port are taken into it
    catch_interrupts();
    const auto loaded = load_scenarios(o.check);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (auto ok = check_grafana(o.check); !ok)
        return std::unexpected(ok.error());
    auto where = o.check.endpoints.resolve();
    if (!where)
        return std::unexpected(where.error());
    auto local = adopt_local_stack(o.check, *where);
    if (!local)
        return std::unexpected(local.error());
    if (auto ok = require_target(*where, *loaded); !ok)
        return std::unexpected(ok.error());
    auto webhooks = start_listener(listen_options(o.check, *local ? &**local : nullptr));
    if (!webhooks)
        return std::unexpected(webhooks.error());
    CoverageTally tally;
    auto code = each_scenario(
        o.check, *loaded,
        [&](const scenario::Scenario& s, bool several, std::atomic<bool>* failed_fast) {
            return verify_one(o, *where, s, several, webhooks->get(), tally, failed_fast,
                              *local ? &**local : nullptr);
        });
    if (!code)
        return code;
    return tally.finish(o.check, *code);
}

}  // namespace

void setup_verify(CLI::App& parent, Action& action) {
    auto o = std::make_shared<VerifyCli>();
    auto* cmd = parent.add_subcommand(
        "verify",
        "Check a scenario's expected alerts around load sent from elsewhere: start it, then "
        "the load");
    o->check.add_to(*cmd,
                    "The app's base URL, to find its scrape target (default: the scenario's)");
    cmd->add_option("--duration-scale", o->duration_scale,
                    "The load's --duration-scale, for the length of its traffic")
        ->group("Traffic")
        ->check(finite_range(0.001, 1000.0))
        ->capture_default_str();
    cmd->add_option("--traffic", o->traffic_seconds,
                    "Seconds the load lasts from now (default: the scenario's phases, scaled)")
        ->group("Traffic")
        ->check(finite_range(0.0, 86400.0));
    cmd->add_option("--client-report", o->client_report,
                    "The JSON report(s) (`obsctl run --no-verify --report FILE`) of the run(s) "
                    "that send the load, or a directory of them (--segment runs): their counts "
                    "summed for matches_client, their times for the window")
        ->group("Traffic");
    cmd->add_option("--client-report-grace", o->client_report_grace,
                    "Seconds past the traffic window to wait for --client-report to be written")
        ->group("Traffic")
        ->capture_default_str();
    set_examples(*cmd, {"obsctl verify errors --prometheus http://prom:9090 --alertmanager "
                        "http://am:9093 --traffic 300   # then start the load",
                        "obsctl verify errors --client-report reports/   # the load's "
                        "`run --no-verify --report` files"});
    cmd->callback([o, &action] { action = [o] { return verify_all(*o); }; });
}

}  // namespace cli
