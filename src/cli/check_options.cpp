#include "cli/check_options.hpp"
#include "cli/command.hpp"

#include <cstdio>

#include "cli/interrupt.hpp"
#include "cli/scenario_files.hpp"
#include "grafana/annotations.hpp"
#include "html/render.hpp"
#include "report/files.hpp"
#include "report/verification.hpp"

namespace cli {

void CheckOptions::add_to(CLI::App& cmd, const char* target_help) {
    cmd.add_option("scenarios", scenarios,
                   "Bundled scenario names (obsctl list) or scenario files, taken in turn")
        ->required();
    cmd.add_option("--scenarios-dir", scenarios_dir, "Where bundled scenarios are looked up");
    endpoints.add_to(cmd, target_help);
    cmd.add_option("--time-scale", time_scale,
                   "Scale phases and scenario deadlines to a stack whose rules are time-scaled "
                   "by this")
        ->check(finite_range(0.001, 10.0))
        ->capture_default_str();
    cmd.add_option("--settle", settle_seconds,
                   "Seconds to wait for expected alerts left over from before to clear")
        ->check(finite_range(0.0, 3600.0))
        ->capture_default_str();
    cmd.add_option("--webhook-listen", webhook_listen,
                   "Receive Alertmanager's webhooks on HOST:PORT and judge routing and delivery "
                   "from what arrives (`run --local-stack` sets it up itself)");
    cmd.add_option("--report", report,
                   "Write the full result as JSON (run.json -> run-NAME.json for several)");
    cmd.add_option("--junit", junit, "Write JUnit XML, one test case per assertion");
    cmd.add_option("--html", html,
                   "Write the report as one self-contained HTML page: the verdict, the traffic "
                   "and each expected alert on one time axis (run.html -> run-NAME.html for "
                   "several)");
    cmd.add_option("--grafana", grafana,
                   "Post annotations to this Grafana (phases, each expected alert firing and "
                   "resolved, the verdict; tagged obsctl and the scenario's name)");
    cmd.add_option("--grafana-token-file", grafana_token_file,
                   "A file holding a Grafana service account token (Editor) for --grafana");
    cmd.add_option("--coverage", coverage,
                   "Write the rule coverage of all scenarios as JSON (merge files with "
                   "`obsctl coverage`)");
    cmd.add_option("--min-coverage", min_coverage,
                   "Exit 1 when fewer than PERCENT of the loaded alerting rules were made to "
                   "fire and resolve as expected")
        ->check(finite_range(0.0, 100.0));
    cmd.add_flag("-q,--quiet", quiet, "Print only failures and errors");
}

util::Result<std::unique_ptr<verify::Verifier>> prepare_verifier(
    const CheckOptions& o, const net::StackEndpoints& where, const scenario::Scenario& s,
    const std::string& target, promapi::WebhookReceiver* webhooks,
    const std::vector<std::string>& app_jobs) {
    const auto prometheus_http = promapi::make_http_client(where.prometheus);
    const auto ruler_http = promapi::make_http_client(where.ruler);
    const auto alertmanager_http = promapi::make_http_client(where.alertmanager);
    promapi::PrometheusClient prometheus(*prometheus_http, where.prometheus.url);
    promapi::PrometheusClient ruler(*ruler_http, where.ruler.url);
    promapi::AlertmanagerClient alertmanager(*alertmanager_http, where.alertmanager.url);
    if (!o.quiet)
        std::printf("preflight:\n");
    const auto settle = std::chrono::milliseconds(static_cast<long long>(o.settle_seconds * 1000));
    auto pre = verify::preflight(
        prometheus, ruler, alertmanager, s, target, settle,
        [&](const verify::Check& c) {
            if (!o.quiet || !c.passed)
                report::print_check(stdout, c);
        },
        &interrupted(), app_jobs);
    if (interrupted())
        return util::fail(util::ExitCode::interrupted, "interrupted during the preflight");
    for (const auto& c : pre.checks) {
        if (!c.passed) {
            return util::fail(util::ExitCode::stack_unavailable,
                              "preflight: " + c.name + ": " + c.detail);
        }
    }
    auto verifier = std::make_unique<verify::Verifier>(where, s, pre, o.time_scale, webhooks);
    // The run's silence lives a little longer than its traffic and deadlines could, and is
    // deleted when the verifier goes, whatever the outcome.
    const auto length =
        std::chrono::duration_cast<std::chrono::milliseconds>(s.duration() * o.time_scale) +
        std::chrono::minutes(10);
    auto silence = verifier->open_silence(length);
    if (!silence)
        return std::unexpected(silence.error());
    if (!silence->empty() && !o.quiet)
        std::printf("  ok    silence %-25s created for the run (deleted afterwards)\n",
                    silence->c_str());
    return verifier;
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

util::Result<std::unique_ptr<promapi::WebhookReceiver>> start_webhooks(const std::string& listen) {
    if (listen.empty())
        return std::unique_ptr<promapi::WebhookReceiver>{};
    return promapi::WebhookReceiver::start(listen);
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

util::ExitCode exit_code_of(const std::vector<verify::Check>& checks, bool interrupted) {
    if (interrupted)
        return util::ExitCode::interrupted;
    bool failed = false, inconclusive = false;
    for (const auto& c : checks) {
        failed = failed || c.failed();
        inconclusive = inconclusive || c.inconclusive;
    }
    // The stack hiding a verdict outranks a failure: CI must not report an alert regression
    // when it could not see the whole run.
    if (inconclusive)
        return util::ExitCode::stack_unavailable;
    return failed ? util::ExitCode::check_failed : util::ExitCode::ok;
}

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

namespace {

/// Posts the report's annotations to --grafana. A failure here is a warning: the verdict is
/// the alerts', and Grafana was reachable before the run.
void annotate(const CheckOptions& o, const std::string& json) {
    const auto grafana = grafana::endpoint(o.grafana, o.grafana_token_file);
    const auto posted = grafana ? grafana::post(*grafana, grafana::annotations_of(json))
                                : util::Result<std::size_t>(std::unexpected(grafana.error()));
    if (!posted) {
        std::fprintf(stderr, "obsctl: warning: annotations not posted: %s\n",
                     posted.error().message().c_str());
    } else if (!o.quiet) {
        std::printf("grafana: %zu annotations posted to %s\n", *posted, grafana->display().c_str());
    }
}

}  // namespace

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

util::Result<util::ExitCode> conclude(const CheckOptions& o, const std::string& name, bool several,
                                      const std::string& json, std::chrono::nanoseconds elapsed,
                                      const std::vector<verify::Check>& checks, bool interrupted) {
    if (const auto file = for_scenario(o.report, name, several); !file.empty()) {
        if (auto ok = report::write_file(file, json); !ok)
            return std::unexpected(ok.error());
    }
    if (const auto file = for_scenario(o.junit, name, several); !file.empty()) {
        if (auto ok = report::write_file(file, report::junit_report(name, elapsed, checks)); !ok)
            return std::unexpected(ok.error());
    }
    if (const auto file = for_scenario(o.html, name, several); !file.empty()) {
        auto page = html::render_text(json);
        if (!page)
            return std::unexpected(page.error());
        if (auto ok = report::write_file(file, *page); !ok)
            return std::unexpected(ok.error());
    }
    if (!o.grafana.empty())
        annotate(o, json);
    std::size_t failed = 0, skipped = 0, inconclusive = 0;
    for (const auto& c : checks) {
        failed += c.failed() ? 1 : 0;
        skipped += c.skipped ? 1 : 0;
        inconclusive += c.inconclusive ? 1 : 0;
    }
    const auto code = exit_code_of(checks, interrupted);
    if (interrupted) {
        std::printf("%s: INTERRUPTED (reports hold what was seen until then)\n", name.c_str());
        return code;
    }
    if (!o.quiet || inconclusive > 0) {
        std::string extra = skipped == 0 ? "" : ", " + std::to_string(skipped) + " skipped";
        if (inconclusive > 0)
            extra += ", " + std::to_string(inconclusive) + " inconclusive";
        const char* verdict = inconclusive > 0 ? "INCONCLUSIVE" : (failed == 0 ? "PASS" : "FAIL");
        std::printf("%s: %s (%zu of %zu checks passed%s)\n\n", name.c_str(), verdict,
                    checks.size() - failed - skipped - inconclusive, checks.size(), extra.c_str());
    }
    return code;
}

util::Result<std::vector<scenario::Scenario>> load_scenarios(const CheckOptions& o) {
    // Every scenario is read first: a mistake in the last one is exit 2 before any traffic.
    std::vector<scenario::Scenario> loaded;
    for (const auto& name : o.scenarios) {
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

util::Result<util::ExitCode> each_scenario(
    const CheckOptions& o, const std::vector<scenario::Scenario>& loaded,
    const std::function<util::Result<util::ExitCode>(const scenario::Scenario&, bool)>& one) {
    util::ExitCode worst = util::ExitCode::ok;
    for (const auto& s : loaded) {
        if (!o.quiet)
            std::printf("%s: %s\n", s.name.c_str(), s.description.c_str());
        auto code = one(s, loaded.size() > 1);
        if (!code || *code == util::ExitCode::interrupted)
            return code;
        if (*code != util::ExitCode::ok)
            worst = *code;
    }
    return worst;
}

}  // namespace cli
