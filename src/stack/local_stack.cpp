#include "stack/local_stack.hpp"

#include "util/poll.hpp"

#include <algorithm>
#include <thread>

#include "net/endpoint.hpp"
#include "promapi/prometheus_client.hpp"
#include "promapi/yaml_config.hpp"
#include "stack/alertmanager_config.hpp"
#include "stack/scrape_job.hpp"
#include "util/duration.hpp"
#include "util/ports.hpp"
#include "util/process_runner.hpp"
#include "util/text.hpp"

#include <unistd.h>
#include <csignal>
#include <sstream>

namespace stack {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using util::ExitCode;

struct PortCheck {
    std::uint16_t& port;
    const char* part;
    const char* flag;
};

util::Result<void> claim_ports(StackPorts& ports, bool node_exporter) {
    for (PortCheck check : {PortCheck{ports.app, "demoapp", "--app-port"},
                            PortCheck{ports.prometheus, "prometheus", "--prometheus-port"},
                            PortCheck{ports.alertmanager, "alertmanager", "--alertmanager-port"},
                            PortCheck{ports.webhook, "webhook receiver", "--webhook-port"}}) {
        if (check.port == 0) {
            check.port = util::free_loopback_port();
        } else if (!util::port_available("127.0.0.1", check.port)) {
            return util::fail(
                ExitCode::stack_unavailable,
                "port " + std::to_string(check.port) + " (" + check.part + ") is already in use",
                "127.0.0.1:" + std::to_string(check.port),
                std::string("pass ") + check.flag +
                    " PORT (0 picks a free one), or stop what uses it");
        }
    }
    // Only obsctl's stack sends mail there: always a free port. node-exporter too: nothing
    // but this Prometheus scrapes it, and 9100 is often the host's own.
    ports.smtp = util::free_loopback_port();
    ports.node = node_exporter ? util::free_loopback_port() : std::uint16_t{0};
    return {};
}

/// The first line of a tool's output that reports a failure, else its first 300 characters.
std::string first_error(const std::string& output) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("FAILED") == std::string::npos && line.find("rror") == std::string::npos)
            continue;
        // "  FAILED:" (promtool), "yaml: unmarshal errors:" (amtool): what failed is next.
        if (line.ends_with(":")) {
            for (std::string next; std::getline(lines, next);) {
                if (next.find_first_not_of(' ') != std::string::npos)
                    return line + " " + next.substr(next.find_first_not_of(' '));
            }
        }
        return line;
    }
    return output.substr(0, 300);
}

/// promtool and amtool answer in well under a second; one that hangs is not waited out.
constexpr std::chrono::seconds k_tool_timeout{60};

/// Runs a checking tool within k_tool_timeout; a tool that hangs is exit 3 naming it.
util::Result<util::CommandOutput> run_tool(util::ProcessRunner& runner,
                                           const std::vector<std::string>& argv,
                                           const fs::path& scratch) {
    auto result = runner.run_command(argv, scratch, k_tool_timeout);
    if (result && result->timed_out) {
        return util::fail(
            ExitCode::stack_unavailable,
            argv[0] + " did not finish within " + util::human_duration(k_tool_timeout),
            util::join(argv, " "));
    }
    return result;
}

/// promtool / amtool verdicts on the rendered files, so a broken edit of stack/ is one line
/// naming the file instead of a process that exits during start-up.
util::Result<void> check_config(util::ProcessRunner& runner, const std::vector<std::string>& argv,
                                const fs::path& scratch, const fs::path& file) {
    auto result = run_tool(runner, argv, scratch);
    if (!result)
        return std::unexpected(result.error());
    if (result->exit_status == 0)
        return {};
    return util::fail(ExitCode::usage,
                      argv[0] + " rejected the rendered config: " + first_error(result->output),
                      file.string());
}

