#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "capture/listener.hpp"
#include "cli/app_control.hpp"
#include "cli/check_options.hpp"
#include "cli/command.hpp"
#include "cli/distributed.hpp"
#include "cli/help_format.hpp"
#include "cli/interrupt.hpp"
#include "cli/stack_options.hpp"
#include "load/engine.hpp"
#include "promapi/http_client.hpp"
#include "report/files.hpp"
#include "report/summary.hpp"
#include "report/thresholds.hpp"
#include "run/load_traffic.hpp"
#include "series/publisher.hpp"
#include "series/pusher.hpp"
#include "series/server.hpp"

namespace cli {
namespace {

struct RunCli {
    CheckOptions check;
    double duration_scale = 1.0;
    double rate_scale = 1.0;
    std::optional<std::uint64_t> seed;
    unsigned threads = 1;
    load::TransportChoice transport = load::TransportChoice::automatic;  ///< --transport
    bool no_verify = false;
    bool verify = false;  ///< --verify: judge the alerts although --segment is given
    std::string segment, start_at;
    bool local_stack = false;
    StackConfig stack;  ///< --rules, --alertmanager-config, --scrape, ... (with --local-stack)
    std::string metrics_listen;
    std::string metrics_push;  ///< a Pushgateway's http://HOST:PORT
    std::string app;           ///< --app: the command of the user's app, started and supervised
    std::string series_listen, series_push;  ///< where a user's Prometheus gets the series
};

/// A segment sends a share of the load: the alerts are judged once, for all of them, by
/// `obsctl verify`; --verify judges them here too.
bool skip_verify(const RunCli& o) {
    return o.no_verify || (!o.segment.empty() && !o.verify);
}

/// What lives as long as the command: the receivers of webhooks, the metrics exporter, the app
/// the scenarios' actions act on (none when obsctl runs no app) and where their output goes.
struct Services {
    std::unique_ptr<capture::Listener> webhooks;
    std::unique_ptr<report::MetricsExporter> exporter;
    std::unique_ptr<stack::SupervisedApp> supervised;  ///< --app
    std::unique_ptr<run::AppControl> app;
    std::filesystem::path scratch;
    /// The scenarios' synthetic series: on obsctl's metrics endpoint (the local stack's `obsctl`
    /// job), on --series-listen, pushed to --series-push; null when no scenario has any.
    std::shared_ptr<series::Publisher> series;
    std::unique_ptr<series::Server> series_server;
    std::unique_ptr<series::Pusher> series_pusher;
};

/// --app: the user's app started before any scenario, ready once the traffic's target answers.
util::Result<void> start_app(const RunCli& o, const net::StackEndpoints& where,
                             const std::vector<scenario::Scenario>& loaded, Services& services) {
    if (o.app.empty())
        return {};
    if (auto ok = require_target(where, loaded); !ok)
        return ok;
    const std::string health = !where.target.url.empty()
                                   ? where.target.url
                                   : net::endpoint_from_url(loaded.front().target).url;
    std::error_code ec;
    std::filesystem::create_directories(services.scratch, ec);
    if (!o.check.quiet)
        note("starting the app: " + o.app + " (ready when " + health + " answers)");
    auto app =
        stack::SupervisedApp::start(o.app, services.scratch / "app.log",
                                    util::real_process_runner(), health, std::chrono::seconds(30));
    if (!app)
        return std::unexpected(app.error());
    services.supervised = std::move(*app);
    return {};
}

/// Where the scenarios' synthetic series go, set up before any traffic; none is exit 2.
util::Result<void> serve_series(const RunCli& o, const std::vector<scenario::Scenario>& loaded,
                                Services& services) {
    const auto with = std::find_if(loaded.begin(), loaded.end(),
                                   [](const scenario::Scenario& s) { return !s.series.empty(); });
    if (with == loaded.end())
        return {};
    services.series = std::make_shared<series::Publisher>();
    bool served = false;
    if (services.exporter && o.local_stack) {
        services.exporter->serve(services.series);
        served = true;
    }
    if (!o.series_listen.empty()) {
        auto server = series::Server::start(o.series_listen, services.series);
        if (!server)
            return std::unexpected(server.error());
        if (!o.check.quiet)
            note("synthetic series on http://" +
                 o.series_listen.substr(0, o.series_listen.rfind(':')) + ":" +
                 std::to_string((*server)->port()) + "/metrics");
        services.series_server = std::move(*server);
        served = true;
    }
    if (!o.series_push.empty()) {
        auto pusher =
            series::Pusher::create(o.series_push, services.series, std::chrono::milliseconds(1000));
        if (!pusher)
            return std::unexpected(pusher.error());
        services.series_pusher = std::move(*pusher);
        services.series_pusher->start_pushing();
        served = true;
    }
    if (served)
        return {};
    return util::fail(util::ExitCode::usage,
                      "the scenario has synthetic series (series:) and nothing would scrape them",
                      with->file.string(),
                      "run it with --local-stack, or give --series-listen HOST:PORT (and scrape "
                      "it with honor_labels: true) or --series-push http://PUSHGATEWAY:PORT");
}

bool has_actions(const scenario::Scenario& s) {
    for (const auto& p : s.phases) {
        if (!p.actions.empty())
            return true;
    }
    return false;
}

util::Result<util::ExitCode> run_one(const RunCli& o, const scenario::Scenario& s,
                                     const net::StackEndpoints& where, bool several,
                                     const Services& services, const stack::StackState* local,
                                     CoverageTally& tally, std::atomic<bool>* failed_fast) {
    const CheckOptions& c = o.check;
    load::EngineOptions options;
    options.target = where.target;
    if (options.target.url.empty())
        options.target.url = net::endpoint_from_url(s.target).url;
    options.threads = o.threads;
    options.transport = o.transport;
    options.rate_scale = o.rate_scale;
    options.duration_scale = o.duration_scale * c.time_scale;
    // Segments must agree on the request sequence: without a seed they take the scenario's
    // checksum, not the clock.
    const auto fallback_seed = o.segment.empty()
                                   ? static_cast<std::uint64_t>(std::time(nullptr))
                                   : std::stoull(s.checksum().substr(0, 12), nullptr, 16);
    options.seed = o.seed.value_or(s.seed.value_or(fallback_seed));
    if (!o.segment.empty())
        options.segment = *parse_segment(o.segment);  // checked in run_all
    if (!o.start_at.empty())
        options.start_at = *parse_start_at(o.start_at);  // checked in run_all
    const auto phases = load::scaled_phases(s, options.rate_scale, options.duration_scale);
    // Phases scaled past the limits, and a transport that cannot send this run, are exit 2
    // before anything is probed or started.
    auto engine = load::Engine::prepare(s, options);
    if (!engine)
        return std::unexpected(engine.error());

    // An unreachable target is one clear line before any traffic, not a run of connect errors.
    const auto http = promapi::make_http_client(options.target);
    if (auto answer = http->get(options.target.url + "/"); !answer) {
        auto e = answer.error();
        e.what = "target unreachable: " + e.what;
        e.where = options.target.display();
        if (e.hint.empty())
            e.hint = "is the app running? `obsctl stack up` starts the local one";
        return std::unexpected(e);
    }
    std::unique_ptr<run::LiveStack> stack;
    if (!skip_verify(o)) {
        stack = live_stack(c, where, s, options.target.url, services.webhooks.get(),
                           local ? local->app_jobs : std::vector<std::string>{}, local);
        stack->time_phases(phases);
    }
    std::unique_ptr<run::Actions> actions;
    if (has_actions(s))
        actions = std::make_unique<run::Actions>(phases, services.app.get(), services.scratch);
    report::MetricsExporter* exporter = services.exporter.get();
    if (exporter != nullptr) {
        std::vector<std::string> phase_names, request_names;
        for (const auto& p : phases)
            phase_names.push_back(p.name);
        for (const auto& r : s.requests)
            request_names.push_back(r.name);
        exporter->begin(s.name, phase_names, request_names);
    }
    const bool show = !c.quiet && isatty(STDOUT_FILENO);
    run::LoadTraffic traffic(s, std::move(*engine), phases, show, exporter, stack.get(),
                             actions.get(), services.series.get());
    run::Plan plan{report::document_for(s), c.fail_fast, failed_fast};
    plan.base.seed = options.seed;
    if (stack) {
        const auto urls = stack_urls(where);
        plan.base.stack.insert(urls.begin(), urls.end());
    }
    auto out = terminal_for(c, s.name, several, tally);
    auto code = run::run_scenario(plan, stack.get(), traffic, out, interrupted());
    if (services.series)
        services.series->end();  // served until its verdicts were in
    return code;
}

/// `run --local-stack`'s state directory when --state-dir gives none: a fresh one, so runs at
/// the same time never share one; removed after a run that passed, kept (and named) otherwise.
class FreshStateDir {
  public:
    util::Result<std::filesystem::path> make() {
        const auto root = util::default_state_dir().parent_path();
        std::error_code ec;
        std::filesystem::create_directories(root, ec);
        std::string pattern = (root / "run-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            return util::fail(
                util::ExitCode::stack_unavailable,
                std::string("cannot create a state directory: ") + std::strerror(errno),
                root.string(), "give one with --state-dir");
        m_dir = pattern;
        return m_dir;
    }
    void keep_unless(bool passed) { m_remove = passed; }
    ~FreshStateDir() {
        if (m_dir.empty())
            return;
        std::error_code ec;
        if (m_remove) {
            std::filesystem::remove_all(m_dir, ec);
        } else {
            std::filesystem::remove_all(m_dir / "data", ec);  // its TSDB: large, and no use
            note("the local stack's configuration and logs are kept in " + m_dir.string());
        }
    }

