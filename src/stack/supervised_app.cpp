#include "stack/supervised_app.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <thread>

#include "util/duration.hpp"

namespace stack {
namespace {

using Clock = std::chrono::steady_clock;
using util::ExitCode;

/// As long as `LocalStack::stop` gives a part: an app that flushes or drains on SIGTERM.
constexpr std::chrono::seconds k_stop_grace{10};
constexpr std::chrono::milliseconds k_ready_poll{100};
constexpr std::chrono::milliseconds k_stop_poll{20};

std::string describe_status(int status) {
    if (WIFEXITED(status))
        return "exit code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "killed by signal " + std::to_string(WTERMSIG(status));
    return "wait status " + std::to_string(status);
}

}  // namespace

SupervisedApp::SupervisedApp(std::string command, std::filesystem::path log,
                             util::ProcessRunner& runner, std::string health_url,
                             std::chrono::milliseconds ready_timeout, promapi::HttpClient* http)
    : m_command(std::move(command)),
      m_log(std::move(log)),
      m_runner(runner),
      m_health_url(std::move(health_url)),
      m_ready_timeout(ready_timeout),
      m_http_owner(
          http != nullptr || m_health_url.empty()
              ? nullptr
              : promapi::make_http_client(net::Endpoint{.timeout = std::chrono::seconds(1)})),
      m_http(http != nullptr ? http : m_http_owner.get()) {}

util::Result<std::unique_ptr<SupervisedApp>> SupervisedApp::start(
    std::string command, std::filesystem::path log, util::ProcessRunner& runner,
    std::string health_url, std::chrono::milliseconds ready_timeout, promapi::HttpClient* http) {
    std::unique_ptr<SupervisedApp> app(new SupervisedApp(
        std::move(command), std::move(log), runner, std::move(health_url), ready_timeout, http));
    if (auto ok = app->start(); !ok)
        return std::unexpected(ok.error());
    return app;
}

SupervisedApp::~SupervisedApp() {
    stop();
}

util::Error SupervisedApp::failure(const std::string& what) const {
    std::string tail = util::tail_lines(m_log, 5);
    while (!tail.empty() && tail.back() == '\n')
        tail.pop_back();
    std::string message = "app `" + m_command + "` " + what;
    message += tail.empty() ? " (its log " + m_log.string() + " is empty)"
                            : "; last lines of " + m_log.string() + ":\n" + tail;
    return util::Error{message, {}, {}, ExitCode::stack_unavailable};
}

util::Result<void> SupervisedApp::start() {
    if (running())
        return {};
    // The shell leads its own process group (util::spawn), so signals to -pid reach
    // everything the command starts.
    auto pid = m_runner.spawn({.argv = {"/bin/sh", "-c", m_command}, .log_file = m_log});
    if (!pid)
        return std::unexpected(failure("did not start: " + pid.error().what));
    m_pid = *pid;
    m_paused = false;
    auto ready = wait_ready();
    if (!ready)
        stop();  // half started: nothing is left behind
    return ready;
}

util::Result<void> SupervisedApp::wait_ready() {
    if (m_health_url.empty())
        return {};
    const auto deadline = Clock::now() + m_ready_timeout;
    std::string last = "no answer yet";
    for (;;) {  // bounded by the deadline; asks at least once
        if (auto status = m_runner.reap_if_exited(m_pid)) {
            m_pid = 0;
            return std::unexpected(failure("exited (" + describe_status(*status) +
                                           ") before answering on " + m_health_url));
        }
        auto answer = m_http->get(m_health_url);
        // Any status is an answer: the app is up. A 401 or 403 comes back as an Error
        // ("HTTP 401: credentials are missing") and is one too.
        if (answer || answer.error().what.starts_with("HTTP "))
            return {};
        last = answer.error().what;
        const auto now = Clock::now();
        if (now >= deadline)
            break;
        std::this_thread::sleep_for(std::min<Clock::duration>(k_ready_poll, deadline - now));
    }
    return std::unexpected(failure("did not answer on " + m_health_url + " within " +
                                   util::human_duration(m_ready_timeout) + ": " + last));
}

void SupervisedApp::stop() {
    if (m_pid <= 0)
        return;
    const pid_t group = -m_pid;
    // A stopped process keeps SIGTERM pending until it runs again.
    if (m_paused)
        (void)m_runner.signal(group, SIGCONT);
    m_paused = false;
    (void)m_runner.signal(group, SIGTERM);
    // Gone when the shell is reaped and nothing of its group is left (signal 0 fails).
    auto gone = [&] { return !m_runner.alive(m_pid) && !m_runner.signal(group, 0); };
    const auto deadline = Clock::now() + k_stop_grace;
    bool went = gone();
    while (!went && Clock::now() < deadline) {
        std::this_thread::sleep_for(k_stop_poll);
        went = gone();
    }
    if (!went) {
        (void)m_runner.signal(group, SIGKILL);
        for (int i = 0; i < 50 && m_runner.alive(m_pid); ++i)
            std::this_thread::sleep_for(k_stop_poll);
    }
    m_pid = 0;
}

util::Result<void> SupervisedApp::restart() {
    stop();
    return start();
}

util::Result<void> SupervisedApp::pause() {
    if (auto ok = signal_group(SIGSTOP, "pause"); !ok)
        return ok;
    m_paused = true;
    return {};
}

util::Result<void> SupervisedApp::resume() {
    if (auto ok = signal_group(SIGCONT, "resume"); !ok)
        return ok;
    m_paused = false;
    return {};
}

util::Result<void> SupervisedApp::signal_group(int sig, const std::string& doing) {
    if (!running())
        return std::unexpected(failure("is not running: cannot " + doing + " it"));
    if (auto ok = m_runner.signal(-m_pid, sig); !ok)
        return std::unexpected(failure("cannot " + doing + " it: " + ok.error().what));
    return {};
}

bool SupervisedApp::running() {
    if (m_pid <= 0)
        return false;
    if (m_runner.reap_if_exited(m_pid)) {
        m_pid = 0;
        m_paused = false;
        return false;
    }
    return true;
}

}  // namespace stack