/// The tools' verdicts on the source files themselves, so a mistake in a user's rule file or
/// alertmanager.yml names that file and says what the tool said (exit 2). The tools' output
/// goes to a scratch file outside the state directory and is scrubbed of the config's secrets
/// before it is shown: a YAML error may quote the value it could not read.
util::Result<void> check_sources(const StackOptions& o) {
    const auto scratch_dir =
        fs::temp_directory_path() / ("obsctl-check-" + std::to_string(getpid()));
    std::error_code ec;
    fs::create_directories(scratch_dir, ec);
    const fs::path scratch = scratch_dir / "check.log";
    auto check = [&](std::vector<std::string> argv, const fs::path& file) -> util::Result<void> {
        auto result = run_tool(*o.runner, argv, scratch);
        fs::remove(scratch, ec);
        if (!result)
            return std::unexpected(result.error());
        if (result->exit_status == 0)
            return {};
        std::string message = net::scrub(first_error(result->output));
        // The tools name the file in their own words; keep only what they said about it.
        for (const std::string& prefix :
             {file.string() + ": ", "Checking '" + file.string() + "'  FAILED: "}) {
            if (auto at = message.find(prefix); at != std::string::npos)
                message = message.substr(at + prefix.size());
        }
        return util::fail(ExitCode::usage, argv[0] + ": " + message, file.string());
    };
    // A YAML error may quote the value it could not read: every possible secret of the
    // Alertmanager config is scrubbed from whatever obsctl prints or writes from now on.
    try {
        for (const auto& secret :
             alertmanager_secrets(promapi::load_config_yaml_file(o.sources.alertmanager_config)))
            net::register_secret(secret);
    } catch (const YAML::Exception&) {
        // amtool says what is wrong with it, below
    }
    // The scrape jobs' own credentials go into the rendered prometheus.yml (mode 0600), never
    // into anything obsctl prints or reports.
    try {
        for (const auto& secret :
             scrape_secrets(promapi::load_config_yaml_file(o.sources.prometheus_config)))
            net::register_secret(secret);
    } catch (const YAML::Exception&) {
        // render_stack names the file and the line
    }
    util::Result<void> ok;
    for (const auto& rules : o.sources.rule_files) {
        ok = check({o.promtool_binary, "check", "rules", rules.string()}, rules);
        if (!ok)
            break;
    }
    if (ok) {
        ok = check({o.amtool_binary, "check-config", o.sources.alertmanager_config.string()},
                   o.sources.alertmanager_config);
    }
    fs::remove_all(scratch_dir, ec);
    return ok;
}

/// Whether every target of every app job is scraped and up, not scraped yet, or scraped and
/// down; unless up, `problem` says which.
enum class AppsScrape { up, waiting, down };

AppsScrape apps_scraped(promapi::PrometheusClient& prometheus, const std::vector<std::string>& jobs,
                        std::string& problem) {
    auto up = prometheus.query("up");
    if (!up) {
        problem = up.error().message();
        return AppsScrape::waiting;
    }
    for (const auto& job : jobs) {
        bool any = false;
        for (const auto& sample : *up) {
            const auto it = sample.labels.find("job");
            if (it == sample.labels.end() || it->second != job)
                continue;
            any = true;
            if (sample.value != 1.0) {
                const auto instance = sample.labels.find("instance");
                problem = "job " + job + " target " +
                          (instance == sample.labels.end() ? "?" : instance->second) +
                          " is down (up == 0): is the app listening there?";
                return AppsScrape::down;
            }
        }
        if (!any) {
            problem = job + " not scraped yet";
            return AppsScrape::waiting;
        }
    }
    return AppsScrape::up;
}

/// The jobs of `jobs` that have no `up` sample yet (never scraped).
std::vector<std::string> not_scraped(const std::vector<promapi::Sample>& up,
                                     const std::vector<std::string>& jobs) {
    std::vector<std::string> out;
    for (const auto& job : jobs) {
        const bool any = std::any_of(up.begin(), up.end(), [&](const auto& sample) {
            const auto it = sample.labels.find("job");
            return it != sample.labels.end() && it->second == job;
        });
        if (!any)
            out.push_back(job);
    }
    return out;
}

