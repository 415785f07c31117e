#include "cli/check_options.hpp"
#include "capture/listener.hpp"
#include "cli/command.hpp"
#include "cli/help_format.hpp"

#include <unistd.h>

#include <cstdio>

#include "cli/interrupt.hpp"
#include "cli/scenario_files.hpp"
#include "grafana/annotations.hpp"
#include "report/files.hpp"
#include "util/duration.hpp"
#include "util/locate.hpp"

namespace cli {

void CheckOptions::add_to(CLI::App& cmd, const char* target_help) {
    cmd.add_option("scenarios", scenarios,
                   "Bundled scenario names (obsctl list) or scenario files, taken in turn");
    cmd.add_option("--scenarios-dir", scenarios_dir, "Where bundled scenarios are looked up")
        ->group("Scenarios");
    in_group(cmd, "Endpoints", [&] { endpoints.add_to(cmd, target_help); });
    time_scale_option =
        cmd.add_option("--time-scale", time_scale,
                       "Scale phases and scenario deadlines to a stack whose rules are "
                       "time-scaled by this (default: a detached local stack's own, else 1)")
            ->group("Verification")
            ->check(finite_range(0.001, 10.0));
    cmd.add_option("--state-dir", state_dir,
                   "A local stack's state directory: the detached stack to check (default: "
                   "`obsctl stack up`'s); with `run --local-stack`, where it lives (default: a "
                   "fresh one, removed after a run that passed)")
        ->group("Stack");
    cmd.add_option("--slack", slack,
                   "Added to every deadline and never time-scaled: the allowance for delays of "
                   "the stack that do not shrink with --time-scale (polling, notification, a "
                   "database's own statistics delay)")
        ->group("Verification")
        ->check([](const std::string& v) {
            auto d = util::parse_duration(v);
            return d && *d <= std::chrono::hours(1) ? std::string()
                                                    : "a duration of at most 1h, such as 5s or 30s";
        })
        ->capture_default_str();
    cmd.add_option("--settle", settle_seconds,
                   "Seconds to wait for expected alerts left over from before to clear")
        ->group("Verification")
        ->check(finite_range(0.0, 3600.0))
        ->capture_default_str();
    cmd.add_option("--webhook-listen", webhook_listen,
                   "Receive Alertmanager's webhooks on HOST:PORT and judge routing and delivery "
                   "from what arrives (`run --local-stack` sets it up itself)")
        ->group("Verification");
    cmd.add_option("--smtp-listen", smtp_listen,
                   "Receive Alertmanager's emails on HOST:PORT (its smarthost) and check what they "
                   "say (`run --local-stack` sets it up itself)")
        ->group("Verification");
    cmd.add_option("--report", report,
                   "Write the full result as JSON (run.json -> run-NAME.json for several)")
        ->group("Reports");
    cmd.add_option("--junit", junit, "Write JUnit XML, one test case per assertion")
        ->group("Reports");
    cmd.add_option("--html", html,
                   "Write the report as one self-contained HTML page: the verdict, the traffic "
                   "and each expected alert on one time axis (run.html -> run-NAME.html for "
                   "several)")
        ->group("Reports");
    cmd.add_option("--grafana", grafana,
                   "Post annotations to this Grafana (phases, each expected alert firing and "
                   "resolved, the verdict; tagged obsctl and the scenario's name)")
        ->group("Reports");
    cmd.add_option("--grafana-token-file", grafana_token_file,
                   "A file holding a Grafana service account token (Editor) for --grafana")
        ->group("Reports");
    cmd.add_option("--coverage", coverage,
                   "Write the rule coverage of all scenarios as JSON (merge files with "
                   "`obsctl coverage`)")
        ->group("Reports");
    cmd.add_option("--min-coverage", min_coverage,
                   "Exit 1 when fewer than PERCENT of the loaded alerting rules were made to "
                   "fire and resolve as expected")
        ->group("Verification")
        ->check(finite_range(0.0, 100.0));
    cmd.add_flag("-q,--quiet", quiet, "Print only failures and errors")->group("Output");
    cmd.footer(util::k_exit_code_help);
    cmd.add_flag("--fail-fast", fail_fast,
                 "End the run as soon as a check fails (its deadline passed unmet, or an "
                 "unexpected alert fired): the traffic stops, checks not yet decided are not "
                 "judged, the report says where it stopped")
        ->group("Verification");
}

std::unique_ptr<run::LiveStack> live_stack(const CheckOptions& o, const net::StackEndpoints& where,
                                           const scenario::Scenario& s, const std::string& target,
                                           capture::Listener* webhooks,
                                           const std::vector<std::string>& app_jobs,
                                           const stack::StackState* local) {
    run::StackSettings settings;
    if (local != nullptr)
        settings.receivers = local->receivers;
    if (local != nullptr)
        settings.replaced = local->replaced;
    if (local != nullptr && local->processes.contains(stack::Component::alertmanager))
        settings.alertmanager_log = local->processes.at(stack::Component::alertmanager).log;
    settings.time_scale = o.time_scale;
    settings.slack = *util::parse_duration(o.slack);  // checked by the option
    settings.settle = std::chrono::milliseconds(static_cast<long long>(o.settle_seconds * 1000));
    settings.target = target;
    settings.app_jobs = app_jobs;
    settings.quiet = o.quiet;
    return std::make_unique<run::LiveStack>(where, s, settings, webhooks);
}

void CoverageTally::add(const std::string& scenario, const verify::VerifyReport& report) {
    m_total.merge(coverage::of_run(scenario, report));
    m_any = true;
}

util::Result<util::ExitCode> CoverageTally::finish(const CheckOptions& o,
                                                   util::ExitCode code) const {
    if (!m_any)
        return code;
    if (!o.quiet)
        coverage::print(stdout, m_total);
    if (!o.coverage.empty()) {
        if (auto ok = report::write_file(o.coverage, coverage::to_json(m_total)); !ok)
            return std::unexpected(ok.error());
    }
    if (o.min_coverage && code == util::ExitCode::ok) {
        if (auto why = coverage::below(m_total, *o.min_coverage)) {
            std::printf("FAIL  %s\n", why->c_str());
            return util::ExitCode::check_failed;
        }
    }
    return code;
}

capture::ListenOptions listen_options(const CheckOptions& o, const stack::StackState* state) {
    capture::ListenOptions out;
    out.http = o.webhook_listen;
    out.smtp = o.smtp_listen;
    if (state != nullptr) {
        // The stack obsctl rendered: its email integrations send to this port, and its
        // receivers' other integrations to the webhook port, beside obsctl's own webhook.
        if (state->ports.smtp != 0 && out.smtp.empty())
            out.smtp = "127.0.0.1:" + std::to_string(state->ports.smtp);
        out.captured = state->captured;
    }
    return out;
}

util::Result<std::unique_ptr<capture::Listener>> start_listener(
    const capture::ListenOptions& options) {
    if (options.http.empty())
        return std::unique_ptr<capture::Listener>{};
    return capture::Listener::start(options);
}

namespace {

/// The report path for one of several scenarios: run.json -> run-errors.json.
std::filesystem::path for_scenario(const std::filesystem::path& path, const std::string& name,
                                   bool several) {
    if (path.empty() || !several)
        return path;
    return path.parent_path() / (path.stem().string() + "-" + name + path.extension().string());
}

}  // namespace

std::vector<std::pair<std::string, std::string>> stack_urls(const net::StackEndpoints& where) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, e] :
         {std::pair{"prometheus", &where.prometheus}, std::pair{"ruler", &where.ruler},
          std::pair{"alertmanager", &where.alertmanager}}) {
        if (!e->url.empty())
            out.emplace_back(name, e->display());
    }
    return out;
}

