#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "load/latency_histogram.hpp"
#include "load/live_stats.hpp"
#include "load/plan.hpp"
#include "load/run_result.hpp"
#include "load/series.hpp"
#include "load/transport.hpp"

namespace load {

/// The scheduler's time: the steady clock in a run, moved by hand in tests.
class WorkerClock {
  public:
    virtual ~WorkerClock() = default;
    virtual Clock::time_point now() const = 0;
    virtual void sleep_until(Clock::time_point t) = 0;
};

/// std::chrono::steady_clock and std::this_thread::sleep_until.
class SteadyClock final : public WorkerClock {
  public:
    Clock::time_point now() const override { return Clock::now(); }
    void sleep_until(Clock::time_point t) override;
};

/// One thread's share of a run: its open-model arrivals (thread j of T takes the plan's
/// thread_share(j)), its closed-model users, the drops at its max_in_flight, and its tallies
/// by phase and request, per second too. It decides when each request goes and what its
/// answer counts as; the transport sends it.
///
/// Coordinated omission is corrected by construction (what wrk's stats_correct estimates after
/// the fact): an open-model request's latency runs from its scheduled time, never from when it
/// was actually sent, and a request due while the thread is at its cap is dropped, never
/// delayed. `service` is the time from the actual send.
class Worker {
  public:
    Worker(const Plan& plan, unsigned index, Transport& transport, WorkerClock& clock,
           const RunControls& controls, SeriesSink& series);
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Sends until the schedule ends and the answers are in, or until stopped and drained.
    void run();
    const std::vector<std::vector<RequestStats>>& stats() const { return m_stats; }
    /// Requests still out when a stopped run gave up waiting for them.
    std::uint64_t abandoned() const { return m_abandoned; }

  private:
    /// A request out: which one, for which phase and user, and its two start times.
    struct InFlight {
        std::size_t index = 0, phase = 0;
        int vu = -1;  ///< the closed-model user that sent it, or -1
        Clock::time_point intended, sent;
    };
    /// A closed-model user: sends, waits for the answer, thinks, repeats. A user whose request
    /// is dropped at max_in_flight (counted as dropped) queues for a slot; the next answer on
    /// its thread hands its slot to the user that has waited longest, which sends before
    /// anyone else. So it neither spins dropping nor stays busy for the rest of the phase.
    struct VirtualUser {
        Clock::time_point ready;
        bool busy = false;     ///< a request of its own is in flight
        bool waiting = false;  ///< its last request was dropped; in m_waiting for a free slot
        bool granted = false;  ///< a slot was handed to it: it sends first in the next pass
    };

    /// What became of a request the worker sent: out, dropped at max_in_flight, or refused by
    /// the transport (counted as sent and failed, `other`).
    enum class Outcome { in_flight, dropped, refused };
    /// Sends request n, or counts it dropped or refused.
    Outcome send(std::uint64_t n, std::size_t phase, Clock::time_point intended, int vu);
    /// Counts in the run's statistics and in the second of `t`.
    template <class F>
    void tally(std::size_t phase, std::size_t request, Clock::time_point t, F count) {
        count(static_cast<RequestCounts&>(m_stats[phase][request]));
        count(m_series.counts(t, phase, request));
    }
    void complete(const Completion& done, Clock::time_point now);
    /// Takes what the transport finished; returns the time it read.
    Clock::time_point reap();
    void start_closed_phase(std::size_t phase);
    /// Lets each closed-model user that is ready send its next request.
    void run_users(std::size_t phase, std::uint64_t total, Clock::time_point now);
    /// Starts, continues or ends the closed-model phase running at `now`.
    void step_users(std::uint64_t total, Clock::time_point now);
    /// Waits for the next arrival, user wake-up or answer (only answers once stopping).
    void wait(Clock::time_point now, Clock::time_point run_end, std::uint64_t total,
              std::optional<Clock::time_point> stop_deadline);
    /// A worker that begins after --start-at: the arrivals already due are dropped (late).
    void skip_late(std::uint64_t total, Clock::time_point began);
    void publish(bool force);

    const Plan& m_plan;
    unsigned m_index;
    Transport& m_transport;
    WorkerClock& m_clock;
    RunControls m_controls;
    Stride m_share;                 ///< this thread's arrivals and closed-model request numbers
    std::vector<InFlight> m_slots;  ///< by the tag given to the transport
    std::vector<std::uint32_t> m_free;
    std::vector<Completion> m_done;  ///< reused by reap()
    std::size_t m_in_flight = 0;
    std::uint64_t m_next;  ///< next open-model arrival this thread sends
    std::uint64_t m_closed_sent = 0;
    std::vector<VirtualUser> m_vus;
    std::deque<std::size_t> m_waiting;  ///< users whose request was dropped, first come first
    std::size_t m_vu_phase = SIZE_MAX;
    std::vector<std::vector<RequestStats>> m_stats;  ///< [phase][request]
    SeriesRecorder m_series;                         ///< the same, per second
    LatencyHistogram m_live_window;
    std::uint64_t m_live_sent = 0, m_live_responses = 0, m_live_failed = 0, m_live_dropped = 0;
    Clock::time_point m_last_publish;
    std::uint64_t m_abandoned = 0;
};

}  // namespace load
