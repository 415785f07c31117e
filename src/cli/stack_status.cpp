#include <cstdio>

#include "cli/help_format.hpp"
#include "cli/stack_commands.hpp"
#include "cli/stack_options.hpp"
#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "util/process.hpp"

namespace cli {
namespace {

util::Result<util::ExitCode> run_status(const StackLocation& location) {
    auto state = stack::load_state(location.state_dir);
    if (!state)
        return std::unexpected(state.error());
    const auto owner = promapi::make_http_client(net::Endpoint{.timeout = std::chrono::seconds(2)});
    promapi::HttpClient& http = *owner;
    bool healthy = true;
    std::printf("%-13s %-8s %-28s %s\n", "PART", "PID", "URL", "STATE");
    for (const auto& [component, record] : state->processes) {
        std::string url;
        std::string probe;
        switch (component) {
            case stack::Component::demoapp:
                url = state->app_url();
                probe = "/health";
                break;
            case stack::Component::prometheus:
                url = state->prometheus_url();
                probe = "/-/ready";
                break;
            case stack::Component::alertmanager:
                url = state->alertmanager_url();
                probe = "/-/ready";
                break;
            case stack::Component::node_exporter:
                url = state->node_exporter_url();
                probe = "/";
                break;
        }
        std::string verdict;
        if (record.pid == 0) {
            verdict = "stopped (by a scenario's action)";
        } else if (!util::process_alive(record.pid)) {
            verdict = "not running";
        } else if (auto r = http.get(url + probe); r && r->status == 200) {
            verdict = "ready";
        } else {
            verdict = r ? "HTTP " + std::to_string(r->status) : r.error().what;
        }
        healthy = healthy && verdict == "ready";
        std::printf("%-13s %-8d %-28s %s\n", stack::component_name(component), record.pid,
                    url.c_str(), verdict.c_str());
    }
    promapi::PrometheusClient prometheus(http, state->prometheus_url());
    if (auto alerts = prometheus.alerts()) {
        std::printf("alerts: %zu pending or firing", alerts->size());
        for (const auto& a : *alerts)
            std::printf("  %s (%s)", a.name().c_str(), a.state.c_str());
        std::printf("\n");
    }
    return healthy ? util::ExitCode::ok : util::ExitCode::stack_unavailable;
}

}  // namespace

void setup_stack_status(CLI::App& stack, Action& action) {
    auto location = std::make_shared<StackLocation>();
    auto* cmd = stack.add_subcommand(
        "status", "Show whether each part of the local stack runs and answers (exit 3 if not)");
    location->add_to(*cmd, false);
    set_examples(*cmd, {"obsctl stack status"});
    cmd->callback([location, &action] { action = [location] { return run_status(*location); }; });
}

}  // namespace cli
