#include "load/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace load {

std::size_t LatencyHistogram::bucket_of(std::uint64_t v) {
    return Buckets::bucket_of(v);
}

std::pair<std::uint64_t, std::uint64_t> LatencyHistogram::bucket_range(std::size_t index) {
    return Buckets::bucket_range(index);
}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
    const auto ns = std::max<std::int64_t>(0, latency.count());
    record_micros(static_cast<std::uint64_t>((ns + 500) / 1000));
}

void LatencyHistogram::record_micros(std::uint64_t micros) {
    ++m_counts[bucket_of(micros)];
    ++m_count;
    m_min = std::min(m_min, micros);
    m_max = std::max(m_max, micros);
    m_sum += static_cast<long double>(micros);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < k_buckets; ++i)
        m_counts[i] += other.m_counts[i];
    m_count += other.m_count;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
    m_sum += other.m_sum;
}

double LatencyHistogram::percentile_seconds(double percent) const {
    if (m_count == 0)
        return 0;
    if (percent >= 100)
        return max_seconds();
    // Nearest rank: the smallest value with at least ceil(p% of n) values at or below it.
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(m_count))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < k_buckets; ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            // Midpoint of the bucket, kept inside what was actually observed.
            const double mid = Buckets::representative(i);
            return std::clamp(mid, static_cast<double>(m_min), static_cast<double>(m_max)) / 1e6;
        }
    }
    return max_seconds();
}

std::uint64_t LatencyHistogram::count_at_or_below(double seconds) const {
    const double micros = seconds * 1e6;
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < k_buckets; ++i) {
        if (static_cast<double>(bucket_range(i).second - 1) > micros)
            break;
        n += m_counts[i];
    }
    return n;
}

LatencyHistogram::Parts LatencyHistogram::parts() const {
    Parts p;
    for (std::size_t i = 0; i < k_buckets; ++i) {
        if (m_counts[i] != 0)
            p.buckets.emplace_back(i, m_counts[i]);
    }
    p.min = m_count == 0 ? 0 : m_min;
    p.max = m_max;
    p.sum = static_cast<double>(m_sum);
    return p;
}

std::optional<LatencyHistogram> LatencyHistogram::from_parts(const Parts& parts) {
    LatencyHistogram h;
    for (const auto& [index, count] : parts.buckets) {
        if (index >= k_buckets || count > UINT64_MAX - h.m_count)
            return std::nullopt;
        h.m_counts[index] += count;
        h.m_count += count;
    }
    if (h.m_count != 0) {
        if (parts.min > parts.max || !(parts.sum >= 0))
            return std::nullopt;
        h.m_min = parts.min;
        h.m_max = parts.max;
        h.m_sum = static_cast<long double>(parts.sum);
    }
    return h;
}

double LatencyHistogram::min_seconds() const {
    return m_count == 0 ? 0 : static_cast<double>(m_min) / 1e6;
}

double LatencyHistogram::max_seconds() const {
    return static_cast<double>(m_max) / 1e6;
}

double LatencyHistogram::mean_seconds() const {
    return m_count == 0 ? 0 : static_cast<double>(m_sum / static_cast<long double>(m_count)) / 1e6;
}

}  // namespace load
