#pragma once

#include <cstdint>

namespace load {

/// The indices one sender takes: first, first + step, first + 2 step, ... Segment i of n
/// (`--segment i/n`) takes {i, n} of the open model's arrivals and of the closed model's users;
/// thread j of T inside it takes part(j, T) = {i + n j, n T}. The parts of a stride partition
/// it, so every arrival is sent once by exactly one thread of one segment, and nested shares
/// count the same as one: ceil((ceil((v - i) / n) - j) / T) = ceil((v - i - n j) / (n T)).
struct Stride {
    std::uint64_t first = 0;
    std::uint64_t step = 1;  ///< > first

    /// Part j of `parts` equal interleaved parts of this stride.
    Stride part(std::uint64_t j, std::uint64_t parts) const {
        return {first + step * j, step * parts};
    }
    /// Its k-th index.
    std::uint64_t at(std::uint64_t k) const { return first + step * k; }
    /// How many of 0 .. total - 1 it takes (vus / n, plus one for i < vus % n, for {i, n}).
    std::uint64_t count_below(std::uint64_t total) const {
        return total > first ? (total - first - 1) / step + 1 : 0;
    }
};

}  // namespace load