util::Result<void> check_grafana(const CheckOptions& o) {
    if (o.grafana.empty()) {
        if (!o.grafana_token_file.empty())
            return util::fail(util::ExitCode::usage, "--grafana-token-file needs --grafana");
        return {};
    }
    auto grafana = grafana::endpoint(o.grafana, o.grafana_token_file);
    if (!grafana)
        return std::unexpected(grafana.error());
    return grafana::check_reachable(*grafana);
}

run::Terminal terminal_for(const CheckOptions& o, const std::string& name, bool several,
                           CoverageTally& tally) {
    run::OutputFiles files{for_scenario(o.report, name, several),
                           for_scenario(o.junit, name, several),
                           for_scenario(o.html, name, several), o.grafana, o.grafana_token_file};
    return run::Terminal(std::move(files), o.quiet, isatty(STDOUT_FILENO) != 0,
                         [&tally, name](const verify::VerifyReport& r) { tally.add(name, r); });
}

util::Result<std::vector<scenario::Scenario>> load_scenarios(const CheckOptions& o) {
    // Every scenario is read first: a mistake in the last one is exit 2 before any traffic.
    std::vector<scenario::Scenario> loaded;
    std::vector<std::string> names = o.scenarios;
    if (o.all) {
        if (!names.empty())
            return util::fail(util::ExitCode::usage,
                              "--all runs every bundled scenario: give no scenario names with it");
        auto dir = util::find_data_dir("scenarios", o.scenarios_dir);
        if (!dir)
            return std::unexpected(dir.error());
        for (const auto& file : bundled_scenarios(*dir))
            names.push_back(file.string());
    }
    if (names.empty())
        return util::fail(util::ExitCode::usage,
                          "no scenario given: name one or more (obsctl list shows the bundled "
                          "ones) or a scenario file");
    for (const auto& name : names) {
        auto s = find_scenario(name, o.scenarios_dir);
        if (!s)
            return std::unexpected(s.error());
        loaded.push_back(std::move(*s));
    }
    // So is a report that could not be written: found after the traffic, the run is lost.
    if (!o.coverage.empty()) {
        if (auto ok = report::check_writable(o.coverage); !ok)
            return std::unexpected(ok.error());
    }
    for (const auto& s : loaded) {
        for (const auto* path : {&o.report, &o.junit, &o.html}) {
            const auto file = for_scenario(*path, s.name, loaded.size() > 1);
            if (file.empty())
                continue;
            if (auto ok = report::check_writable(file); !ok)
                return std::unexpected(ok.error());
        }
    }
    return loaded;
}

util::Result<util::ExitCode> each_scenario(const CheckOptions& o,
                                           const std::vector<scenario::Scenario>& loaded,
                                           const OneScenario& one) {
    std::atomic<bool> failed_fast{false};
    return run::each_scenario(
        loaded.size(),
        [&](std::size_t i) -> util::Result<util::ExitCode> {
            const auto& s = loaded[i];
            if (!o.quiet)
                std::printf("%s: %s\n", s.name.c_str(), s.description.c_str());
            return one(s, loaded.size() > 1, &failed_fast);
        },
        interrupted(), &failed_fast);
}

}  // namespace cli
