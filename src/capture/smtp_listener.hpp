#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/notification.hpp"
#include "capture/smtp_session.hpp"
#include "util/error.hpp"

namespace capture {

/// The receive-only SMTP listener Alertmanager's email_configs send to in obsctl's stack
/// (smarthost 127.0.0.1:PORT, no TLS, no AUTH). Each message becomes a Notification
/// (parse_email: integration "email", `at` its arrival on the steady clock).
///
/// Runs its own Asio event loop on one thread. Bounded whatever clients do: SmtpLimits per
/// connection, at most 32 connections at once (more are answered 421 and closed), a connection
/// that completes no line for `idle_timeout` (30 s) or lives 10 min is dropped, and at most 10,000
/// notifications wait for `take` (later ones are counted in `dropped`, not kept).
class SmtpListener {
  public:
    /// Listens on HOST:PORT (port 0: any free port, see `port`). A bad or busy address is an
    /// Error (exit 2).
    static util::Result<std::unique_ptr<SmtpListener>> start(const std::string& listen,
                                                             SmtpLimits limits = {});
    ~SmtpListener();
    SmtpListener(const SmtpListener&) = delete;
    SmtpListener& operator=(const SmtpListener&) = delete;

    /// The port it listens on.
    std::uint16_t port() const;
    /// Every notification received since the last call, in arrival order (thread-safe).
    std::vector<Notification> take();
    /// Notifications not kept because 10,000 were already waiting (thread-safe).
    std::size_t dropped() const;

    struct Impl;

  private:
    explicit SmtpListener(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace capture
