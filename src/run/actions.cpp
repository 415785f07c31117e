#include "run/actions.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "scenario/actions.hpp"
#include "util/duration.hpp"
#include "util/process.hpp"
#include "util/text_file.hpp"

namespace run {
namespace {

using Millis = std::chrono::milliseconds;
constexpr std::size_t k_output_tail = 4096;

/// The last `bytes` of a file, from a line's start when one begins in it.
std::string file_tail(const std::filesystem::path& file, std::size_t bytes) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in)
        return {};
    const auto size = static_cast<std::size_t>(in.tellg());
    const std::size_t from = size > bytes ? size - bytes : 0;
    in.seekg(static_cast<std::streamoff>(from));
    std::string text(size - from, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (from > 0) {
        if (const auto nl = text.find('\n'); nl != std::string::npos && nl + 1 < text.size())
            text.erase(0, nl + 1);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

util::Result<pid_t> read_pid_file(const std::filesystem::path& file) {
    auto text = util::read_text_file(file, 64, "pid file");
    if (!text) {
        auto e = text.error();
        e.code = util::ExitCode::stack_unavailable;  // the machine's state, not the scenario
        return std::unexpected(e);
    }
    std::string digits;
    for (char c : *text) {
        if (c >= '0' && c <= '9')
            digits += c;
        else if (!std::isspace(static_cast<unsigned char>(c)) || !digits.empty())
            break;
    }
    // 0 would signal obsctl's own process group, 1 is init: never a process to act on.
    if (digits.empty() || digits.size() > 9 || std::stol(digits) <= 1)
        return util::fail(util::ExitCode::stack_unavailable, "holds no process id", file.string());
    return static_cast<pid_t>(std::stol(digits));
}

}  // namespace

Actions::Actions(std::vector<scenario::Phase> scaled, AppControl* app,
                 std::filesystem::path scratch)
    : m_phases(std::move(scaled)), m_app(app), m_scratch(std::move(scratch)) {
    std::chrono::nanoseconds phase_start{0};
    for (std::size_t p = 0; p < m_phases.size(); ++p) {
        const auto& phase = m_phases[p];
        std::vector<Step> here;
        for (const auto& a : phase.actions) {
            const auto into = a.when == scenario::Action::When::start ? std::chrono::nanoseconds{0}
                              : a.when == scenario::Action::When::offset ? a.offset
                                                                         : phase.duration;
            here.push_back({phase_start + into, p, a});
        }
        std::stable_sort(here.begin(), here.end(),
                         [](const Step& x, const Step& y) { return x.at < y.at; });
        // A phase's end actions come before the next phase's start ones at the same time.
        m_steps.insert(m_steps.end(), here.begin(), here.end());
        phase_start += phase.duration;
    }
}

Actions::~Actions() {
    if (m_thread.joinable()) {
        m_finishing = true;
        m_thread.join();
    }
}

void Actions::start(std::chrono::steady_clock::time_point origin,
                    const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) {
    m_origin = origin;
    m_halt = &halt;
    m_thread = std::thread([this, &interrupt, &halt] { loop(interrupt, halt); });
}

Millis Actions::since_origin() const {
    return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - m_origin);
}

void Actions::loop(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) {
    // Until the traffic is over: --fail-fast's halt reaches the traffic through here too.
    while (!m_finishing && !interrupt) {
        if (halt) {
            m_stop_traffic = true;
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (m_next < m_steps.size() && now >= m_origin + m_steps[m_next].at) {
            run_step(m_steps[m_next++], false);
            if (failure()) {
                m_stop_traffic = true;
                return;
            }
            continue;
        }
        auto wait = std::chrono::steady_clock::duration(Millis{20});
        if (m_next < m_steps.size())
            wait = std::min(wait, m_origin + m_steps[m_next].at - now);
        std::this_thread::sleep_for(wait);
    }
}

void Actions::run_step(const Step& step, bool undo) {
    const auto& a = step.action;
    report::ActionEntry entry;
    entry.phase = m_phases[step.phase].name;
    entry.undo = undo;
    entry.text = a.text;
    if (m_app != nullptr && entry.text.ends_with(" app"))
        entry.text = entry.text.substr(0, entry.text.size() - 3) + m_app->name();
    if (undo)
        entry.text += " (undo)";
    entry.at = since_origin();
    {
        std::lock_guard lock(m_mutex);
        m_last = entry.text + " +" + util::format_duration(entry.at);
    }
    std::string output;
    // An undo must finish even on Ctrl-C; an exec is cut short by it.
    static const std::atomic<bool> never{false};
    const auto done = perform(a, output, undo ? never : m_cancel);
    entry.took = since_origin() - entry.at;
    entry.output =
        output.size() > k_output_tail ? output.substr(output.size() - k_output_tail) : output;
    if (done) {
        entry.exit_status = *done;
    } else {
        entry.ok = false;
        entry.output = done.error().message() + (output.empty() ? "" : "\n" + entry.output);
    }
    std::lock_guard lock(m_mutex);
    // Cut short by Ctrl-C or --fail-fast: said in its entry, not the run's error.
    const bool cut = !done && !undo && m_cancel;
    if (!done && !m_failure && !cut) {
        util::Error e = done.error();
        e.what = (undo ? "could not put back what an action changed: " : "action failed: ") +
                 entry.text + ": " + e.what;
        if (!output.empty())
            e.hint = "its output ends: " + entry.output;
        m_failure = std::move(e);
    }
    m_entries.push_back(std::move(entry));
}

util::Result<std::optional<int>> Actions::perform(const scenario::Action& a, std::string& output,
                                                  const std::atomic<bool>& cancel) {
    using Kind = scenario::Action::Kind;
    const auto app_step = [&](util::Result<void> (AppControl::*call)(),
                              AppState next) -> util::Result<std::optional<int>> {
        if (m_app == nullptr)
            return util::fail(util::ExitCode::stack_unavailable, "no app that obsctl runs");
        if (auto ok = (m_app->*call)(); !ok)
            return std::unexpected(ok.error());
        m_app_state = next;
        return std::nullopt;
    };
    switch (a.kind) {
        case Kind::stop:
            return app_step(&AppControl::stop, AppState::stopped);
        case Kind::start:
            return app_step(&AppControl::start, AppState::running);
        case Kind::pause:
            return app_step(&AppControl::pause, AppState::paused);
        case Kind::resume:
            return app_step(&AppControl::resume, AppState::running);
        case Kind::restart:
            if (auto ok = app_step(&AppControl::stop, AppState::stopped); !ok)
                return ok;
            return app_step(&AppControl::start, AppState::running);
        case Kind::signal: {
            auto pid = read_pid_file(a.pid_file);
            if (!pid)
                return std::unexpected(pid.error());
            if (::kill(*pid, a.signal) != 0) {
                return util::fail(
                    util::ExitCode::stack_unavailable,
                    "cannot signal process " + std::to_string(*pid) + ": " + std::strerror(errno),
                    a.pid_file.string());
            }
            if (a.signal == SIGSTOP)
                m_stopped_pids.push_back(*pid);
            if (a.signal == SIGCONT)
                std::erase(m_stopped_pids, *pid);
            return std::nullopt;
        }
        case Kind::exec:
            break;
    }
    const auto log = m_scratch / ("action-" + std::to_string(m_entries.size()) + ".log");
    std::error_code ec;
    std::filesystem::create_directories(m_scratch, ec);
    std::filesystem::remove(log, ec);
    auto pid = util::spawn({.argv = a.command, .log_file = log});
    if (!pid)
        return std::unexpected(pid.error());
    const auto deadline = std::chrono::steady_clock::now() + a.timeout;
    std::optional<int> status;
    while (!(status = util::reap_if_exited(*pid))) {
        // --fail-fast reaches the traffic while a command runs, not only between steps.
        if (m_halt != nullptr && *m_halt)
            m_stop_traffic = true;
        if (std::chrono::steady_clock::now() >= deadline || cancel) {
            // Its own process group (util::spawn): what the command started goes with it.
            ::kill(-*pid, SIGTERM);
            util::terminate(*pid, Millis{2000});
            ::kill(-*pid, SIGKILL);
            output = file_tail(log, k_output_tail);
            return util::fail(util::ExitCode::stack_unavailable,
                              cancel ? "cut short when the run ended"
                                     : "still running after its timeout of " +
                                           util::format_duration(a.timeout) + ": killed");
        }
        std::this_thread::sleep_for(Millis{20});
    }
    output = file_tail(log, k_output_tail);
    if (!WIFEXITED(*status)) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "killed by signal " + scenario::signal_name(WTERMSIG(*status)));
    }
    if (WEXITSTATUS(*status) != 0) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "exited with status " + std::to_string(WEXITSTATUS(*status)));
    }
    return std::optional<int>(0);
}

