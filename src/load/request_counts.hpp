#pragma once

#include <array>
#include <cstdint>

namespace load {

/// Why a request got no HTTP response. Counted, never thrown.
enum class ErrorKind { connect, timeout, reset, other };
inline constexpr std::array<const char*, 4> k_error_names{"connect", "timeout", "reset", "other"};

/// How many requests of one name went which way: mergeable by adding.
struct RequestCounts {
    std::uint64_t sent = 0;
    std::uint64_t dropped = 0;  ///< due while max_in_flight was reached: never sent, never delayed
    std::uint64_t late = 0;     ///< of `dropped`: already due when a late --start-at worker began
    std::array<std::uint64_t, 6> status_class{};  ///< [1..5] = 1xx..5xx responses
    std::array<std::uint64_t, 4> errors{};        ///< by ErrorKind

    std::uint64_t responses() const;
    std::uint64_t transport_errors() const;
    /// Requests that failed: no response, or a 5xx. (4xx are answers the client asked for.)
    std::uint64_t failed() const { return transport_errors() + status_class[5]; }
    void add(const RequestCounts& other);
};

}  // namespace load
