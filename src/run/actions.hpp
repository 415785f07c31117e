#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "report/document.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"

namespace run {

/// The app a scenario's actions stop, start, pause and resume: demoapp on the local stack or
/// the user's `--app`. Each call returns once the app is in that state (start: ready).
class AppControl {
  public:
    virtual ~AppControl() = default;
    virtual std::string name() const = 0;  ///< "demoapp", "app (python3 app.py)"
    virtual util::Result<void> stop() = 0;
    virtual util::Result<void> start() = 0;
    virtual util::Result<void> pause() = 0;
    virtual util::Result<void> resume() = 0;
};

/// A scenario's actions on their schedule, from the traffic's start: each phase's at its start,
/// at the offsets into it and at its end, in that order (a phase's end before the next one's
/// start). They run on their own thread, one at a time, so a slow one delays the next, never
/// the traffic. An action that fails stops the traffic (`stop_traffic`) and is the run's
/// error. Whatever they changed is put back by `finish`: a stopped app is started again, a
/// paused one resumed, a process sent STOP is sent CONT.
class Actions {
  public:
    /// `scaled`: the phases as the traffic runs them (durations and offsets scaled). `app` may
    /// be null when no action acts on the app (checked before: `needs_app`). `scratch`: a
    /// directory for exec's output.
    Actions(std::vector<scenario::Phase> scaled, AppControl* app, std::filesystem::path scratch);
    ~Actions();
    Actions(const Actions&) = delete;
    Actions& operator=(const Actions&) = delete;

    /// Runs them from `origin` (the traffic's start) until `finish`, Ctrl-C (`interrupt`) or
    /// --fail-fast (`halt`).
    void start(std::chrono::steady_clock::time_point origin, const std::atomic<bool>& interrupt,
               const std::atomic<bool>& halt);
    /// Set when the traffic must stop: an action failed, or `halt` was set.
    const std::atomic<bool>& stop_traffic() const { return m_stop_traffic; }

    /// The traffic is over. With `complete` (it ran to its end, nothing failed) the actions due
    /// by then that have not run yet (the last phase's end) run now; then what they changed is
    /// undone. Returns every action and undo as it ran.
    std::vector<report::ActionEntry> finish(bool complete);
    /// The first action that failed: exit 3, naming it, with its output.
    std::optional<util::Error> failure() const;
    /// The last action begun, for the progress line: "stop demoapp +3m00s"; empty before one.
    std::string last() const;

  private:
    struct Step {
        std::chrono::nanoseconds at;
        std::size_t phase;
        scenario::Action action;
    };
    void loop(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt);
    void run_step(const Step& step, bool undo);
    util::Result<std::optional<int>> perform(const scenario::Action& a, std::string& output,
                                             const std::atomic<bool>& cancel);
    std::chrono::milliseconds since_origin() const;

    std::vector<scenario::Phase> m_phases;
    AppControl* m_app;
    std::filesystem::path m_scratch;
    std::vector<Step> m_steps;
    std::size_t m_next = 0;  ///< the next step to run; only the runner thread (then finish)
    std::chrono::steady_clock::time_point m_origin;
    std::thread m_thread;
    std::atomic<bool> m_finishing{false};  ///< no more steps begin
    std::atomic<bool> m_cancel{false};     ///< a running exec is killed (the run was cut short)
    const std::atomic<bool>* m_halt = nullptr;  ///< --fail-fast, relayed while a command runs
    std::atomic<bool> m_stop_traffic{false};
    /// What to put back: the app's state, and the processes sent SIGSTOP.
    enum class AppState { running, stopped, paused } m_app_state = AppState::running;
    std::vector<pid_t> m_stopped_pids;
    mutable std::mutex m_mutex;  ///< guards the three below
    std::vector<report::ActionEntry> m_entries;
    std::optional<util::Error> m_failure;
    std::string m_last;
};

}  // namespace run
