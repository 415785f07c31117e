#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/log_linear.hpp"
#include "load/request_counts.hpp"

namespace load {

/// One second's latencies of one phase and request: log-linear with 5 significant bits, so a
/// percentile is off by at most 1/32 (3.1%) of the true value (the whole-phase histogram keeps
/// 7 bits, 0.8%); the maximum is exact. Sparse and packed: only the buckets that were hit, each
/// as two varints (index step, count), about 3 bytes, so an hour of seconds costs what the
/// latencies spread over, not 544 buckets a second.
class SecondHistogram {
  public:
    using Buckets = LogLinear<5>;
    using Dense = std::array<std::uint32_t, Buckets::k_buckets>;

    static SecondHistogram from_dense(const Dense& counts, std::uint64_t max_micros);
    void merge(const SecondHistogram& other);

    std::uint64_t count() const { return m_count; }
    std::uint64_t max_micros() const { return m_max; }
    std::size_t bucket_count() const { return m_buckets; }
    /// Nearest rank, as LatencyHistogram::percentile_seconds; 100 gives the exact maximum.
    double percentile_seconds(double percent) const;
    /// Calls f(index, count) for each bucket hit, in index order.
    template <class F>
    void for_each(F f) const {
        std::size_t at = 0;
        std::uint32_t index = 0;
        for (std::size_t b = 0; b < m_buckets; ++b) {
            index += varint(at);  // the first step is index + 1 (from "-1")
            f(index - 1, varint(at));
        }
    }

    /// The packed buckets in base64 (compact in a report), and back: nullopt for anything but
    /// what encode writes (an impossible index, a zero count, a maximum below a bucket hit).
    std::string encode() const;
    static std::optional<SecondHistogram> decode(std::string_view text, std::uint64_t max_micros);

  private:
    void append(std::uint32_t index, std::uint32_t count);
    std::uint32_t varint(std::size_t& at) const;

    std::string m_bytes;       ///< (index - previous index, count) as LEB128 varints
    std::uint32_t m_last = 0;  ///< last index + 1
    std::uint32_t m_buckets = 0;
    std::uint64_t m_count = 0;
    std::uint64_t m_max = 0;
};

/// What happened in one second to the requests of one name in one phase. Sent and dropped
/// count when the request was sent (or due); answers, failures and latencies when it ended.
struct SeriesCell {
    std::uint32_t phase = 0, request = 0;
    RequestCounts counts;
    SecondHistogram latency;  ///< from the intended send time
    SecondHistogram service;  ///< from the actual send time
    void merge(const SeriesCell& other);
};

/// A run per second: seconds[s] holds a cell for each (phase, request) that had something in
/// second s from traffic start. Memory grows with the run's seconds, not its requests.
struct Series {
    std::vector<std::vector<SeriesCell>> seconds;
    /// Open-model arrivals the schedule had due in each second (this segment's share): the
    /// target the achieved rate is drawn against.
    std::vector<std::uint64_t> scheduled;
    /// Adds a cell at `second` (merging with the one of the same phase and request).
    void add(std::size_t second, SeriesCell cell);
    /// Adds every cell of `other`, `offset` seconds later (segments that started apart).
    void merge(const Series& other, std::size_t offset = 0);
    RequestCounts total() const;
};

/// Where the workers hand their finished seconds: one Series for the run.
struct SeriesSink {
    std::mutex mutex;
    Series series;  ///< guarded by mutex
};

/// One worker's recorder: the second being filled keeps dense counts (a few KiB per phase and
/// request in use); when an event of a later second comes, it is sealed (sparse) into the
/// sink. Times before the open second count in it: a worker's seconds only move forward.
class SeriesRecorder {
  public:
    using Clock = std::chrono::steady_clock;
    SeriesRecorder(Clock::time_point start, SeriesSink& sink) : m_start(start), m_sink(sink) {}
    SeriesRecorder(const SeriesRecorder&) = delete;
    SeriesRecorder& operator=(const SeriesRecorder&) = delete;
    ~SeriesRecorder() { flush(); }

    RequestCounts& counts(Clock::time_point t, std::size_t phase, std::size_t request) {
        return open(t, phase, request).counts;
    }
    void latency(Clock::time_point t, std::size_t phase, std::size_t request,
                 std::chrono::nanoseconds latency, std::chrono::nanoseconds service);
    /// Seals the open second into the sink.
    void flush();

  private:
    struct Open {
        std::uint32_t phase = 0, request = 0;
        bool used = false;
        RequestCounts counts;
        SecondHistogram::Dense latency{}, service{};
        std::uint64_t latency_max = 0, service_max = 0;
    };
    Open& open(Clock::time_point t, std::size_t phase, std::size_t request);

    Clock::time_point m_start;
    SeriesSink& m_sink;
    std::size_t m_second = 0;
    std::vector<std::unique_ptr<Open>> m_open;  ///< reused from second to second
};

}  // namespace load
