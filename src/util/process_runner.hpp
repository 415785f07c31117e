#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/process.hpp"

namespace util {

/// Every child process obsctl starts, watches, signals or stops goes through this (the local
/// stack, the supervised app, actions), as ninja's builds go through its `CommandRunner`.
/// Abstract so it can be faked in unit tests: tests/support/fake_process_runner.hpp records
/// each call and hands out pids without starting anything.
class ProcessRunner {
  public:
    virtual ~ProcessRunner() = default;

    /// Starts a program (see util::spawn: a program that cannot be executed is exit 3 naming
    /// it). The child leads its own process group, so `signal(-pid, ...)` reaches its children.
    virtual Result<pid_t> spawn(const SpawnOptions& options) = 0;

    /// Whether the process exists (for our own children: has not exited; an exited child is
    /// reaped by asking).
    virtual bool alive(pid_t pid) = 0;

    /// The wait status of our child `pid` once it has exited (reaped); nullopt while it runs.
    virtual std::optional<int> reap_if_exited(pid_t pid) = 0;

    /// SIGTERM, up to `grace` to go, then SIGKILL. True when it went within the grace period.
    virtual bool terminate(pid_t pid, std::chrono::milliseconds grace) = 0;

    /// Sends `sig` (SIGSTOP, SIGCONT, a user's signal; 0 only checks) as kill(2) does: a pid
    /// below -1 is the process group -pid. 0 and -1 (every process we may signal) are refused.
    virtual Result<void> signal(pid_t pid, int sig) = 0;

    /// argv[0] of a running process, empty if unknown (is a recorded pid still our program?).
    virtual std::string program(pid_t pid) = 0;

    /// Runs a program to completion, its output captured through `scratch_file`. One still
    /// running after `timeout` is killed (its process group too) and the output says
    /// `timed_out`.
    virtual Result<CommandOutput> run_command(const std::vector<std::string>& argv,
                                              const std::filesystem::path& scratch_file,
                                              std::chrono::milliseconds timeout) = 0;
};

/// The one real runner: fork/exec, waitpid and kill (util/process.hpp). Stateless, so one
/// instance serves every thread.
ProcessRunner& real_process_runner();

}  // namespace util
