#pragma once

// A clock moved by hand and a transport that answers from a script: the scheduling
// (load::Worker) runs on them with no sockets and no sleeping, in microseconds of real time.
#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "load/transport.hpp"
#include "load/worker.hpp"

namespace test_support {

class FakeClock final : public load::WorkerClock {
  public:
    load::Clock::time_point now() const override { return m_now; }
    void sleep_until(load::Clock::time_point t) override { m_now = std::max(m_now, t); }
    void advance_to(load::Clock::time_point t) { sleep_until(t); }

  private:
    load::Clock::time_point m_now{std::chrono::hours(1)};
};

class FakeTransport final : public load::Transport {
  public:
    struct Reply {
        std::chrono::nanoseconds after{std::chrono::milliseconds(1)};
        load::Answer answer{200u};
    };
    explicit FakeTransport(FakeClock& clock) : m_clock(clock) {}

    /// How request `index` for arrival `n` is answered; default: 200 after 1 ms.
    std::function<Reply(std::size_t index, std::uint64_t n)> script =
        [](std::size_t, std::uint64_t) { return Reply{}; };
    int refuse_every = 0;                ///< every k-th send() is refused (returns false)
    std::vector<std::uint64_t> numbers;  ///< every n sent, in order
    std::size_t most_out = 0;            ///< the most requests out at once

    bool send(std::size_t index, std::uint64_t n, std::uint32_t tag) override {
        if (refuse_every > 0 && ++m_sends % refuse_every == 0)
            return false;
        numbers.push_back(n);
        const Reply r = script(index, n);
        m_out.push_back({m_clock.now() + r.after, {tag, r.answer}});
        most_out = std::max(most_out, m_out.size());
        return true;
    }
    load::Clock::time_point reap(std::vector<load::Completion>& done) override {
        const auto now = m_clock.now();
        for (auto it = m_out.begin(); it != m_out.end();) {
            if (it->due <= now) {
                done.push_back(it->completion);
                it = m_out.erase(it);
            } else {
                ++it;
            }
        }
        return now;
    }
    void wait(std::chrono::milliseconds at_most) override {
        auto until = m_clock.now() + at_most;
        for (const auto& o : m_out)
            until = std::min(until, o.due);
        m_clock.advance_to(until);
    }
    std::size_t abandon() override { return std::exchange(m_out, {}).size(); }

  private:
    struct Out {
        load::Clock::time_point due;
        load::Completion completion;
    };
    FakeClock& m_clock;
    std::vector<Out> m_out;
    int m_sends = 0;
};

}  // namespace test_support
