#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/listener.hpp"
#include "net/endpoints_file.hpp"
#include "run/steps.hpp"
#include "scenario/model.hpp"
#include "verify/deadlines.hpp"

namespace run {

/// What the preflight and the verifier need to know besides the scenario.
struct StackSettings {
    double time_scale = 1.0;
    std::chrono::milliseconds slack = verify::k_slack;  ///< --slack, added to every deadline
    std::chrono::milliseconds settle{60'000};
    std::string target;                 ///< the app the traffic goes to
    std::vector<std::string> app_jobs;  ///< the local stack's jobs that scrape it
    bool quiet = false;                 ///< print only failed preflight checks
    /// The receivers as the user wrote them, when obsctl rendered the stack (their integrations
    /// replaced by its webhook): they, not the rendered webhooks, say which send resolved
    /// notifications and why.
    std::map<std::string, promapi::ResolvedNotifications> receivers;
    /// Alertmanager's log when obsctl runs it: a notification it failed to send is explained in
    /// its own words.
    std::filesystem::path alertmanager_log;
    /// The integrations obsctl's rendering replaced by its webhook ("pager pushover[0]" -> why):
    /// named in the preflight.
    std::vector<std::pair<std::string, std::string>> replaced;
    /// The phases as the traffic runs them (scaled), for `after: PHASE` deadlines; empty: the
    /// scenario's, times the time scale.
    std::vector<scenario::Phase> phases;
};

/// The real stack: verify::preflight against the endpoints' Prometheus, ruler and
/// Alertmanager (each verdict printed as it comes), the run's silence, and the Verifier.
class LiveStack : public Stack {
  public:
    /// `webhooks` may be null (delivery is then not judged); `s` outlives this.
    LiveStack(net::StackEndpoints where, const scenario::Scenario& s, StackSettings settings,
              capture::Listener* webhooks);
    ~LiveStack() override;

    /// The phases as the traffic runs them (scaled), for `after: PHASE` deadlines.
    void time_phases(std::vector<scenario::Phase> scaled) { m_settings.phases = std::move(scaled); }

    util::Result<void> prepare(const std::atomic<bool>& interrupt) override;
    void start(std::shared_ptr<std::atomic<bool>> halt) override;
    std::vector<verify::LiveAlert> live() const override;
    verify::VerifyReport finish(const verify::Traffic& traffic,
                                const std::atomic<bool>& interrupt) override;

  private:
    net::StackEndpoints m_where;
    const scenario::Scenario& m_scenario;
    StackSettings m_settings;
    capture::Listener* m_webhooks;
    std::unique_ptr<verify::Verifier> m_verifier;
};

}  // namespace run
