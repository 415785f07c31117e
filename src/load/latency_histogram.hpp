#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "load/log_linear.hpp"

namespace load {

/// A log-linear latency histogram of fixed size (16 KiB) with at most 0.8% relative error.
///
/// Bucketing (the HdrHistogram idea with 7 significant bits): values are microseconds.
/// Values below 128 us get one bucket each (exact). A larger value v with highest set bit m
/// falls in a bucket of width 2^(m-6): each power-of-two range [2^m, 2^(m+1)) is split into 64
/// equal buckets. A bucket's width is then at most 1/64 of any value in it, so reporting the
/// bucket's midpoint is off by at most 1/128 = 0.78% of the true value. Values up to 2^36 us
/// (19 hours) are kept; larger ones are clamped. Not thread-safe: one per thread, merged after.
class LatencyHistogram {
  public:
    void record(std::chrono::nanoseconds latency);
    void record_micros(std::uint64_t micros);
    void merge(const LatencyHistogram& other);

    std::uint64_t count() const { return m_count; }
    /// The value below which `percent`% of recorded values fall (nearest rank), in seconds.
    /// 0 for an empty histogram. percent in [0, 100]; 100 gives the exact maximum.
    double percentile_seconds(double percent) const;
    double min_seconds() const;
    double max_seconds() const;
    double mean_seconds() const;
    double sum_seconds() const { return static_cast<double>(m_sum) / 1e6; }
    /// How many recorded values are at or below `seconds`, to the bucket's resolution
    /// (a bucket counts when its upper end is at or below the bound): for exporting to
    /// Prometheus histogram buckets.
    std::uint64_t count_at_or_below(double seconds) const;

    using Buckets = LogLinear<7>;
    static constexpr std::uint64_t k_linear = Buckets::k_linear;  // 128 exact buckets
    static constexpr std::size_t k_buckets = Buckets::k_buckets;

    /// The histogram as data, for reports that merge exactly: the non-empty buckets as
    /// (index, count) and the exact min, max and sum (microseconds); `from_parts` rebuilds it
    /// (nullopt when a bucket index or count is impossible).
    struct Parts {
        std::vector<std::pair<std::size_t, std::uint64_t>> buckets;
        std::uint64_t min = 0, max = 0;
        double sum = 0;
    };
    Parts parts() const;
    static std::optional<LatencyHistogram> from_parts(const Parts& parts);

    static std::size_t bucket_of(std::uint64_t micros);
    /// [low, high) in microseconds of a bucket.
    static std::pair<std::uint64_t, std::uint64_t> bucket_range(std::size_t index);

  private:
    std::array<std::uint64_t, k_buckets> m_counts{};
    std::uint64_t m_count = 0;
    std::uint64_t m_min = UINT64_MAX;
    std::uint64_t m_max = 0;
    long double m_sum = 0;
};

}  // namespace load
