#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/listener.hpp"
#include "cli/endpoints.hpp"
#include "coverage/coverage.hpp"
#include "run/live_stack.hpp"
#include "run/outputs.hpp"
#include "scenario/model.hpp"
#include "stack/state.hpp"
#include "util/error.hpp"
#include "verify/verifier.hpp"

namespace cli {

/// What `run` and `verify` share: where the stack's APIs are and how its alerts are checked.
struct CheckOptions {
    std::vector<std::string> scenarios;  ///< names or files, taken in turn
    bool all = false;                    ///< run --all: every bundled scenario
    std::filesystem::path scenarios_dir;
    EndpointOptions endpoints;  ///< --endpoints, --target, --prometheus, --ruler, ...
    double time_scale = 1.0;
    double settle_seconds = 60;
    std::string slack = "5s";  ///< --slack: a duration, never scaled, added to every deadline
    std::string webhook_listen;
    std::string smtp_listen;  ///< --smtp-listen: where email integrations send (HOST:PORT)
    std::filesystem::path report, junit;
    std::filesystem::path html;          ///< --html: the report as one self-contained page
    std::string grafana;                 ///< --grafana URL: annotations posted there
    std::string grafana_token_file;      ///< --grafana-token-file: a service account token
    std::filesystem::path coverage;      ///< --coverage: the rule coverage of all scenarios, JSON
    std::optional<double> min_coverage;  ///< --min-coverage PERCENT: exit 1 below it
    bool quiet = false;
    bool fail_fast = false;  ///< --fail-fast: stop the run at the first failed check
    /// --state-dir: the local stack's state directory (a detached stack's; with
    /// `run --local-stack`, where the stack lives). Empty: the default, or a fresh one.
    std::filesystem::path state_dir;
    CLI::Option* time_scale_option = nullptr;

    bool time_scale_given() const {
        return time_scale_option != nullptr && time_scale_option->count() > 0;
    }

    /// The scenarios, --scenarios-dir, the endpoint options (with --target described by
    /// `target_help`), --time-scale, --settle, --webhook-listen, --report, --junit, --quiet.
    void add_to(CLI::App& cmd, const char* target_help);
};

class CoverageTally;

/// The real stack of one scenario's run (run::LiveStack): its preflight against `where`,
/// the traffic going to `target`, `app_jobs` the local stack's jobs that scrape it.
std::unique_ptr<run::LiveStack> live_stack(const CheckOptions& o, const net::StackEndpoints& where,
                                           const scenario::Scenario& s, const std::string& target,
                                           capture::Listener* webhooks,
                                           const std::vector<std::string>& app_jobs = {},
                                           const stack::StackState* local = nullptr);

/// A stack `obsctl stack up --detach` started (found by its state file: --state-dir, else the
/// default) when `where.prometheus` is its Prometheus (--state-dir without --prometheus or
/// --endpoints points `where` at it): the run takes its time scale (a
/// conflicting --time-scale is exit 2 naming both), listens on its webhook port unless
/// --webhook-listen says otherwise, and sends to its demoapp unless a target is given. None
/// when no such stack runs; a --state-dir without one is exit 2.
util::Result<std::optional<stack::StackState>> adopt_local_stack(CheckOptions& o,
                                                                 net::StackEndpoints& where);

/// The outputs of one scenario (the report files named run-NAME.json when there are several),
/// adding its verdicts to `tally`.
run::Terminal terminal_for(const CheckOptions& o, const std::string& name, bool several,
                           CoverageTally& tally);

/// Rule coverage over the scenarios of one command: each verified scenario adds its outcomes.
class CoverageTally {
  public:
    void add(const std::string& scenario, const verify::VerifyReport& report);
    /// After the last scenario: prints the table (unless quiet), writes --coverage, and applies
    /// --min-coverage to `code` (below it, an ok run becomes exit 1, naming the uncovered rules;
    /// an interrupted or inconclusive run keeps its code).
    util::Result<util::ExitCode> finish(const CheckOptions& o, util::ExitCode code) const;

  private:
    coverage::Coverage m_total;
    bool m_any = false;
};

/// Where the capture listeners listen: --webhook-listen and --smtp-listen, or the ports of the
/// local stack `state` obsctl runs (null: none), whose rendered receivers they capture.
capture::ListenOptions listen_options(const CheckOptions& o, const stack::StackState* state);

/// The capture listeners (webhooks and the redirected integrations; SMTP when `options.smtp`
/// is given); null when `options.http` is empty.
util::Result<std::unique_ptr<capture::Listener>> start_listener(
    const capture::ListenOptions& options);

/// --grafana, before anything starts: the token file read (exit 2) and Grafana reachable
/// (exit 3, naming its URL).
util::Result<void> check_grafana(const CheckOptions& o);

/// The stack's URLs for a report, as displayed (no userinfo).
std::vector<std::pair<std::string, std::string>> stack_urls(const net::StackEndpoints& where);

/// Loads every scenario of `o` and checks that its --report and --junit files can be written:
/// a mistake in any is exit 2 before any work (no stack started, no traffic sent).
util::Result<std::vector<scenario::Scenario>> load_scenarios(const CheckOptions& o);

/// What runs one scenario: it, whether there are several, and the flag its run::Plan sets when
/// --fail-fast stopped it.
using OneScenario = std::function<util::Result<util::ExitCode>(const scenario::Scenario&, bool,
                                                               std::atomic<bool>*)>;

/// For each loaded scenario in turn: prints its name and description unless quiet and calls
/// `one` with it; stops at an Error, an interrupt or a scenario --fail-fast stopped, else
/// returns the highest ranked exit code (run::each_scenario).
util::Result<util::ExitCode> each_scenario(const CheckOptions& o,
                                           const std::vector<scenario::Scenario>& loaded,
                                           const OneScenario& one);

}  // namespace cli