std::vector<std::string> command_line(Component c, const StackOptions& o, const StackState& s,
                                      const RenderedStack& r) {
    const fs::path data = s.state_dir / "data";
    switch (c) {
        case Component::alertmanager:
            return {o.alertmanager_binary,
                    "--config.file=" + r.alertmanager_config.string(),
                    "--storage.path=" + (data / "alertmanager").string(),
                    "--web.listen-address=" + util::loopback(s.ports.alertmanager),
                    "--web.external-url=http://" + util::loopback(s.ports.alertmanager),
                    "--cluster.listen-address="};  // empty: no clustering port on 0.0.0.0:9094
        case Component::demoapp: {
            std::vector<std::string> argv{o.demoapp_binary.string(), "--listen",
                                          util::loopback(s.ports.app)};
            argv.insert(argv.end(), o.demoapp_args.begin(), o.demoapp_args.end());
            return argv;
        }
        case Component::prometheus:
            return {o.prometheus_binary, "--config.file=" + r.prometheus_config.string(),
                    "--storage.tsdb.path=" + (data / "prometheus").string(),
                    "--web.listen-address=" + util::loopback(s.ports.prometheus),
                    "--web.external-url=http://" + util::loopback(s.ports.prometheus),
                    "--web.enable-lifecycle",
                    // Firing alerts are re-sent with endsAt = now + 4 x this delay; at the 1m
                    // default a stopped Prometheus leaves alerts in Alertmanager for 4 minutes.
                    "--rules.alert.resend-delay=1s"};
        case Component::node_exporter:
            return {o.node_exporter_binary, "--web.listen-address=" + util::loopback(s.ports.node)};
    }
    return {};
}

}  // namespace

util::Result<std::unique_ptr<LocalStack>> LocalStack::up(const StackOptions& options,
                                                         const Progress& progress) {
    StackState state;
    state.state_dir = fs::absolute(options.state_dir);
    state.ports = options.ports;
    state.time_scale = options.time_scale.factor;
    state.detached = options.detach;
    if (auto running = load_state(state.state_dir)) {
        for (const auto& [c, record] : running->processes) {
            if (running->running(c, *options.runner)) {
                return util::fail(ExitCode::stack_unavailable,
                                  "a local stack is already running from this state directory",
                                  state.file().string(), "stop it with `obsctl stack down`");
            }
        }
    }
    // The user's files first: a mistake in them is exit 2 before anything is touched.
    if (auto ok = check_sources(options); !ok)
        return std::unexpected(ok.error());
    if (auto ok = claim_ports(state.ports, options.node_exporter); !ok)
        return std::unexpected(ok.error());

    std::error_code ec;
    fs::remove_all(state.state_dir / "data", ec);  // a fresh TSDB: no alerts from a past run
    fs::create_directories(state.state_dir / "logs", ec);
    fs::create_directories(state.state_dir / "data", ec);
    if (ec)
        return util::fail(ExitCode::stack_unavailable, ec.message(), state.state_dir.string());

    auto rendered = render_stack(
        {options.sources, state.state_dir / "config", state.ports, options.time_scale});
    if (!rendered)
        return std::unexpected(rendered.error());
    state.app_jobs = rendered->app_jobs;
    state.jobs = rendered->jobs;
    state.receivers = rendered->receivers;
    // A receiver is captured when all of its integrations are: where one was replaced, obsctl's
    // webhook stands in for it and delivers too.
    for (const auto& [receiver, integrations] : rendered->kept) {
        const bool replaced = std::any_of(rendered->replaced.begin(), rendered->replaced.end(),
                                          [&](const auto& r) { return r.receiver == receiver; });
        if (!integrations.empty() && !replaced)
            state.captured.insert(receiver);
    }
    for (const auto& r : rendered->replaced) {
        state.replaced.emplace_back(
            r.receiver + " " + r.integration + "[" + std::to_string(r.index) + "]", describe(r));
    }
    const fs::path scratch = state.state_dir / "logs" / "config-check.log";
    if (auto ok = check_config(
            *options.runner,
            {options.promtool_binary, "check", "config", rendered->prometheus_config.string()},
            scratch, rendered->prometheus_config);
        !ok) {
        return std::unexpected(ok.error());
    }
    if (auto ok = check_config(
            *options.runner,
            {options.amtool_binary, "check-config", rendered->alertmanager_config.string()},
            scratch, rendered->alertmanager_config);
        !ok) {
        return std::unexpected(ok.error());
    }
    for (const auto& dropped : rendered->dropped_jobs)
        progress("scrape job " + dropped.job + " left out: " + dropped.reason);
    // The replaced integrations are in the state (state().replaced), not said here: `run` says
    // them once, in its preflight, and `stack up` after the stack is up.

    for (Component c : k_components) {
        if ((c == Component::demoapp && !options.sources.demoapp) ||
            (c == Component::node_exporter && !options.node_exporter))
            continue;
        state.processes[c] = {0, command_line(c, options, state, *rendered),
                              state.state_dir / "logs" / (std::string(component_name(c)) + ".log")};
    }
    std::unique_ptr<LocalStack> stack(new LocalStack(options, std::move(state)));
    for (Component c : k_components) {
        if (!stack->m_state.processes.contains(c))
            continue;
        // On failure the stack goes out of scope here: its destructor stops what started.
        if (auto ok = stack->launch(c, progress); !ok)
            return std::unexpected(ok.error());
    }
    if (auto ok = save_state(stack->m_state); !ok)
        return std::unexpected(ok.error());
    return stack;
}

