#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/process_runner.hpp"

namespace test_support {

/// A ProcessRunner that starts nothing: it hands out pids from 1000 up, records every call in
/// order, and lets a test say that a program cannot start, exits, or ignores SIGTERM. A
/// program is named by its argv[0]'s file name ("prometheus", "sh").
class FakeProcessRunner : public util::ProcessRunner {
  public:
    /// One call as a test reads it: "spawn prometheus", "terminate demoapp",
    /// "signal -sh STOP" (a leading '-': the process group), "run promtool", "alive demoapp",
    /// "reap demoapp", "program demoapp". Pids are shown as the program's name.
    std::vector<std::string> calls;

    /// `calls` without the questions (alive, reap, program, signal 0): what changed something.
    std::vector<std::string> actions() const;

    /// spawn fails for this program as a missing binary does (exit 3, "cannot run NAME").
    void fail_to_start(const std::string& program) { m_fail.insert(program); }
    /// Each process of this program exits with `code` right after it starts.
    void exits_on_start(const std::string& program, int code) { m_exit_on_start[program] = code; }
    /// The process exits now with `code` (reaped by the next reap_if_exited or alive).
    void exit(pid_t pid, int code);
    /// The newest pid handed to this program; 0 if none.
    pid_t pid_of(const std::string& program) const;
    /// The argv of the newest start of this program.
    std::vector<std::string> argv_of(const std::string& program) const;
    /// Whether the process runs (not exited, terminated or killed).
    bool running(pid_t pid) const {
        return m_processes.contains(pid) && m_processes.at(pid).running;
    }
    bool stopped(pid_t pid) const {
        return m_processes.contains(pid) && m_processes.at(pid).stopped;
    }
    /// What promtool, amtool or any run_command answers (default: exit 0, no output).
    util::CommandOutput command_output{.exit_status = 0};

    util::Result<pid_t> spawn(const util::SpawnOptions& options) override;
    bool alive(pid_t pid) override;
    std::optional<int> reap_if_exited(pid_t pid) override;
    bool terminate(pid_t pid, std::chrono::milliseconds grace) override;
    util::Result<void> signal(pid_t pid, int sig) override;
    std::string program(pid_t pid) override;
    util::Result<util::CommandOutput> run_command(const std::vector<std::string>& argv,
                                                  const std::filesystem::path& scratch_file,
                                                  std::chrono::milliseconds timeout) override;

  private:
    struct Process {
        std::vector<std::string> argv;
        std::string name;
        bool running = true;
        bool stopped = false;
        bool reaped = false;
        int status = 0;  ///< wait status once exited
    };
    std::string name_of(pid_t pid) const;
    void end(Process& process, int status);

    pid_t m_next = 1000;
    std::map<pid_t, Process> m_processes;
    std::set<std::string> m_fail;
    std::map<std::string, int> m_exit_on_start;
};

}  // namespace test_support
