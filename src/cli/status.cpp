#include <cstdio>

#include "cli/command.hpp"
#include "cli/endpoints.hpp"
#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"

namespace cli {
namespace {

/// One line per part; exit 3 when any part is unhealthy.
util::Result<util::ExitCode> run_status(const StackEndpoints& where) {
    promapi::CurlHttpClient http(std::chrono::seconds(3));
    bool healthy = true;
    auto line = [&](const char* part, const std::string& url, bool ok, const std::string& detail) {
        healthy = healthy && ok;
        std::printf("%-13s %-28s %s  %s\n", part, url.c_str(), ok ? "ok  " : "FAIL",
                    detail.c_str());
    };
    auto app = http.get(where.target + "/health");
    line("app", where.target, app && app->status == 200,
         app ? "GET /health: HTTP " + std::to_string(app->status) : app.error().what);

    promapi::PrometheusClient prometheus(http, where.prometheus);
    if (auto ready = prometheus.ready(); !ready) {
        line("prometheus", where.prometheus, false, ready.error().what);
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
        line("prometheus", where.prometheus, all_up,
             "ready; targets: " + (targets.empty() ? "none" : targets));
        if (auto rules = prometheus.alert_rules()) {
            std::string broken;
            for (const auto& r : *rules) {
                if (r.health == "err")
                    broken += (broken.empty() ? "" : ", ") + r.name + " (" + r.last_error + ")";
            }
            line("rules", where.prometheus, broken.empty(),
                 std::to_string(rules->size()) + " alerting rules" +
                     (broken.empty() ? ", all healthy" : "; broken: " + broken));
        }
    }
    promapi::AlertmanagerClient alertmanager(http, where.alertmanager);
    auto am = alertmanager.ready();
    line("alertmanager", where.alertmanager, am.has_value(), am ? "ready" : am.error().what);
    return healthy ? util::ExitCode::ok : util::ExitCode::stack_unavailable;
}

}  // namespace

void setup_status(CLI::App& parent, Action& action) {
    auto where = std::make_shared<StackEndpoints>();
    auto* cmd = parent.add_subcommand("status",
                                      "App health, Prometheus targets and rule health, "
                                      "Alertmanager: one line each (exit 3 if not)");
    where->add_to(*cmd, true);
    cmd->callback([where, &action] { action = [where] { return run_status(*where); }; });
}

}  // namespace cli