std::vector<report::ActionEntry> Actions::finish(bool complete) {
    // Ran to its end: a step under way finishes. Cut short: a running exec is killed.
    if (!complete)
        m_cancel = true;
    m_finishing = true;
    if (m_thread.joinable())
        m_thread.join();
    m_finishing = false;
    if (complete && !failure()) {
        std::chrono::nanoseconds total{0};
        for (const auto& p : m_phases)
            total += p.duration;
        while (m_next < m_steps.size() && m_steps[m_next].at <= total && !failure())
            run_step(m_steps[m_next++], false);
    }
    // Put back what was changed, in the reverse of how it came about.
    const std::size_t last_phase = m_phases.empty() ? 0 : m_phases.size() - 1;
    const auto undo = [&](scenario::Action::Kind kind, std::string text) {
        scenario::Action a;
        a.kind = kind;
        a.text = std::move(text);
        run_step({std::chrono::nanoseconds{0}, last_phase, a}, true);
    };
    for (const pid_t pid : m_stopped_pids) {
        report::ActionEntry entry;
        entry.phase = m_phases[last_phase].name;
        entry.text = "signal CONT " + std::to_string(pid) + " (undo)";
        entry.at = since_origin();
        entry.undo = true;
        if (::kill(pid, SIGCONT) != 0 && errno != ESRCH) {  // ESRCH: gone, nothing to resume
            entry.ok = false;
            entry.output = std::strerror(errno);
        }
        std::lock_guard lock(m_mutex);
        m_entries.push_back(std::move(entry));
    }
    m_stopped_pids.clear();
    if (m_app_state == AppState::paused)
        undo(scenario::Action::Kind::resume, "resume app");
    else if (m_app_state == AppState::stopped)
        undo(scenario::Action::Kind::start, "start app");
    std::lock_guard lock(m_mutex);
    return m_entries;
}

std::optional<util::Error> Actions::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

std::string Actions::last() const {
    std::lock_guard lock(m_mutex);
    return m_last;
}

}  // namespace run
