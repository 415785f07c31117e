#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "capture/attribution.hpp"
#include "util/error.hpp"

namespace capture {

struct ListenOptions {
    std::string http;  ///< HOST:PORT for webhooks and the redirected HTTP integrations
    std::string smtp;  ///< HOST:PORT for the redirected email integrations; empty: none
    /// The receivers whose integrations obsctl's rendering redirected to these listeners (the
    /// local stack): `/hooks/RECEIVER` is then obsctl's own webhook beside them, and lends its
    /// alerts to their notifications. None: a stack obsctl did not render, whose webhooks
    /// (`--webhook-listen`) are the user's own integrations.
    std::optional<std::set<std::string>> captured;
};

/// Where Alertmanager's notifications arrive: one HTTP listener (Beast, its own thread) for
/// obsctl's webhook and every redirected HTTP integration (`/capture/RECEIVER/KIND/INDEX`),
/// and a receive-only SMTP listener for email. Each notification is answered as its
/// integration expects, parsed into what a person reads, and tied to the alerts it carried.
class Listener {
  public:
    /// A bad or busy address is exit 2.
    static util::Result<std::unique_ptr<Listener>> start(const ListenOptions& options);
    ~Listener();

    /// What arrived since the last call and is decided (thread-safe).
    Caught take();
    std::uint16_t smtp_port() const;

    struct Impl;

  private:
    explicit Listener(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace capture
