#include <cstdio>

#include "cli/command.hpp"
#include "cli/endpoints.hpp"
#include "cli/help_format.hpp"
#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"

namespace cli {
namespace {

/// One line per part; exit 3 when any part is unhealthy.
util::Result<util::ExitCode> run_status(const EndpointOptions& options) {
    auto resolved = options.resolve("http://localhost:5002");
    if (!resolved)
        return std::unexpected(resolved.error());
    const net::StackEndpoints& where = *resolved;
    bool healthy = true;
    auto line = [&](const char* part, const std::string& url, bool ok, const std::string& detail) {
        healthy = healthy && ok;
        std::printf("%-13s %-28s %s  %s\n", part, url.c_str(), ok ? "ok  " : "FAIL",
                    detail.c_str());
    };
    const auto app_http = promapi::make_http_client(where.target);
    auto app = app_http->get(where.target.url + "/health");
    line("app", where.target.display(), app && app->status == 200,
         app ? "GET /health: HTTP " + std::to_string(app->status) : app.error().what);

    const auto prometheus_http = promapi::make_http_client(where.prometheus);
    const auto ruler_http = promapi::make_http_client(where.ruler);
    promapi::PrometheusClient prometheus(*prometheus_http, where.prometheus.url);
    promapi::PrometheusClient ruler(*ruler_http, where.ruler.url);
    if (auto ready = prometheus.ready(); !ready) {
        line("prometheus", where.prometheus.display(), false, ready.error().what);
    } else {
        std::string targets;
        bool all_up = true;
        if (auto list = prometheus.targets()) {
            for (const auto& t : *list) {
                // obsctl's own metrics are there only while an `obsctl run` serves them.
                const bool optional = t.job == "obsctl";
                targets += (targets.empty() ? "" : ", ") + t.job + " " + t.health +
                           (optional && t.health != "up" ? " (up while obsctl runs)" : "");
                all_up = all_up && (t.health == "up" || optional);
            }
        }
        line("prometheus", where.prometheus.display(), all_up,
             "ready; targets: " + (targets.empty() ? "none" : targets));
        if (auto rules = ruler.alert_rules(); !rules) {
            line("rules", where.ruler.display(), false, rules.error().what);
        } else {
            std::string broken;
            for (const auto& r : *rules) {
                if (r.health == "err")
                    broken += (broken.empty() ? "" : ", ") + r.name + " (" + r.last_error + ")";
            }
            line("rules", where.ruler.display(), broken.empty(),
                 std::to_string(rules->size()) + " alerting rules" +
                     (broken.empty() ? ", all healthy" : "; broken: " + broken));
        }
    }
    const auto alertmanager_http = promapi::make_http_client(where.alertmanager);
    promapi::AlertmanagerClient alertmanager(*alertmanager_http, where.alertmanager.url);
    auto am = alertmanager.ready();
    line("alertmanager", where.alertmanager.display(), am.has_value(),
         am ? "ready" : am.error().what);
    return healthy ? util::ExitCode::ok : util::ExitCode::stack_unavailable;
}

}  // namespace

void setup_status(CLI::App& parent, Action& action) {
    auto where = std::make_shared<EndpointOptions>();
    auto* cmd = parent.add_subcommand("status",
                                      "App health, Prometheus targets and rule health, "
                                      "Alertmanager: one line each (exit 3 if not)");
    in_group(*cmd, "Endpoints",
             [&] { where->add_to(*cmd, "The app's base URL (default http://localhost:5002)"); });
    set_examples(*cmd, {"obsctl status",
                        "obsctl status --prometheus http://prom:9090 --alertmanager "
                        "http://am:9093 --target http://app:8080"});
    cmd->callback([where, &action] { action = [where] { return run_status(*where); }; });
}

}  // namespace cli
