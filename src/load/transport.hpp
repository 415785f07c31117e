#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/request_counts.hpp"
#include "util/error.hpp"

namespace net {
struct Endpoint;
}

namespace load {

class RequestMix;

using Clock = std::chrono::steady_clock;

/// What became of one request: its HTTP status code, or why no response came.
using Answer = std::expected<unsigned, ErrorKind>;

/// A request finished: the tag the worker gave it in Transport::send, and its answer.
struct Completion {
    std::uint32_t tag = 0;
    Answer answer;
};

/// One worker's connections to the target. Abstract so the scheduling runs on a fake in tests
/// and libcurl and the lean HTTP/1.1 path sit behind one seam (wrk's `struct sock`, src/net.h).
/// Used by one thread only.
///
/// Contract: every request send() started comes back exactly once, from reap() or counted by
/// abandon(). The scenario's timeout is the transport's (the whole request; connecting at most
/// 5 s of it): a request that outlives it comes back as ErrorKind::timeout. Failures are
/// answers (connect, timeout, reset, other), never exceptions.
class Transport {
  public:
    virtual ~Transport() = default;
    /// Starts request `index` of the mix for arrival `n` (rendered from n if templated).
    /// False: it was not started (no handle or socket could be had); the caller counts it as
    /// sent and failed (`other`), and no Completion comes for it.
    virtual bool send(std::size_t index, std::uint64_t n, std::uint32_t tag) = 0;
    /// Moves every request on without waiting and appends the finished ones to `done`.
    /// Returns the time read once after the sockets were handled: it stamps every completion.
    virtual Clock::time_point reap(std::vector<Completion>& done) = 0;
    /// Blocks until socket activity or `at_most` (whole milliseconds, 0: just looks).
    virtual void wait(std::chrono::milliseconds at_most) = 0;
    /// The drain ran out: gives up every request still out; returns how many.
    virtual std::size_t abandon() = 0;
};

/// `--transport`: which client sends the traffic.
enum class TransportChoice { automatic, curl, http1 };
/// Which one does.
enum class TransportKind { curl, http1 };
/// "curl" or "http1": what reports and the page print.
std::string_view name_of(TransportKind kind);

/// What every transport of a run needs: the target, the run's requests and the timeout.
/// The references outlive the factory (the engine's plan holds them).
struct TransportSetup {
    const net::Endpoint& target;
    const RequestMix& mix;
    std::chrono::milliseconds timeout;  ///< the scenario's: a whole request
};

/// A run's requests prepared once (libcurl: parsed URLs, header lists; HTTP/1.1: the resolved
/// address and each static request's bytes), read-only and shared by the workers' transports.
class TransportFactory {
  public:
    virtual ~TransportFactory() = default;
    virtual TransportKind kind() const = 0;
    /// One worker's transport, for at most `connections` requests out at once.
    virtual util::Result<std::unique_ptr<Transport>> make(unsigned connections) const = 0;
};

/// Why the lean HTTP/1.1 path cannot send this run, or nullopt when it can: the target is not
/// plain http:// (https), it goes through a proxy, or a request's URL leaves the target's
/// origin.
std::optional<std::string> http1_refusal(const TransportSetup& setup);

/// The factory for `choice`: automatic takes HTTP/1.1 unless http1_refusal says why not, then
/// libcurl. An explicit http1 that is refused is a usage error (exit 2) naming why.
util::Result<std::unique_ptr<TransportFactory>> make_transport_factory(TransportChoice choice,
                                                                       const TransportSetup& setup);

}  // namespace load
