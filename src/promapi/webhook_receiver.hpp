#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "promapi/json_util.hpp"
#include "util/error.hpp"

namespace promapi {

/// One alert in one notification Alertmanager posted to a webhook.
struct Delivery {
    std::string receiver;  ///< from the payload ("receiver"), else the URL's last path segment
    std::string status;    ///< the alert's own status: "firing" or "resolved"
    Labels labels;
    std::chrono::steady_clock::time_point at;
    /// A resolved alert's `endsAt` (when the ruler saw it end), on the steady clock of `at`:
    /// what its resolved notification is measured from. None when firing or unreadable.
    std::optional<std::chrono::steady_clock::time_point> ended;
};

/// The embedded webhook receiver (`--webhook-listen`): Alertmanager's webhook_configs post here,
/// so routing and delivery are checked from what actually arrived, not only from the API.
/// Runs its own Beast event loop on one thread; answers every POST with 200.
class WebhookReceiver {
  public:
    /// Listens on HOST:PORT. A bad or busy address is exit 2.
    static util::Result<std::unique_ptr<WebhookReceiver>> start(const std::string& listen);
    ~WebhookReceiver();

    /// Everything received since the last call (thread-safe).
    std::vector<Delivery> take();

    struct Impl;

  private:
    explicit WebhookReceiver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// Parses Alertmanager's webhook payload (version 4) into one Delivery per alert.
std::vector<Delivery> parse_webhook(const std::string& body, const std::string& path,
                                    std::chrono::steady_clock::time_point at);

}  // namespace promapi
