#pragma once

#include <atomic>
#include <chrono>
#include <functional>

namespace util {

/// The one wait loop: calls `done` now and then every `interval` until it returns true,
/// `deadline` passes, or `*stop` is set (Ctrl-C), sleeping in slices of at most 100 ms so a
/// stop is seen within a tenth of a second. Returns whether `done` held. `stop` may be null.
bool poll_until(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds interval,
                const std::atomic<bool>* stop, const std::function<bool()>& done);

/// Sleeps until `deadline` or `*stop`; returns false when stopped.
bool sleep_until(std::chrono::steady_clock::time_point deadline, const std::atomic<bool>* stop);

}  // namespace util
