#pragma once

#include <cstdint>
#include <string>

namespace util {

/// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, close),
/// never the same one twice in a process, nor one another live process got from this function
/// (a lock file under $TMPDIR/obsctl-ports). A program that does not use it may still take the
/// port before the caller binds it; callers report that as "in use". Thread-safe.
std::uint16_t free_loopback_port();

/// Whether `port` on `host` can be bound right now (with SO_REUSEADDR, as Go's and Asio's
/// listeners set it, so sockets in TIME_WAIT do not count as in use).
bool port_available(const std::string& host, std::uint16_t port);

/// "127.0.0.1:PORT": where every part of the local stack listens.
inline std::string loopback(std::uint16_t port) {
    return "127.0.0.1:" + std::to_string(port);
}

}  // namespace util
