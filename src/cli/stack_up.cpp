#include <csignal>
#include <cstdio>

#include "cli/help_format.hpp"
#include "cli/stack_commands.hpp"
#include "cli/stack_options.hpp"
#include "util/locate.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

struct UpOptions {
    StackLocation location;
    StackShape shape;
    StackConfig config;
    bool detach = false;
    std::filesystem::path demoapp;
    std::vector<std::string> app_args;
};

std::string time_scale_note(double scale) {
    if (scale == 1.0)
        return "";
    char buf[48];
    std::snprintf(buf, sizeof buf, " (time scale %g)", scale);
    return buf;
}

void print_urls(const stack::StackState& s) {
    std::printf("Local stack up%s; state in %s\n",
                s.time_scale == 1.0 ? "" : time_scale_note(s.time_scale).c_str(),
                s.state_dir.c_str());
    if (s.has_demoapp())
        std::printf("  demoapp       %s\n", s.app_url().c_str());
    if (!s.app_jobs.empty())
        std::printf("  app jobs      %s\n", util::join(s.app_jobs, ", ").c_str());
    std::printf("  prometheus    %s\n", s.prometheus_url().c_str());
    std::printf("  alertmanager  %s\n", s.alertmanager_url().c_str());
    if (s.processes.contains(stack::Component::node_exporter))
        std::printf("  node-exporter %s (job node)\n", s.node_exporter_url().c_str());
    std::printf("  webhooks to   http://127.0.0.1:%u/hooks/<receiver>\n", s.ports.webhook);
    if (!s.captured.empty()) {
        std::printf(
            "  integrations  to http://127.0.0.1:%u/capture/... and email to 127.0.0.1:%u "
            "(obsctl run and verify --state-dir capture them)\n",
            s.ports.webhook, s.ports.smtp);
    }
    if (s.ports.obsctl != 0) {
        std::printf(
            "  scrapes obsctl's metrics at 127.0.0.1:%u (obsctl run --metrics-listen "
            "127.0.0.1:%u)\n",
            s.ports.obsctl, s.ports.obsctl);
    }
    std::fflush(stdout);
}

/// Foreground: waits for Ctrl-C or SIGTERM, watching that no part dies meanwhile.
util::Result<util::ExitCode> wait_in_foreground(stack::LocalStack& local) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    std::printf("Ctrl-C stops everything.\n");
    std::fflush(stdout);
    for (;;) {
        timespec wait{0, 500'000'000};
        if (sigtimedwait(&signals, nullptr, &wait) > 0) {
            note("stopping the local stack");
            local.down();
            return util::ExitCode::ok;
        }
        if (auto dead = local.find_dead_part()) {
            local.down();
            return util::fail(util::ExitCode::stack_unavailable, *dead);
        }
    }
}

util::Result<util::ExitCode> run_up(const UpOptions& o) {
    auto built = stack_options(o.location, o.shape, o.config);
    if (!built)
        return std::unexpected(built.error());
    stack::StackOptions options = std::move(*built);
    if (!o.demoapp.empty())
        options.demoapp_binary = o.demoapp;
    options.detach = o.detach;
    options.demoapp_args = o.app_args;

    // Signals are taken synchronously (sigtimedwait) so Ctrl-C during start-up still stops
    // what was started; children get an empty mask back before exec.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto local = stack::LocalStack::up(options, [](const std::string& line) { note(line); });
    if (!local)
        return std::unexpected(local.error());
    for (const auto& replaced : (*local)->state().replaced)
        note(replaced.second);
    print_urls((*local)->state());
    if (o.detach) {
        (*local)->release();
        std::printf("Detached. `obsctl stack status` checks it, `obsctl stack down` stops it.\n");
        return util::ExitCode::ok;
    }
    return wait_in_foreground(**local);
}

}  // namespace

void setup_stack_up(CLI::App& stack, Action& action) {
    auto options = std::make_shared<UpOptions>();
    auto* cmd = stack.add_subcommand(
        "up",
        "Start demoapp, prometheus and prometheus-alertmanager on loopback and wait until "
        "Prometheus has scraped the app");
    options->location.add_to(*cmd, true);
    options->shape.add_to(*cmd);
    options->config.add_to(*cmd);
    cmd->add_flag("-d,--detach", options->detach,
                  "Return once the stack is ready and leave it running")
        ->group("Stack");
    cmd->add_option("--demoapp", options->demoapp, "The demoapp binary (default: next to obsctl)")
        ->group("Stack");
    cmd->add_option("--app-arg", options->app_args,
                    "A flag passed to demoapp, e.g. --app-arg=--error-rate=0.5 (repeatable)")
        ->group("Stack");
    set_examples(*cmd, {"obsctl stack up --detach --time-scale 0.1",
                        "obsctl stack up --rules my-rules/ --alertmanager-config alertmanager.yml "
                        "--scrape app=127.0.0.1:8080"});
    cmd->callback([options, &action] { action = [options] { return run_up(*options); }; });
}

}  // namespace cli
