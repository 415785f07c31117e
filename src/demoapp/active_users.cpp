#include "demoapp/active_users.hpp"

namespace demoapp {

void ActiveUsers::seen(std::uint64_t user, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    auto it = m_last_seen.find(user);
    if (it != m_last_seen.end()) {
        it->second = now;
        return;
    }
    if (m_last_seen.size() >= m_capacity) {
        expire(now);
        if (m_last_seen.size() >= m_capacity)
            return;
    }
    m_last_seen.emplace(user, now);
}

std::size_t ActiveUsers::count(Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    expire(now);
    return m_last_seen.size();
}

void ActiveUsers::expire(Clock::time_point now) {
    std::erase_if(m_last_seen, [&](const auto& entry) { return now - entry.second >= m_window; });
}

}  // namespace demoapp