  private:
    std::filesystem::path m_dir;
    bool m_remove = false;
};

util::Result<util::ExitCode> run_all(const RunCli& given) {
    RunCli o = given;  // a detached stack's time scale and webhook port are taken into it
    catch_interrupts();
    // --segment and --start-at are checked before anything starts.
    if (!o.segment.empty()) {
        if (auto ok = parse_segment(o.segment); !ok)
            return std::unexpected(ok.error());
    }
    if (!o.start_at.empty()) {
        if (auto ok = parse_start_at(o.start_at); !ok)
            return std::unexpected(ok.error());
    }
    if (o.check.fail_fast && skip_verify(o)) {
        return util::fail(
            util::ExitCode::usage,
            "--fail-fast stops at the first failed alert check, and this run has none "
            "(--no-verify, or --segment without --verify)");
    }
    const auto loaded = load_scenarios(o.check);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (auto ok = check_grafana(o.check); !ok)
        return std::unexpected(ok.error());
    // Where the traffic and the checks go; an empty target means each scenario's own.
    auto resolved = o.check.endpoints.resolve();
    if (!resolved)
        return std::unexpected(resolved.error());
    net::StackEndpoints where = std::move(*resolved);
    Services services;
    // With --local-stack obsctl always serves its metrics (on a free port unless told), and
    // the stack's Prometheus scrapes them as job "obsctl".
    std::string metrics_listen = o.metrics_listen;
    if (metrics_listen.empty() && o.local_stack)
        metrics_listen = "127.0.0.1:0";
    if (!metrics_listen.empty() || !o.metrics_push.empty()) {
        const auto segment = o.segment.empty() ? load::Segment{} : *parse_segment(o.segment);
        auto started = report::MetricsExporter::start(
            {metrics_listen, o.metrics_push, segment.index, segment.count});
        if (!started)
            return std::unexpected(started.error());
        services.exporter = std::move(*started);
    }
    std::optional<stack::StackState> detached;
    if (!o.local_stack) {
        auto adopted = adopt_local_stack(o.check, where);
        if (!adopted)
            return std::unexpected(adopted.error());
        detached = std::move(*adopted);
    }
    FreshStateDir fresh;
    std::unique_ptr<stack::LocalStack> local;
    std::string webhook_listen = o.check.webhook_listen;
    StackLocation location;
    location.state_dir = o.check.state_dir;
    if (o.local_stack && location.state_dir.empty()) {
        auto dir = fresh.make();
        if (!dir)
            return std::unexpected(dir.error());
        location.state_dir = *dir;
    }
    // Actions' output and the --app's log: beside the local stack's, else in a temp dir.
    services.scratch = o.local_stack ? location.state_dir / "actions"
                                     : std::filesystem::temp_directory_path() /
                                           ("obsctl-actions-" + std::to_string(::getpid()));
    // The user's app first: the local stack is ready once Prometheus has scraped it.
    if (auto ok = start_app(o, where, *loaded, services); !ok)
        return std::unexpected(ok.error());
    if (o.local_stack) {
        StackShape shape;
        shape.ports = {0, 0, 0, 0, services.exporter->port()};
        shape.time_scale = o.check.time_scale;
        auto options = stack_options(location, shape, o.stack);
        if (!options)
            return std::unexpected(options.error());
        options->stop = &interrupted();
        auto started = stack::LocalStack::up(*options, [&](const std::string& line) {
            if (!o.check.quiet)
                note(line);
        });
        if (!started)
            return std::unexpected(started.error());
        local = std::move(*started);
        if (webhook_listen.empty()) {
            // The rendered Alertmanager config posts its webhooks to this port.
            webhook_listen = "127.0.0.1:" + std::to_string(local->state().ports.webhook);
        }
        // Traffic goes to demoapp when the stack runs it; else where --target or the scenario
        // says (the user's app).
        if (local->state().has_demoapp())
            where.target = net::endpoint_from_url(local->state().app_url());
        where.prometheus = net::endpoint_from_url(local->state().prometheus_url());
        where.ruler = where.prometheus;
        where.alertmanager = net::endpoint_from_url(local->state().alertmanager_url());
    }
    if (auto ok = require_target(where, *loaded); !ok)
        return std::unexpected(ok.error());
    if (services.supervised) {
        services.app = supervised_control(*services.supervised);
    } else if (local && local->state().has_demoapp()) {
        services.app = demoapp_control(*local);
    } else if (detached && detached->has_demoapp()) {
        services.app = detached_demoapp_control(*detached);
    }
    if (auto ok = serve_series(o, *loaded, services); !ok)
        return std::unexpected(ok.error());
    // An action on the app needs one that obsctl runs: said before any traffic.
    for (const auto& s : *loaded) {
        if (auto ok = check_app_actions(s, services.app.get()); !ok)
            return std::unexpected(ok.error());
    }
    auto listen = listen_options(o.check, local      ? &local->state()
                                          : detached ? &*detached
                                                     : nullptr);
    listen.http = webhook_listen;
    if (skip_verify(o))
        listen = {};
    auto webhooks = start_listener(listen);
    if (!webhooks)
        return std::unexpected(webhooks.error());
    services.webhooks = std::move(*webhooks);
    CoverageTally tally;
    auto code = each_scenario(
        o.check, *loaded,
        [&](const scenario::Scenario& s, bool several, std::atomic<bool>* failed_fast) {
            return run_one(o, s, where, several, services,
                           local ? &local->state() : (detached ? &*detached : nullptr), tally,
                           failed_fast);
        });
    if (services.series_pusher) {
        // The last values, then every group deleted: nothing lingers on the Pushgateway.
        (void)services.series_pusher->push();
        if (auto ok = services.series_pusher->finish(); !ok)
            note("warning: synthetic series left on the Pushgateway: " + ok.error().message());
    }
    if (!code)
        return code;
    auto finished = tally.finish(o.check, *code);
    fresh.keep_unless(finished && *finished == util::ExitCode::ok);
    return finished;
}

}  // namespace

void setup_run(CLI::App& parent, Action& action) {
    auto o = std::make_shared<RunCli>();
    auto* cmd = parent.add_subcommand(
        "run", "Replay scenarios against the target and check the alerts they must cause");
    o->check.add_to(*cmd, "Base URL for the scenario's paths (default: the scenario's target)");
    cmd->add_flag("--all", o->check.all,
                  "Run every bundled scenario in turn (obsctl list), then the rule coverage")
        ->group("Scenarios");
    auto* local = cmd->add_flag("--local-stack", o->local_stack,
                                "Start the local stack (time-scaled by --time-scale), run every "
                                "scenario in turn, stop it")
                      ->group("Stack");
    o->stack.add_to(*cmd, local);
    cmd->add_option("--duration-scale", o->duration_scale, "Multiply every phase's duration")
        ->group("Traffic")
        ->check(finite_range(0.001, 1000.0))
        ->capture_default_str();
    cmd->add_option("--rate-scale", o->rate_scale, "Multiply every phase's rate (and vus)")
        ->group("Traffic")
        ->check(finite_range(0.001, 1000.0))
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Random seed (default: the scenario's, else the clock)")
        ->group("Traffic");
    cmd->add_option("--threads", o->threads, "Event loops sending in parallel")
        ->group("Traffic")
        ->check(CLI::Range(1u, 64u))
        ->capture_default_str();
    cmd->add_option_function<std::string>(
           "--transport",
           [o](const std::string& name) {
               o->transport = name == "curl"    ? load::TransportChoice::curl
                              : name == "http1" ? load::TransportChoice::http1
                                                : load::TransportChoice::automatic;
           },
           "Which client sends the traffic: auto takes the lean HTTP/1.1 path for plain "
           "http:// targets and libcurl for https, proxies and URLs off the target")
        ->group("Traffic")
        ->check(CLI::IsMember({"auto", "curl", "http1"}))
        ->default_str("auto");
    cmd->add_flag("--no-verify", o->no_verify, "Send traffic only: no preflight, no alert checks")
        ->group("Traffic");
    cmd->add_option("--segment", o->segment,
                    "Send the I-th of N disjoint shares of the scenario (I/N, from 0/N): N "
                    "processes together send it exactly; implies --no-verify")
        ->group("Traffic");
    cmd->add_option("--start-at", o->start_at,
                    "Start the traffic at this time (Unix seconds or RFC 3339), so segments "
                    "start together; arrivals already due are dropped as late, never sent in a "
                    "burst")
        ->group("Traffic");
    cmd->add_flag("--verify", o->verify, "Judge the alerts even with --segment")
        ->group("Verification");
    cmd->add_option(
           "--metrics-listen", o->metrics_listen,
           "Serve obsctl's own metrics (obsctl_requests_total, ...) on HOST:PORT while it runs "
           "(with --local-stack: a free port, scraped as job obsctl)")
        ->group("Output");
    cmd->add_option("--metrics-push", o->metrics_push,
                    "Push obsctl's own metrics to a Prometheus Pushgateway (http://HOST:PORT) "
                    "every 5 s and at the end, as job obsctl, instance <scenario>-<I>of<N>")
        ->group("Output");
    cmd->add_option("--series-listen", o->series_listen,
                    "Serve the scenarios' synthetic series (series:) on HOST:PORT/metrics for "
                    "your Prometheus to scrape (with honor_labels: true)")
        ->group("Traffic");
    cmd->add_option("--series-push", o->series_push,
                    "Push the scenarios' synthetic series to a Prometheus Pushgateway "
                    "(http://HOST:PORT) every second, one group per job and instance, deleted "
                    "at the end")
        ->group("Traffic");
    cmd->add_option("--app", o->app,
                    "Start the app under test with this command (sh -c), wait until the target "
                    "answers, and stop it at the end; scenario actions stop, start, pause and "
                    "resume it")
        ->group("Traffic");
    set_examples(*cmd,
                 {"obsctl run errors --local-stack --time-scale 0.1",
                  "obsctl run --all --local-stack --time-scale 0.1 --html run.html --coverage "
                  "coverage.json",
                  "obsctl run my.yaml --prometheus http://prom:9090 --alertmanager "
                  "http://am:9093 --junit out.xml"});
    cmd->callback([o, &action] { action = [o] { return run_all(*o); }; });
}

}  // namespace cli
