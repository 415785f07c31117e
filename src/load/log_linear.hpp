#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace load {

/// Log-linear bucketing of microseconds (the HdrHistogram idea) with `SubBits` significant
/// bits: values below 2^SubBits get one bucket each (exact); a larger value with highest set
/// bit m falls in a bucket of width 2^(m - SubBits + 1), each power-of-two range being split
/// into 2^(SubBits-1) equal buckets. A bucket's midpoint is then off by at most 1/2^SubBits of
/// the true value. Values up to 2^(MaxBit+1) - 1 are kept; larger ones are clamped.
template <int SubBits, int MaxBit = 36>
struct LogLinear {
    static constexpr std::uint64_t k_linear = std::uint64_t{1} << SubBits;
    static constexpr std::size_t k_buckets = k_linear + (MaxBit - SubBits + 1) * (k_linear / 2);

    static std::size_t bucket_of(std::uint64_t v) {
        v = std::min<std::uint64_t>(v, (std::uint64_t{1} << (MaxBit + 1)) - 1);
        if (v < k_linear)
            return static_cast<std::size_t>(v);
        const int msb = 63 - std::countl_zero(v);  // >= SubBits
        const int shift = msb - (SubBits - 1);     // v >> shift is in [k_linear/2, k_linear)
        const std::uint64_t sub = (v >> shift) - k_linear / 2;
        return static_cast<std::size_t>(
            k_linear + static_cast<std::uint64_t>(shift - 1) * (k_linear / 2) + sub);
    }

    /// [low, high) in microseconds of a bucket.
    static std::pair<std::uint64_t, std::uint64_t> bucket_range(std::size_t index) {
        if (index < k_linear)
            return {index, index + 1};
        const std::size_t offset = index - k_linear;
        const int shift = static_cast<int>(offset / (k_linear / 2)) + 1;
        const std::uint64_t sub = offset % (k_linear / 2) + k_linear / 2;
        return {sub << shift, (sub + 1) << shift};
    }

    /// The value a bucket stands for: exact below k_linear, else its midpoint.
    static double representative(std::size_t index) {
        const auto [low, high] = bucket_range(index);
        return index < k_linear ? static_cast<double>(low)
                                : (static_cast<double>(low) + static_cast<double>(high)) / 2.0;
    }
};

}  // namespace load
