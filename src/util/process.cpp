#include "util/process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace util {

namespace {

[[noreturn]] void exec_child(const SpawnOptions& options, int log_fd, int error_pipe) {
    if (options.die_with_parent) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        // Own process group: a terminal's Ctrl-C reaches obsctl only, which then stops the
        // children in order (app last, so its final scrape is not an error).
        setpgid(0, 0);
    } else {
        setsid();
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) {
        int err = errno;
        (void)!write(error_pipe, &err, sizeof err);
        _exit(127);
    }
    std::vector<char*> argv;
    for (const auto& a : options.argv)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    int err = errno;
    (void)!write(error_pipe, &err, sizeof err);
    _exit(127);
}

Result<pid_t> spawn_here(const SpawnOptions& options);

/// PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process: a part
/// started again by a scenario's action (on the actions' thread) was stopped as soon as that
/// thread ended. So every child that must die with obsctl is forked on this one thread, which
/// lives as long as the process (never joined: it waits on its queue until exit).
class Spawner {
  public:
    static Spawner& get() {
        static Spawner* spawner = new Spawner;  // never destroyed: its thread outlives main
        return *spawner;
    }
    Result<pid_t> spawn(const SpawnOptions& options) {
        std::promise<Result<pid_t>> done;
        auto result = done.get_future();
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back([&] {
                try {
                    done.set_value(spawn_here(options));
                } catch (...) {  // thrown on this thread: the caller's to handle, not terminate
                    done.set_exception(std::current_exception());
                }
            });
        }
        m_wake.notify_one();
        return result.get();
    }

  private:
    Spawner() {
        std::thread([this] {
            for (;;) {
                std::function<void()> job;
                {
                    std::unique_lock lock(m_mutex);
                    m_wake.wait(lock, [this] { return !m_jobs.empty(); });
                    job = std::move(m_jobs.front());
                    m_jobs.pop_front();
                }
                job();
            }
        }).detach();
    }
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
};

}  // namespace

Result<pid_t> spawn(const SpawnOptions& options) {
    if (options.die_with_parent)
        return Spawner::get().spawn(options);
    return spawn_here(options);
}

namespace {

Result<pid_t> spawn_here(const SpawnOptions& options) {
    const std::string& program = options.argv.at(0);
    int log_fd = open(options.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        return fail(ExitCode::stack_unavailable, std::strerror(errno), options.log_file.string());
    }
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        close(log_fd);
        return fail(ExitCode::stack_unavailable, std::string("pipe: ") + std::strerror(errno));
    }
    pid_t pid = fork();
    if (pid == 0)
        exec_child(options, log_fd, pipe_fds[1]);
    close(log_fd);
    close(pipe_fds[1]);
    if (pid < 0) {
        close(pipe_fds[0]);
        return fail(ExitCode::stack_unavailable, std::string("fork: ") + std::strerror(errno));
    }
    int child_errno = 0;
    ssize_t n = read(pipe_fds[0], &child_errno, sizeof child_errno);
    close(pipe_fds[0]);
    if (n == static_cast<ssize_t>(sizeof child_errno)) {
        waitpid(pid, nullptr, 0);
        return fail(
            ExitCode::stack_unavailable,
            "cannot run " + program + ": " + std::strerror(child_errno), {},
            child_errno == ENOENT ? "is it installed? scripts/install-deps.sh installs it" : "");
    }
    return pid;
}

}  // namespace

std::optional<int> reap_if_exited(pid_t pid) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
        return status;
    return std::nullopt;
}

bool process_alive(pid_t pid) {
    if (pid <= 0)
        return false;
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
        return false;  // our child, just exited and now reaped
    return kill(pid, 0) == 0 || errno == EPERM;
}

bool terminate(pid_t pid, std::chrono::milliseconds grace) {
    if (!process_alive(pid))
        return true;
    kill(pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_alive(pid))
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    for (int i = 0; i < 100 && process_alive(pid); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

Result<void> signal_process(pid_t pid, int sig) {
    if (pid == 0 || pid == -1) {
        return fail(ExitCode::stack_unavailable,
                    "refusing to signal pid " + std::to_string(pid) + " (a whole process group)");
    }
    if (kill(pid, sig) != 0) {
        return fail(ExitCode::stack_unavailable,
                    std::string("cannot signal ") + (pid < 0 ? "process group " : "pid ") +
                        std::to_string(pid < 0 ? -pid : pid) + ": " + std::strerror(errno));
    }
    return {};
}

std::string tail_lines(const std::filesystem::path& file, std::size_t lines) {
    std::ifstream in(file);
    std::deque<std::string> last;
    for (std::string line; std::getline(in, line);) {
        last.push_back(std::move(line));
        if (last.size() > lines)
            last.pop_front();
    }
    std::string out;
    for (const auto& l : last)
        out += l + "\n";
    return out;
}

}  // namespace util

namespace util {

Result<CommandOutput> run_command(const std::vector<std::string>& argv,
                                  const std::filesystem::path& scratch_file,
                                  std::chrono::milliseconds timeout) {
    std::error_code ec;
    std::filesystem::remove(scratch_file, ec);
    auto pid = spawn({.argv = argv, .log_file = scratch_file});
    if (!pid)
        return std::unexpected(pid.error());
    CommandOutput out;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (waitpid(*pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            // The child leads its own group (spawn): a shell's children go with it.
            kill(-*pid, SIGKILL);
            waitpid(*pid, &status, 0);
            out.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::ifstream in(scratch_file);
    out.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    out.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

std::string process_program(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
    std::string argv0;
    std::getline(in, argv0, '\0');
    return argv0;
}

}  // namespace util
