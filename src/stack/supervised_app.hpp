#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "promapi/http_client.hpp"
#include "util/error.hpp"
#include "util/process_runner.hpp"

namespace stack {

/// A user's app that obsctl starts and supervises (`--app 'python3 app.py'`): the command runs
/// under `/bin/sh -c` in its own process group, so stopping, pausing and resuming reach
/// whatever the shell starts. Not thread-safe. Destroying it stops the app (resumed first if
/// paused).
class SupervisedApp {
  public:
    /// Starts `command` with stdout and stderr appended to `log` and, when `health_url` is not
    /// empty, waits until it answers there (any HTTP status) for up to `ready_timeout` (asked
    /// at least once). Errors (exit code 3) name the command and quote the log's last lines:
    /// a shell that cannot start, an app that exits or does not answer in time.
    /// `runner` must outlive the app; `http` too when given (null: a libcurl client).
    static util::Result<std::unique_ptr<SupervisedApp>> start(
        std::string command, std::filesystem::path log, util::ProcessRunner& runner,
        std::string health_url, std::chrono::milliseconds ready_timeout,
        promapi::HttpClient* http = nullptr);
    ~SupervisedApp();
    SupervisedApp(const SupervisedApp&) = delete;
    SupervisedApp& operator=(const SupervisedApp&) = delete;

    /// SIGTERM to its process group, up to 10 s for all of it to go, then SIGKILL. A stopped
    /// app stays stopped; stopping it again does nothing.
    void stop();
    /// Starts the same command again and waits until it is ready, as the first start did.
    /// Nothing is done if it runs.
    util::Result<void> start();
    util::Result<void> restart();
    /// SIGSTOP to its process group: it keeps its port and answers nothing (a hung app).
    util::Result<void> pause();
    /// SIGCONT to its process group.
    util::Result<void> resume();
    /// Whether the shell still runs (an app that exited on its own is reaped by asking).
    bool running();
    bool paused() const { return m_paused; }
    /// The shell's pid, which is its process group's id; 0 when stopped.
    pid_t pid() const { return m_pid; }
    const std::string& command() const { return m_command; }

  private:
    SupervisedApp(std::string command, std::filesystem::path log, util::ProcessRunner& runner,
                  std::string health_url, std::chrono::milliseconds ready_timeout,
                  promapi::HttpClient* http);
    util::Result<void> wait_ready();
    /// `sig` to the app's process group; an Error naming the command if it is not running.
    util::Result<void> signal_group(int sig, const std::string& doing);
    util::Error failure(const std::string& what) const;

    std::string m_command;
    std::filesystem::path m_log;
    util::ProcessRunner& m_runner;
    std::string m_health_url;
    std::chrono::milliseconds m_ready_timeout;
    std::unique_ptr<promapi::HttpClient> m_http_owner;
    promapi::HttpClient* m_http;
    pid_t m_pid = 0;
    bool m_paused = false;
};

}  // namespace stack
