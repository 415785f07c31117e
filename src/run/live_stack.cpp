#include "run/live_stack.hpp"

#include <cstdio>

#include "promapi/http_client.hpp"
#include "report/verification.hpp"

namespace run {

LiveStack::LiveStack(net::StackEndpoints where, const scenario::Scenario& s, StackSettings settings,
                     capture::Listener* webhooks)
    : m_where(std::move(where)),
      m_scenario(s),
      m_settings(std::move(settings)),
      m_webhooks(webhooks) {}

LiveStack::~LiveStack() = default;

util::Result<void> LiveStack::prepare(const std::atomic<bool>& interrupt) {
    const auto prometheus_http = promapi::make_http_client(m_where.prometheus);
    const auto ruler_http = promapi::make_http_client(m_where.ruler);
    const auto alertmanager_http = promapi::make_http_client(m_where.alertmanager);
    promapi::PrometheusClient prometheus(*prometheus_http, m_where.prometheus.url);
    promapi::PrometheusClient ruler(*ruler_http, m_where.ruler.url);
    promapi::AlertmanagerClient alertmanager(*alertmanager_http, m_where.alertmanager.url);
    const bool quiet = m_settings.quiet;
    if (!quiet)
        std::printf("preflight:\n");
    auto pre = verify::preflight(
        prometheus, ruler, alertmanager, m_scenario, m_settings.target, m_settings.settle,
        [&](const verify::Check& c) {
            if (!quiet || !c.passed())
                report::print_check(stdout, c);
        },
        &interrupt, m_settings.app_jobs, m_settings.time_scale, m_settings.slack);
    if (interrupt)
        return {};
    // What obsctl's rendering could not keep: the person on call's text is not checked there.
    for (const auto& r : m_settings.replaced) {
        verify::Check c{"integration " + r.first, verify::Outcome::passed, r.second, true, {}};
        if (!quiet)
            report::print_check(stdout, c);
    }
    // The scenario's mistakes (exit 2) rank above the stack's (exit 3): the first failure of
    // the worse kind is the one said.
    const verify::Check* failed = nullptr;
    for (const auto& c : pre.checks) {
        if (!c.passed() && (failed == nullptr || (c.scenario_error && !failed->scenario_error)))
            failed = &c;
    }
    if (failed != nullptr) {
        return util::fail(
            failed->scenario_error ? util::ExitCode::usage : util::ExitCode::stack_unavailable,
            "preflight: " + failed->name + ": " + failed->detail);
    }
    for (const auto& [name, r] : m_settings.receivers)
        pre.routes.receivers[name] = r;
    m_verifier = std::make_unique<verify::Verifier>(m_where, m_scenario, pre, m_settings.time_scale,
                                                    m_webhooks, m_settings.slack);
    m_verifier->read_alertmanager_log(m_settings.alertmanager_log);
    auto phases = m_settings.phases;
    if (phases.empty()) {
        phases = m_scenario.phases;
        for (auto& p : phases) {
            p.duration = std::chrono::nanoseconds(static_cast<std::int64_t>(
                static_cast<double>(p.duration.count()) * m_settings.time_scale));
        }
    }
    m_verifier->time_phases(phases);
    // The run's silence lives a little longer than its traffic and deadlines could, and is
    // deleted when the verifier goes, whatever the outcome.
    const auto length = std::chrono::duration_cast<std::chrono::milliseconds>(
                            m_scenario.duration() * m_settings.time_scale) +
                        std::chrono::minutes(10);
    auto silence = m_verifier->open_silence(length);
    if (!silence)
        return std::unexpected(silence.error());
    if (!silence->empty() && !quiet)
        std::printf("  ok    silence %-25s created for the run (deleted afterwards)\n",
                    silence->c_str());
    return {};
}

void LiveStack::start(std::shared_ptr<std::atomic<bool>> halt) {
    m_verifier->fail_fast(std::move(halt));
    m_verifier->start();
}

std::vector<verify::LiveAlert> LiveStack::live() const {
    return m_verifier ? m_verifier->live() : std::vector<verify::LiveAlert>{};
}

verify::VerifyReport LiveStack::finish(const verify::Traffic& traffic,
                                       const std::atomic<bool>& interrupt) {
    return m_verifier->finish(traffic, &interrupt);
}

}  // namespace run
