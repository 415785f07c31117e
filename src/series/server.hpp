#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "series/publisher.hpp"
#include "util/error.hpp"

namespace prometheus {
class Exposer;
}  // namespace prometheus

namespace series {

/// `--series-listen HOST:PORT`: serves one Publisher on http://HOST:PORT/metrics with its own
/// prometheus-cpp Exposer, apart from obsctl's own metrics (--metrics-listen), so a user's
/// Prometheus scrapes the series as a job of their choosing (with `honor_labels: true`).
class Server {
  public:
    /// Port 0 picks a free one (see port()). A bad or busy address is exit 2.
    static util::Result<std::unique_ptr<Server>> start(const std::string& address,
                                                       std::shared_ptr<Publisher> publisher);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port it listens on.
    std::uint16_t port() const;

  private:
    Server() = default;
    std::shared_ptr<Publisher> m_publisher;
    std::unique_ptr<prometheus::Exposer> m_exposer;
};

}  // namespace series
