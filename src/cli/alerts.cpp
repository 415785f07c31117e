#include <cstdio>

#include "cli/command.hpp"
#include "cli/endpoints.hpp"
#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

std::string labels_text(const promapi::Labels& labels) {
    std::string out;
    for (const auto& [key, value] : labels) {
        if (key != "alertname")
            out += (out.empty() ? "" : " ") + key + "=" + value;
    }
    return out;
}

/// What is pending and firing in Prometheus and active in Alertmanager, for a live demo.
util::Result<util::ExitCode> run_alerts(const StackEndpoints& where) {
    promapi::CurlHttpClient http(std::chrono::seconds(3));
    promapi::PrometheusClient prometheus(http, where.prometheus);
    auto firing = prometheus.alerts();
    if (!firing)
        return std::unexpected(firing.error());
    std::printf("Prometheus %s: %zu pending or firing\n", where.prometheus.c_str(), firing->size());
    for (const auto& a : *firing) {
        std::printf("  %-22s %-8s since %s  %s\n", a.name().c_str(), a.state.c_str(),
                    a.active_at.substr(0, 19).c_str(), labels_text(a.labels).c_str());
    }
    promapi::AlertmanagerClient alertmanager(http, where.alertmanager);
    auto active = alertmanager.alerts();
    if (!active)
        return std::unexpected(active.error());
    std::printf("Alertmanager %s: %zu alerts\n", where.alertmanager.c_str(), active->size());
    for (const auto& a : *active) {
        const std::string receivers = util::join(a.receivers, ",");
        std::string why;
        if (!a.inhibited_by.empty())
            why = " (inhibited)";
        if (!a.silenced_by.empty())
            why = " (silenced)";
        std::printf("  %-22s %-11s -> %s%s  %s\n", a.name().c_str(), a.state.c_str(),
                    receivers.c_str(), why.c_str(), labels_text(a.labels).c_str());
    }
    return util::ExitCode::ok;
}

}  // namespace

void setup_alerts(CLI::App& parent, Action& action) {
    auto where = std::make_shared<StackEndpoints>();
    auto* cmd = parent.add_subcommand(
        "alerts", "What is pending and firing in Prometheus and active in Alertmanager");
    where->add_to(*cmd, false);
    cmd->callback([where, &action] { action = [where] { return run_alerts(*where); }; });
}

}  // namespace cli
