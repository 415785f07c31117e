#include <cmath>
#include <cstdio>

#include "cli/check_options.hpp"
#include "util/locate.hpp"
#include "verify/preflight.hpp"

namespace cli {
namespace {

bool running(const stack::StackState& state) {
    return state.running(stack::Component::prometheus);
}

std::string scale_text(double scale) {
    char out[32];
    std::snprintf(out, sizeof out, "%g", scale);
    return out;
}

}  // namespace

util::Result<std::optional<stack::StackState>> adopt_local_stack(CheckOptions& o,
                                                                 net::StackEndpoints& where) {
    const auto dir = o.state_dir.empty() ? util::default_state_dir() : o.state_dir;
    auto state = stack::load_state(dir);
    // --state-dir alone names the stack: its URLs, unless --prometheus or --endpoints say
    // otherwise.
    if (state && running(*state) && !o.state_dir.empty() && o.endpoints.prometheus.empty() &&
        o.endpoints.file.empty()) {
        where.prometheus = net::endpoint_from_url(state->prometheus_url());
        if (o.endpoints.ruler.empty())
            where.ruler = where.prometheus;
        if (o.endpoints.alertmanager.empty())
            where.alertmanager = net::endpoint_from_url(state->alertmanager_url());
    }
    if (!state || !running(*state) ||
        verify::host_port(where.prometheus.url) != verify::host_port(state->prometheus_url())) {
        // Given explicitly, a state directory that holds no running stack is a mistake.
        if (!o.state_dir.empty()) {
            // No state file: a wrong --state-dir (2); one whose stack is gone: the stack (3).
            const bool gone = state && !running(*state);
            return util::fail(gone ? util::ExitCode::stack_unavailable : util::ExitCode::usage,
                              state && running(*state)
                                  ? "--prometheus " + where.prometheus.url +
                                        " is not the local stack of --state-dir (" +
                                        state->prometheus_url() + ")"
                                  : "--state-dir holds no running local stack",
                              (dir / "stack.json").string(),
                              "start one with `obsctl stack up --detach --state-dir DIR`");
        }
        return std::optional<stack::StackState>{};
    }
    // The stack's rules were time-scaled when it started: the scenario's deadlines and phases
    // must be scaled alike, or an alert is awaited that cannot fire in time.
    if (o.time_scale_given() && std::abs(o.time_scale - state->time_scale) > 1e-9) {
        return util::fail(util::ExitCode::usage,
                          "--time-scale " + scale_text(o.time_scale) +
                              " conflicts with the local stack's " + scale_text(state->time_scale) +
                              " (its rules are scaled by it)",
                          state->file().string(),
                          "leave --time-scale out to take the stack's, or restart the stack");
    }
    o.time_scale = state->time_scale;
    // Its Alertmanager posts every notification to this port.
    if (o.webhook_listen.empty())
        o.webhook_listen = "127.0.0.1:" + std::to_string(state->ports.webhook);
    if (where.target.url.empty() && state->has_demoapp())
        where.target = net::endpoint_from_url(state->app_url());
    return std::make_optional(std::move(*state));
}

}  // namespace cli
