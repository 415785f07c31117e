#include <cstdio>

#include "cli/command.hpp"
#include "cli/endpoints.hpp"
#include "cli/help_format.hpp"
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
util::Result<util::ExitCode> run_alerts(const EndpointOptions& options) {
    auto where = options.resolve();
    if (!where)
        return std::unexpected(where.error());
    const auto ruler_http = promapi::make_http_client(where->ruler);
    promapi::PrometheusClient ruler(*ruler_http, where->ruler.url);
    auto firing = ruler.alerts();
    if (!firing)
        return std::unexpected(firing.error());
    std::printf("%s %s: %zu pending or firing\n",
                where->ruler.url == where->prometheus.url ? "Prometheus" : "Ruler",
                where->ruler.display().c_str(), firing->size());
    for (const auto& a : *firing) {
        std::printf("  %-22s %-8s since %s  %s\n", a.name().c_str(), a.state.c_str(),
                    a.active_at.substr(0, 19).c_str(), labels_text(a.labels).c_str());
    }
    const auto alertmanager_http = promapi::make_http_client(where->alertmanager);
    promapi::AlertmanagerClient alertmanager(*alertmanager_http, where->alertmanager.url);
    auto active = alertmanager.alerts();
    if (!active)
        return std::unexpected(active.error());
    std::printf("Alertmanager %s: %zu alerts\n", where->alertmanager.display().c_str(),
                active->size());
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
    auto where = std::make_shared<EndpointOptions>();
    auto* cmd = parent.add_subcommand(
        "alerts", "What is pending and firing in Prometheus and active in Alertmanager");
    in_group(*cmd, "Endpoints", [&] { where->add_to(*cmd, nullptr); });
    set_examples(*cmd, {"obsctl alerts",
                        "obsctl alerts --prometheus http://prom:9090 "
                        "--alertmanager http://am:9093"});
    cmd->callback([where, &action] { action = [where] { return run_alerts(*where); }; });
}

}  // namespace cli
