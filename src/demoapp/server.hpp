#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "demoapp/access_log.hpp"
#include "demoapp/app.hpp"
#include "demoapp/config.hpp"

namespace demoapp {

struct Worker;

/// The HTTP/1.1 server: `config.threads` event loops, each with its own io_context. The first
/// loop owns the one acceptor and hands connections to the loops in turn; a connection stays on
/// its loop, so no state is shared between loops but the App's thread-safe metrics and user
/// tracker. The port is exclusively ours: a second server on it fails "Address already in use".
class Server {
  public:
    Server(const Config& config, const App& app, AccessLog& log);
    ~Server();

    /// Binds the acceptor. Returns an error sentence on failure (address in use...).
    std::optional<std::string> listen();

    /// "127.0.0.1:5002" as bound (the real port when 0 was asked for).
    std::string address() const;

    /// Runs all loops until a drain completes. Call once, after listen().
    void run();

    /// Thread-safe. Stops accepting, closes idle keep-alive connections, lets in-flight
    /// requests finish (their responses say Connection: close), and ends run() when none are
    /// left or `config.drain_timeout` has passed.
    void drain();

  private:
    const Config& m_config;
    const App& m_app;
    AccessLog& m_log;
    std::vector<std::unique_ptr<Worker>> m_workers;
};

}  // namespace demoapp
