#include "support/fake_process_runner.hpp"

#include <csignal>
#include <filesystem>

namespace test_support {
namespace {

std::string signal_name(int sig) {
    switch (sig) {
        case 0:
            return "0";
        case SIGTERM:
            return "TERM";
        case SIGKILL:
            return "KILL";
        case SIGSTOP:
            return "STOP";
        case SIGCONT:
            return "CONT";
        default:
            return std::to_string(sig);
    }
}

bool is_question(const std::string& call) {
    for (const char* prefix : {"alive ", "reap ", "program "}) {
        if (call.starts_with(prefix))
            return true;
    }
    return call.starts_with("signal ") && call.ends_with(" 0");
}

}  // namespace

std::vector<std::string> FakeProcessRunner::actions() const {
    std::vector<std::string> out;
    for (const auto& call : calls) {
        if (!is_question(call))
            out.push_back(call);
    }
    return out;
}

std::string FakeProcessRunner::name_of(pid_t pid) const {
    const auto it = m_processes.find(pid < 0 ? -pid : pid);
    const std::string name =
        it == m_processes.end() ? std::to_string(pid < 0 ? -pid : pid) : it->second.name;
    return pid < 0 ? "-" + name : name;
}

void FakeProcessRunner::end(Process& process, int status) {
    process.running = false;
    process.stopped = false;
    process.status = status;
}

void FakeProcessRunner::exit(pid_t pid, int code) {
    end(m_processes.at(pid), code << 8);
}

pid_t FakeProcessRunner::pid_of(const std::string& program) const {
    pid_t newest = 0;
    for (const auto& [pid, process] : m_processes) {
        if (process.name == program)
            newest = pid;
    }
    return newest;
}

std::vector<std::string> FakeProcessRunner::argv_of(const std::string& program) const {
    const pid_t pid = pid_of(program);
    return pid == 0 ? std::vector<std::string>{} : m_processes.at(pid).argv;
}

util::Result<pid_t> FakeProcessRunner::spawn(const util::SpawnOptions& options) {
    const std::string name = std::filesystem::path(options.argv.at(0)).filename().string();
    calls.push_back("spawn " + name);
    if (m_fail.contains(name)) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "cannot run " + options.argv[0] + ": No such file or directory");
    }
    const pid_t pid = m_next++;
    m_processes[pid] = {options.argv, name};
    if (const auto it = m_exit_on_start.find(name); it != m_exit_on_start.end())
        exit(pid, it->second);
    return pid;
}

bool FakeProcessRunner::alive(pid_t pid) {
    calls.push_back("alive " + name_of(pid));
    const auto it = m_processes.find(pid);
    if (it == m_processes.end())
        return false;
    if (!it->second.running)
        it->second.reaped = true;
    return it->second.running;
}

std::optional<int> FakeProcessRunner::reap_if_exited(pid_t pid) {
    calls.push_back("reap " + name_of(pid));
    const auto it = m_processes.find(pid);
    if (it == m_processes.end() || it->second.running || it->second.reaped)
        return std::nullopt;
    it->second.reaped = true;
    return it->second.status;
}

bool FakeProcessRunner::terminate(pid_t pid, std::chrono::milliseconds) {
    calls.push_back("terminate " + name_of(pid));
    const auto it = m_processes.find(pid);
    if (it == m_processes.end() || !it->second.running)
        return true;
    // A stopped process keeps SIGTERM pending: the real runner kills it after the grace.
    const bool within_grace = !it->second.stopped;
    end(it->second, within_grace ? SIGTERM : SIGKILL);
    it->second.reaped = true;
    return within_grace;
}

util::Result<void> FakeProcessRunner::signal(pid_t pid, int sig) {
    calls.push_back("signal " + name_of(pid) + " " + signal_name(sig));
    if (pid == 0 || pid == -1)
        return util::fail(util::ExitCode::stack_unavailable, "refusing to signal every process");
    const auto it = m_processes.find(pid < 0 ? -pid : pid);
    if (it == m_processes.end() || !it->second.running)
        return util::fail(util::ExitCode::stack_unavailable, "no such process");
    if (sig == SIGSTOP)
        it->second.stopped = true;
    else if (sig == SIGCONT)
        it->second.stopped = false;
    else if (sig == SIGKILL || (sig == SIGTERM && !it->second.stopped))
        end(it->second, sig);  // a stopped process keeps SIGTERM pending, as the kernel does
    return {};
}

std::string FakeProcessRunner::program(pid_t pid) {
    calls.push_back("program " + name_of(pid));
    const auto it = m_processes.find(pid);
    return it == m_processes.end() || !it->second.running ? std::string() : it->second.argv.at(0);
}

util::Result<util::CommandOutput> FakeProcessRunner::run_command(
    const std::vector<std::string>& argv, const std::filesystem::path&, std::chrono::milliseconds) {
    calls.push_back("run " + std::filesystem::path(argv.at(0)).filename().string());
    return command_output;
}

}  // namespace test_support
