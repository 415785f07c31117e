#include "load/worker.hpp"

#include <algorithm>
#include <optional>
#include <thread>
#include <utility>

namespace load {

void SteadyClock::sleep_until(Clock::time_point t) {
    std::this_thread::sleep_until(t);
}

Worker::Worker(const Plan& plan, unsigned index, Transport& transport, WorkerClock& clock,
               const RunControls& controls, SeriesSink& series)
    : m_plan(plan),
      m_index(index),
      m_transport(transport),
      m_clock(clock),
      m_controls(controls),
      m_share(plan.thread_share(index)),
      m_next(m_share.first),
      m_series(plan.start, series),
      m_last_publish(clock.now()) {
    m_stats.resize(plan.phases.size(), std::vector<RequestStats>(plan.mix.size()));
    m_slots.reserve(plan.most_in_flight());
}

Worker::Outcome Worker::send(std::uint64_t n, std::size_t phase, Clock::time_point intended,
                             int vu) {
    const std::size_t index = m_plan.mix.pick(n);
    if (m_in_flight >= m_plan.thread_cap(phase)) {
        tally(phase, index, intended, [](RequestCounts& c) { ++c.dropped; });
        ++m_live_dropped;
        return Outcome::dropped;
    }
    std::uint32_t tag = 0;
    if (!m_free.empty()) {
        tag = m_free.back();
        m_free.pop_back();
    } else {
        tag = static_cast<std::uint32_t>(m_slots.size());
        m_slots.emplace_back();
    }
    InFlight& slot = m_slots[tag];
    slot = {index, phase, vu, intended, m_clock.now()};
    tally(phase, index, slot.sent, [](RequestCounts& c) { ++c.sent; });
    ++m_live_sent;
    if (!m_transport.send(index, n, tag)) {
        // Counted where the user sees failures (errors: other), never left "in flight": a
        // request the transport did not take would otherwise be waited for until the drain.
        tally(phase, index, slot.sent,
              [](RequestCounts& c) { ++c.errors[static_cast<std::size_t>(ErrorKind::other)]; });
        ++m_live_failed;
        m_free.push_back(tag);
        return Outcome::refused;
    }
    ++m_in_flight;
    return Outcome::in_flight;
}

void Worker::complete(const Completion& done, Clock::time_point now) {
    const InFlight slot = m_slots[done.tag];
    auto& stats = m_stats[slot.phase][slot.index];
    if (done.answer) {
        const auto cls = static_cast<std::size_t>(std::clamp(*done.answer / 100, 1u, 5u));
        tally(slot.phase, slot.index, now, [cls](RequestCounts& c) { ++c.status_class[cls]; });
        ++m_live_responses;
        if (cls == 5)
            ++m_live_failed;
    } else {
        const auto kind = static_cast<std::size_t>(done.answer.error());
        tally(slot.phase, slot.index, now, [kind](RequestCounts& c) { ++c.errors[kind]; });
        ++m_live_failed;
    }
    stats.latency.record(now - slot.intended);
    stats.service.record(now - slot.sent);
    m_series.latency(now, slot.phase, slot.index, now - slot.intended, now - slot.sent);
    m_live_window.record(now - slot.intended);
    --m_in_flight;
    m_free.push_back(done.tag);
    if (slot.vu >= 0 && static_cast<std::size_t>(slot.vu) < m_vus.size() &&
        m_vu_phase == slot.phase) {
        auto& vu = m_vus[static_cast<std::size_t>(slot.vu)];
        vu.busy = false;
        vu.ready = now + m_plan.phases[slot.phase].think;
    }
    // The freed slot goes to the user that has waited longest for one.
    if (!m_waiting.empty()) {
        auto& next = m_vus[m_waiting.front()];
        next.waiting = false;
        next.granted = true;
        next.ready = now;
        m_waiting.pop_front();
    }
}

Clock::time_point Worker::reap() {
    const auto now = m_transport.reap(m_done);
    for (const auto& done : m_done)
        complete(done, now);
    m_done.clear();
    return now;
}

void Worker::run_users(std::size_t phase, std::uint64_t total, Clock::time_point now) {
    // Users granted a freed slot first, then the rest in order.
    for (const bool granted_pass : {true, false}) {
        for (std::size_t v = 0; v < m_vus.size(); ++v) {
            auto& vu = m_vus[v];
            if (vu.granted != granted_pass || vu.busy || vu.waiting || vu.ready > now)
                continue;
            vu.granted = false;
            // Closed-model requests are numbered after the open model's, disjoint per segment
            // and thread, so each draws its own request from the mix.
            const Outcome sent =
                send(total + m_share.at(m_closed_sent++), phase, now, static_cast<int>(v));
            vu.busy = sent == Outcome::in_flight;
            if (sent == Outcome::dropped) {
                vu.waiting = true;
                m_waiting.push_back(v);
            } else if (sent == Outcome::refused) {
                // It failed at once and holds no slot: the user thinks and tries again, as it
                // does after any failed request (no answer would ever hand it a slot).
                vu.ready = now + m_plan.phases[phase].think;
            }
        }
    }
}

void Worker::start_closed_phase(std::size_t phase) {
    m_vus.assign(m_plan.thread_vus(phase, m_index),
                 VirtualUser{m_plan.phase_start(phase), false, false, false});
    m_waiting.clear();
    m_vu_phase = phase;
}

void Worker::step_users(std::uint64_t total, Clock::time_point now) {
    std::size_t current = m_plan.phases.size();
    for (std::size_t p = 0; p < m_plan.phases.size(); ++p) {
        if (now >= m_plan.phase_start(p) && now < m_plan.phase_end(p))
            current = p;
    }
    if (current < m_plan.phases.size() && !m_plan.phases[current].open()) {
        if (m_vu_phase != current)
            start_closed_phase(current);
        run_users(current, total, now);
    } else if (m_vu_phase != SIZE_MAX && current != m_vu_phase) {
        m_vus.clear();  // the closed phase ended: its users stop (in-flight ones finish)
        m_waiting.clear();
        m_vu_phase = SIZE_MAX;
    }
}

void Worker::skip_late(std::uint64_t total, Clock::time_point began) {
    for (; m_next < total; m_next += m_share.step) {
        const Arrival a = m_plan.schedule.at(m_next);
        if (m_plan.start + a.at >= began)
            break;
        tally(a.phase, m_plan.mix.pick(m_next), began, [](RequestCounts& c) {
            ++c.dropped;
            ++c.late;
        });
        ++m_live_dropped;
    }
}

void Worker::publish(bool force) {
    LiveStats* live = m_controls.live;
    const auto now = m_clock.now();
    if (live == nullptr || (!force && now - m_last_publish < std::chrono::milliseconds(250)))
        return;
    m_last_publish = now;
    live->sent += std::exchange(m_live_sent, 0);
    live->responses += std::exchange(m_live_responses, 0);
    live->failed += std::exchange(m_live_failed, 0);
    live->dropped += std::exchange(m_live_dropped, 0);
    std::lock_guard lock(live->mutex);
    live->latency.merge(m_live_window);
    m_live_window = LatencyHistogram{};
    if (live->by_thread.size() < m_plan.threads)
        live->by_thread.resize(m_plan.threads);
    live->by_thread[m_index] = m_stats;
}

void Worker::wait(Clock::time_point now, Clock::time_point run_end, std::uint64_t total,
                  std::optional<Clock::time_point> stop_deadline) {
    // Wait for the next arrival or user wake-up. A millisecond or more away: the transport's
    // wait (it counts whole milliseconds) wakes on socket activity too. Closer than that, with
    // requests in flight: sleep (at most k_batch). Waiting on the sockets there returned on
    // every single response, so at high rates each request paid its own wait and pass and 30k/s
    // dropped 2.8% with p99 12 ms; sleeping lets responses and due sends gather and be handled
    // in one pass (0.2% dropped, p99 0.4 ms). With nothing in flight there is nothing to batch,
    // so it looks without waiting and sends exactly on time. (bench/engine.sh measures both.)
    // Once nothing more is sent (the schedule ended, or stopping) only answers are awaited:
    // the transport's wait, never a spin.
    constexpr auto k_batch = std::chrono::microseconds(50);
    Clock::time_point wake = now + std::chrono::milliseconds(50);
    if (stop_deadline) {
        wake = std::min(wake, *stop_deadline);
    } else {
        if (now < run_end)
            wake = std::min(wake, run_end);
        if (m_next < total)
            wake = std::min(wake, m_plan.start + m_plan.schedule.at(m_next).at);
        for (const auto& vu : m_vus) {
            if (!vu.busy && !vu.waiting)
                wake = std::min(wake, vu.ready);
        }
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now);
    if (ms.count() >= 1)
        m_transport.wait(ms);
    else if (wake > now && m_in_flight > 0)
        m_clock.sleep_until(std::min(wake, now + k_batch));
    else
        m_transport.wait(std::chrono::milliseconds(0));
}

void Worker::run() {
    // Late is being ready after --start-at, not waking a little after it: a worker that was
    // waiting for the start sends everything (its wake-up delay shows as latency).
    const auto ready = m_clock.now();
    m_clock.sleep_until(m_plan.start);
    const auto run_end = m_plan.start + m_plan.schedule.end();
    const std::uint64_t total = m_plan.schedule.total();
    if (m_plan.start_at && ready > m_plan.start)
        skip_late(total, ready);
    std::optional<Clock::time_point> stop_deadline;
    for (;;) {
        auto now = m_clock.now();
        const bool stopping = m_controls.stopping();
        if (stopping && !stop_deadline)
            stop_deadline = now + m_plan.drain_after_stop;
        if (!stopping) {
            // At most k_burst arrivals a pass, so the stop flag and the responses are looked
            // at even when far more are due at once (a thread that fell behind).
            constexpr int k_burst = 4096;
            for (int burst = 0; m_next < total && burst < k_burst; ++burst) {
                const Arrival a = m_plan.schedule.at(m_next);
                const auto due = m_plan.start + a.at;
                if (due > now)
                    break;
                // At the cap after a stall (the thread did not run for some ms), answers may
                // be waiting in the sockets: take them before calling this arrival dropped.
                if (m_in_flight >= m_plan.thread_cap(a.phase))
                    reap();
                send(m_next, a.phase, due, -1);
                m_next += m_share.step;
            }
            step_users(total, now);
        }
        now = reap();
        publish(false);
        if (stopping && (m_in_flight == 0 || now >= *stop_deadline))
            break;
        if (!stopping && m_next >= total && now >= run_end && m_in_flight == 0)
            break;
        wait(now, run_end, total, stop_deadline);
    }
    m_abandoned = m_transport.abandon();
    m_series.flush();
    publish(true);
}

}  // namespace load
