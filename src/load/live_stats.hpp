#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "load/latency_histogram.hpp"
#include "load/run_result.hpp"

namespace load {

/// Counters the engine threads publish while they run, for the progress line and
/// --metrics-listen. Atomics for counts; the latency histogram is merged in under the mutex a
/// few times a second, never per request.
struct LiveStats {
    std::atomic<std::uint64_t> sent{0}, responses{0}, failed{0}, dropped{0};
    std::atomic<std::size_t> phase{0};
    std::mutex mutex;
    LatencyHistogram latency;  ///< guarded by mutex; everything so far
    /// Guarded by mutex: each thread's statistics [phase][request] as last published, for
    /// --metrics-listen. Copied a few times a second per thread, never per request.
    std::vector<std::vector<std::vector<RequestStats>>> by_thread;

    /// Sums by_thread into [phase][request]; takes the mutex.
    std::vector<std::vector<RequestStats>> snapshot();
};

/// What a running engine reads and writes besides its plan; every pointer may be null.
struct RunControls {
    const std::atomic<bool>* stop = nullptr;  ///< set (by Ctrl-C) to stop sending
    const std::atomic<bool>* halt = nullptr;  ///< set (--fail-fast, a failed action): not Ctrl-C
    LiveStats* live = nullptr;                ///< published to a few times a second

    bool stopping() const {
        return (stop != nullptr && stop->load()) || (halt != nullptr && halt->load());
    }
};

}  // namespace load
