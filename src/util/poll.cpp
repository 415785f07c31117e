#include "util/poll.hpp"

#include <algorithm>
#include <thread>

namespace util {

using Clock = std::chrono::steady_clock;

bool sleep_until(Clock::time_point deadline, const std::atomic<bool>* stop) {
    for (;;) {
        if (stop != nullptr && stop->load())
            return false;
        const auto now = Clock::now();
        if (now >= deadline)
            return true;
        std::this_thread::sleep_for(
            std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(100)));
    }
}

bool poll_until(Clock::time_point deadline, std::chrono::milliseconds interval,
                const std::atomic<bool>* stop, const std::function<bool()>& done) {
    for (;;) {
        if (stop != nullptr && stop->load())
            return false;
        if (done())
            return true;
        const auto now = Clock::now();
        if (now >= deadline)
            return false;
        if (!sleep_until(std::min(deadline, now + interval), stop))
            return false;
    }
}

}  // namespace util