LocalStack::~LocalStack() {
    if (!m_released)
        down();
}

util::Result<void> LocalStack::launch(Component c, const Progress& progress) {
    auto& record = m_state.processes.at(c);
    auto pid = m_runner.spawn(
        {.argv = record.argv, .log_file = record.log, .die_with_parent = !m_options.detach});
    if (!pid) {
        util::Error error = pid.error();
        error.what = std::string(component_name(c)) + " did not start: " + error.what;
        return std::unexpected(error);
    }
    record.pid = *pid;
    record.paused = false;
    return wait_ready(c, progress);
}

util::Result<void> LocalStack::wait_ready(Component c, const Progress& progress) {
    const auto started = Clock::now();
    const auto deadline = started + m_options.ready_timeout;
    promapi::PrometheusClient prometheus(m_http, m_state.prometheus_url());
    const std::string name = component_name(c);
    std::string url;
    std::string last_problem = "no answer yet";
    Clock::time_point down_since = Clock::time_point::max();  // an app target scraped and down
    Clock::time_point apps_ready = Clock::time_point::max();  // the apps scraped and up
    while (Clock::now() < deadline) {
        if (auto dead = find_dead_part()) {
            return util::fail(ExitCode::stack_unavailable, *dead);
        }
        bool ready = false;
        switch (c) {
            case Component::alertmanager:
                url = m_state.alertmanager_url() + "/-/ready";
                break;
            case Component::demoapp:
                url = m_state.app_url() + "/health";
                break;
            case Component::prometheus:
                url = m_state.prometheus_url() + "/-/ready";
                break;
            case Component::node_exporter:
                url = m_state.node_exporter_url() + "/";  // its landing page: up and serving
                break;
        }
        if (auto response = m_http.get(url); response && response->status == 200) {
            ready = true;
            // Ready is not enough for Prometheus: wait for the first scrape of the app(s),
            // which lands about 5 s after start, or the first queries would see no data.
            if (c == Component::prometheus && !m_state.app_jobs.empty()) {
                url = m_state.prometheus_url() + " (up)";
                const AppsScrape apps = apps_scraped(prometheus, m_state.app_jobs, last_problem);
                ready = apps == AppsScrape::up;
                // A target that stays down for 5 s (five scrapes) will not come up by waiting:
                // say so now rather than after the whole ready timeout.
                if (apps != AppsScrape::down)
                    down_since = Clock::time_point::max();
                else if (down_since == Clock::time_point::max())
                    down_since = Clock::now();
                else if (Clock::now() > down_since + std::chrono::seconds(5))
                    break;
            }
        } else {
            last_problem =
                response ? "HTTP " + std::to_string(response->status) : response.error().what;
        }
        // Every other job scraped once too (a user's exporter, up or down), for at most 15 s
        // after the apps: a job with a long scrape_interval is not waited out.
        if (ready && c == Component::prometheus && !m_state.jobs.empty()) {
            if (apps_ready == Clock::time_point::max())
                apps_ready = Clock::now();
            auto up = prometheus.query("up");
            const auto missing =
                up ? not_scraped(*up, m_state.jobs) : std::vector<std::string>{"?"};
            if (!missing.empty() && Clock::now() < apps_ready + std::chrono::seconds(15)) {
                ready = false;
                last_problem = util::join(missing, ", ") + " not scraped yet";
            } else if (!missing.empty() && up) {
                progress("scrape job(s) " + util::join(missing, ", ") +
                         " not scraped yet (a long scrape_interval?)");
            }
        }
        if (ready) {
            const auto took = std::chrono::duration_cast<util::Millis>(Clock::now() - started);
            progress(name + " ready after " + util::human_duration(took) +
                     (c == Component::prometheus && !m_state.app_jobs.empty()
                          ? " (" + util::join(m_state.app_jobs, ", ") + " scraped, up == 1)"
                          : std::string()));
            return {};
        }
        if (!util::sleep_until(Clock::now() + std::chrono::milliseconds(100), m_options.stop))
            return util::fail(ExitCode::interrupted, name + " start interrupted");
    }
    const auto waited = std::chrono::duration_cast<util::Millis>(Clock::now() - started);
    return util::fail(
        ExitCode::stack_unavailable,
        name + " not ready after " + util::human_duration(waited) + ": " + last_problem, url,
        "see " + m_state.processes.at(c).log.string());
}

