#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "load/stride.hpp"

namespace load {

using Nanos = std::chrono::nanoseconds;

/// One phase as the scheduler sees it: how long, and the arrival rate at its start and end
/// (requests per second, linear in between). A closed-model phase has rates 0: it takes time
/// but has no scheduled arrivals.
struct PhaseShape {
    Nanos duration{0};
    double rate_from = 0;
    double rate_to = 0;
};

struct Arrival {
    Nanos at{0};  ///< intended send time from the run's start
    std::size_t phase = 0;
};

/// The open model's exact arrival times, computed from the phases rather than from
/// "sleep 1/rate" (which drifts and hides coordinated omission).
///
/// A phase of duration D with rate r(t) = r0 + (r1 - r0) t / D expects A(t) = r0 t + a t^2 / 2
/// arrivals by time t (a = (r1 - r0) / D). It gets floor(A(D)) = floor((r0 + r1) / 2 * D)
/// arrivals, the k-th (from 0) at the t where A(t) = k: t = k / r0 when a = 0, else the root
/// t = (sqrt(r0^2 + 2 a k) - r0) / a. So sends are spread evenly at any rate, and a constant
/// 200/s for 10 s is exactly 2000 requests.
class ArrivalSchedule {
  public:
    explicit ArrivalSchedule(std::vector<PhaseShape> phases);

    std::uint64_t total() const { return m_first.back(); }
    std::uint64_t count_in_phase(std::size_t phase) const {
        return m_first[phase + 1] - m_first[phase];
    }
    /// Of a phase's arrivals, those a sender with `stride` takes (a segment's share).
    std::uint64_t count_in_phase(std::size_t phase, Stride stride) const;
    /// Of the arrivals due before t, those a sender with `stride` takes.
    std::uint64_t arrivals_before(Nanos t, Stride stride = {}) const;
    Nanos phase_start(std::size_t phase) const { return m_start[phase]; }
    Nanos end() const { return m_start.back(); }

    /// Arrival i (0 <= i < total()).
    Arrival at(std::uint64_t i) const;

  private:
    std::vector<PhaseShape> m_phases;
    std::vector<std::uint64_t> m_first;  ///< index of each phase's first arrival; last = total
    std::vector<Nanos> m_start;          ///< each phase's start; last = end of the run
};

}  // namespace load
