#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "promapi/http_client.hpp"
#include "stack/render.hpp"
#include "stack/state.hpp"
#include "util/process_runner.hpp"

namespace stack {

struct StackOptions {
    StackSources sources;  ///< shipped_sources(stack/), or the user's rules, configs and jobs
    std::filesystem::path state_dir;
    std::filesystem::path demoapp_binary = "demoapp";
    std::string prometheus_binary = "prometheus";
    std::string alertmanager_binary = "prometheus-alertmanager";
    std::string promtool_binary = "promtool";
    std::string amtool_binary = "amtool";
    std::string node_exporter_binary = "prometheus-node-exporter";
    /// Run node-exporter for the `node` job. Off (`--no-node-exporter`) where the host's own
    /// load would page: a CI machine busy compiling fires HighCPUUsage.
    bool node_exporter = true;
    StackPorts ports;  ///< 0 for any: a free loopback port is picked
    TimeScale time_scale;
    bool detach = false;  ///< children outlive obsctl (own session, no parent-death signal)
    std::vector<std::string> demoapp_args;  ///< extra flags, e.g. --error-rate 0.5
    std::chrono::milliseconds ready_timeout{60'000};
    const std::atomic<bool>* stop = nullptr;  ///< Ctrl-C: waiting for readiness ends within 0.1 s
    /// Every process of the stack (its parts, promtool, amtool) goes through this; not owned.
    util::ProcessRunner* runner = &util::real_process_runner();
    /// Readiness checks go through this; not owned. Null: a libcurl client of its own.
    promapi::HttpClient* http = nullptr;
};

/// Says what the stack is doing while it starts ("prometheus ready after 0.4s").
using Progress = std::function<void(const std::string&)>;

/// The local stack: demoapp, prometheus-node-exporter, prometheus and prometheus-alertmanager
/// as child processes on loopback ports, configured from a rendered copy of stack/.
/// Destroying it stops what it started, unless release() was called (`--detach`).
class LocalStack {
  public:
    /// Checks ports and configs, starts every part, and returns once Prometheus has scraped the
    /// app (`up == 1`, not only /-/ready). Errors name the port, binary or file at fault:
    /// exit code 3 for the machine (port in use, missing binary, a part that died), 2 for a
    /// config that promtool or amtool rejects.
    static util::Result<std::unique_ptr<LocalStack>> up(const StackOptions& options,
                                                        const Progress& progress);
    ~LocalStack();
    LocalStack(const LocalStack&) = delete;
    LocalStack& operator=(const LocalStack&) = delete;

    const StackState& state() const { return m_state; }

    /// Stops one part (SIGTERM, then SIGKILL after 10 s) and records it as stopped.
    void stop(Component component);

    /// Starts a stopped part again with the same flags and waits until it is ready.
    util::Result<void> start(Component component);

    /// Freezes a running part (SIGSTOP): it holds its port but answers nothing, as a hung
    /// process does. Recorded in the state file; an Error if the part is not running.
    util::Result<void> pause(Component component);

    /// Lets a paused part run on (SIGCONT). An Error if it is not paused.
    util::Result<void> resume(Component component);

    /// The first part that exited although nobody stopped it, with its log's last lines.
    std::optional<std::string> find_dead_part();

    /// Stops everything in `k_stop_order` (Prometheus first, Alertmanager last), resuming a
    /// paused part first so it can take its SIGTERM.
    void down();

    /// Leaves the processes running when this object goes (`stack up --detach`).
    void release() { m_released = true; }

  private:
    LocalStack(StackOptions options, StackState state)
        : m_options(std::move(options)), m_state(std::move(state)) {}
    util::Result<void> launch(Component component, const Progress& progress);
    util::Result<void> wait_ready(Component component, const Progress& progress);
    util::Result<void> set_paused(Component component, bool paused);

    StackOptions m_options;
    StackState m_state;
    util::ProcessRunner& m_runner = *m_options.runner;
    /// Loopback parts, no auth: one plain endpoint for all of them (unless options.http).
    std::unique_ptr<promapi::HttpClient> m_http_owner =
        m_options.http != nullptr
            ? nullptr
            : promapi::make_http_client(net::Endpoint{.timeout = std::chrono::seconds(2)});
    promapi::HttpClient& m_http = m_options.http != nullptr ? *m_options.http : *m_http_owner;
    bool m_released = false;
};

/// Stops the processes of a stack that an earlier obsctl started (`stack down`), in
/// `k_stop_order`, checking each pid still runs the program recorded for it and resuming a
/// paused one first. Removes the state file.
void stop_recorded_stack(const StackState& state,
                         util::ProcessRunner& runner = util::real_process_runner());

}  // namespace stack