void LocalStack::stop(Component c) {
    auto& record = m_state.processes.at(c);
    if (record.pid > 0) {
        // A stopped process keeps SIGTERM pending: it would only go at the SIGKILL.
        if (record.paused)
            (void)m_runner.signal(record.pid, SIGCONT);
        m_runner.terminate(record.pid, std::chrono::seconds(10));
    }
    record.pid = 0;
    record.paused = false;
    (void)save_state(m_state);
}

util::Result<void> LocalStack::pause(Component c) {
    return set_paused(c, true);
}

util::Result<void> LocalStack::resume(Component c) {
    return set_paused(c, false);
}

util::Result<void> LocalStack::set_paused(Component c, bool paused) {
    const auto it = m_state.processes.find(c);
    const bool running = it != m_state.processes.end() && it->second.pid > 0;
    if (!running || (!paused && !it->second.paused)) {
        return util::fail(ExitCode::usage,
                          std::string(paused ? "cannot pause " : "cannot resume ") +
                              component_name(c) +
                              (running ? ": it is not paused" : ": it is not running"));
    }
    if (auto ok = m_runner.signal(it->second.pid, paused ? SIGSTOP : SIGCONT); !ok)
        return ok;
    it->second.paused = paused;
    (void)save_state(m_state);
    return {};
}

util::Result<void> LocalStack::start(Component c) {
    // Started again on purpose (a scenario's action, or its undo after Ctrl-C): waited for to
    // the end, whatever the stop flag says.
    const auto* stop = std::exchange(m_options.stop, nullptr);
    auto ok = launch(c, [](const std::string&) {});
    m_options.stop = stop;
    if (ok)
        (void)save_state(m_state);
    return ok;
}

std::optional<std::string> LocalStack::find_dead_part() {
    for (auto& [c, record] : m_state.processes) {
        if (record.pid <= 0)
            continue;
        if (auto status = m_runner.reap_if_exited(record.pid)) {
            record.pid = 0;
            std::string tail = util::tail_lines(record.log, 3);
            while (!tail.empty() && tail.back() == '\n')
                tail.pop_back();
            return std::string(component_name(c)) + " exited; last lines of " +
                   record.log.string() + ":\n" + tail;
        }
    }
    return std::nullopt;
}

void LocalStack::down() {
    for (Component c : k_stop_order) {
        auto it = m_state.processes.find(c);
        if (it != m_state.processes.end() && it->second.pid > 0)
            stop(c);
    }
    std::error_code ec;
    fs::remove(m_state.file(), ec);
}

void stop_recorded_stack(const StackState& state, util::ProcessRunner& runner) {
    for (Component c : k_stop_order) {
        auto it = state.processes.find(c);
        if (it == state.processes.end() || it->second.pid <= 0 || it->second.argv.empty())
            continue;
        // The pid may have been reused since: only signal the program we started.
        if (runner.program(it->second.pid) != it->second.argv.front())
            continue;
        if (it->second.paused)
            (void)runner.signal(it->second.pid, SIGCONT);
        runner.terminate(it->second.pid, std::chrono::seconds(10));
    }
    std::error_code ec;
    fs::remove(state.file(), ec);
}

}  // namespace stack
