#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace util {

struct SpawnOptions {
    std::vector<std::string> argv;      ///< argv[0] is looked up on PATH unless it has a '/'
    std::filesystem::path log_file;     ///< stdout and stderr are appended here
    std::filesystem::path working_dir;  ///< empty: inherit
    /// true: the child gets SIGTERM if obsctl dies (foreground stack, tests: no orphans).
    /// false: the child starts its own session and outlives obsctl (`stack up --detach`).
    bool die_with_parent = true;
};

/// Starts a program. Fails (exit code 3) when it cannot be executed, e.g. a missing binary:
/// exec errors come back through a close-on-exec pipe, so "not found" is reported here
/// rather than as a child that exits 127 later.
Result<pid_t> spawn(const SpawnOptions& options);

/// Whether a process with this pid exists (and, for our own children, has not exited).
bool process_alive(pid_t pid);

/// If our child `pid` has exited, reaps it and returns its wait status; nullopt while running.
std::optional<int> reap_if_exited(pid_t pid);

/// SIGTERM, then waits up to `grace` for the process to go, then SIGKILL. Works for our own
/// children (reaped) and for processes started by an earlier obsctl (`stack down`).
/// Returns true when it exited within the grace period.
bool terminate(pid_t pid, std::chrono::milliseconds grace);

/// kill(pid, sig), with kill(2)'s meaning of a pid below -1 (the process group -pid). A pid of
/// 0 or -1 (our own group, every process we may signal) is refused. Exit code 3 on failure.
Result<void> signal_process(pid_t pid, int sig);

/// The last `lines` lines of a text file (for "prometheus exited: <its last error>").
std::string tail_lines(const std::filesystem::path& file, std::size_t lines);

}  // namespace util

namespace util {

struct CommandOutput {
    int exit_status = -1;    ///< the exit code, or -1 when killed by a signal
    std::string output;      ///< stdout and stderr, interleaved
    bool timed_out = false;  ///< killed (SIGKILL, its process group too) after the timeout
};

/// Runs a program to completion, capturing its output through `scratch_file`. One still running
/// after `timeout` is killed with its process group; `timed_out` says so. (The default is for
/// tests, which ctest's TIMEOUT bounds anyway; obsctl itself passes its own.)
Result<CommandOutput> run_command(const std::vector<std::string>& argv,
                                  const std::filesystem::path& scratch_file,
                                  std::chrono::milliseconds timeout = std::chrono::hours(1));

/// argv[0] of a running process, from /proc (to check that a pid in a state file is still
/// the program we started before signalling it). Empty if unreadable.
std::string process_program(pid_t pid);

}  // namespace util
