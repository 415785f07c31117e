#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "promapi/receivers.hpp"
#include "stack/render.hpp"
#include "util/error.hpp"
#include "util/process_runner.hpp"

namespace stack {

/// The parts of the local stack, in start order (Alertmanager first so Prometheus can send to
/// it at once; the app and node-exporter before Prometheus so the first scrape finds them).
enum class Component { alertmanager, demoapp, node_exporter, prometheus };
inline constexpr Component k_components[] = {Component::alertmanager, Component::demoapp,
                                             Component::node_exporter, Component::prometheus};
/// The order every stop takes (`LocalStack::down`, `stop_recorded_stack`): Prometheus first, so
/// a stopping app or exporter is not alerted on; Alertmanager last, so nothing Prometheus sent
/// is refused.
inline constexpr Component k_stop_order[] = {Component::prometheus, Component::demoapp,
                                             Component::node_exporter, Component::alertmanager};
/// "alertmanager", "demoapp", "node-exporter", "prometheus" (state file, logs, messages).
const char* component_name(Component c);

struct ProcessRecord {
    pid_t pid = 0;
    std::vector<std::string> argv;
    std::filesystem::path log;
    bool paused = false;  ///< stopped with SIGSTOP (`LocalStack::pause`) until resumed
};

/// What a running local stack is: persisted as <state_dir>/stack.json so `stack down`,
/// `stack status` and later commands find a detached stack.
struct StackState {
    std::filesystem::path state_dir;
    StackPorts ports;
    double time_scale = 1.0;
    bool detached = false;
    std::map<Component, ProcessRecord> processes;
    /// The scrape jobs of the app(s) under test: `demoapp` and/or the user's --scrape jobs.
    std::vector<std::string> app_jobs{"demoapp"};
    /// Every rendered scrape job: the stack is ready once each has been scraped (up or down),
    /// so a preflight never finds a kept job's target not yet scraped. Not saved.
    std::vector<std::string> jobs;
    /// The receivers of the alertmanager.yml as written (RenderedStack::receivers).
    std::map<std::string, promapi::ResolvedNotifications> receivers;
    /// The receivers whose integrations the rendered alertmanager.yml redirected to obsctl's
    /// capture listeners (RenderedStack::kept).
    std::set<std::string> captured;
    /// The integrations it replaced by obsctl's webhook instead ("pager pushover[0]" -> why).
    std::vector<std::pair<std::string, std::string>> replaced;
    bool has_demoapp() const { return processes.contains(Component::demoapp); }
    /// Whether the part's recorded process still runs the program obsctl started (a pid may
    /// have been reused since).
    bool running(Component c, util::ProcessRunner& runner = util::real_process_runner()) const;

    std::string app_url() const { return "http://127.0.0.1:" + std::to_string(ports.app); }
    std::string prometheus_url() const {
        return "http://127.0.0.1:" + std::to_string(ports.prometheus);
    }
    std::string alertmanager_url() const {
        return "http://127.0.0.1:" + std::to_string(ports.alertmanager);
    }
    std::string node_exporter_url() const {
        return "http://127.0.0.1:" + std::to_string(ports.node);
    }
    std::filesystem::path file() const { return state_dir / "stack.json"; }
};

util::Result<void> save_state(const StackState& state);

/// Reads <state_dir>/stack.json. No file: Error with exit code 3 ("no local stack is running").
util::Result<StackState> load_state(const std::filesystem::path& state_dir);

}  // namespace stack
