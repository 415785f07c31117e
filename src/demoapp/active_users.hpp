#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace demoapp {

/// Distinct users seen within a sliding window (one minute for `active_users`).
/// Thread-safe. Memory is bounded: at most `capacity` users are remembered; beyond that new
/// users are not counted until old ones expire, so a flood of ids cannot grow the process.
class ActiveUsers {
  public:
    using Clock = std::chrono::steady_clock;

    explicit ActiveUsers(Clock::duration window = std::chrono::minutes(1),
                         std::size_t capacity = 100'000)
        : m_window(window), m_capacity(capacity) {}

    void seen(std::uint64_t user, Clock::time_point now);

    /// Users seen in (now - window, now]; forgets older ones.
    std::size_t count(Clock::time_point now);

  private:
    void expire(Clock::time_point now);

    std::mutex m_mutex;
    std::unordered_map<std::uint64_t, Clock::time_point> m_last_seen;
    Clock::duration m_window;
    std::size_t m_capacity;
};

}  // namespace demoapp
