#include "load/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace load {

ArrivalSchedule::ArrivalSchedule(std::vector<PhaseShape> phases) : m_phases(std::move(phases)) {
    m_first.push_back(0);
    m_start.push_back(Nanos{0});
    for (const auto& p : m_phases) {
        const double seconds = std::chrono::duration<double>(p.duration).count();
        // The small epsilon keeps 200/s x 10 s at 2000, not 1999, after floating error.
        const auto n = static_cast<std::uint64_t>(
            std::floor((p.rate_from + p.rate_to) / 2.0 * seconds + 1e-9));
        m_first.push_back(m_first.back() + n);
        m_start.push_back(m_start.back() + p.duration);
    }
}

Arrival ArrivalSchedule::at(std::uint64_t i) const {
    // The phase whose arrivals include i: the last one starting at or before i (a binary
    // search: a 1 MiB scenario can hold tens of thousands of phases). Empty phases share
    // their start with the next one; upper_bound skips past them.
    const auto after = std::upper_bound(m_first.begin(), m_first.end() - 1, i);
    const std::size_t phase = static_cast<std::size_t>(after - m_first.begin()) - 1;
    const auto& p = m_phases[phase];
    const double k = static_cast<double>(i - m_first[phase]);
    const double seconds = std::chrono::duration<double>(p.duration).count();
    const double a = (p.rate_to - p.rate_from) / seconds;
    double t = 0;
    if (std::abs(a) < 1e-12) {
        t = k / p.rate_from;
    } else {
        t = (std::sqrt(std::max(0.0, p.rate_from * p.rate_from + 2.0 * a * k)) - p.rate_from) / a;
    }
    const auto offset = Nanos{static_cast<std::int64_t>(t * 1e9)};
    return {m_start[phase] + std::min(offset, p.duration), phase};
}

std::uint64_t ArrivalSchedule::count_in_phase(std::size_t phase, Stride stride) const {
    return stride.count_below(m_first[phase + 1]) - stride.count_below(m_first[phase]);
}

std::uint64_t ArrivalSchedule::arrivals_before(Nanos t, Stride stride) const {
    // The first arrival at or after t, by binary search over at(): the scheduler's own times.
    std::uint64_t low = 0, high = total();
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (at(mid).at < t)
            low = mid + 1;
        else
            high = mid;
    }
    return stride.count_below(low);
}

}  // namespace load
