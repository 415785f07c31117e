#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "promapi/json_util.hpp"
#include "util/error.hpp"

namespace promapi {

/// One alert in one notification Alertmanager posted to a webhook.
struct Delivery {
    std::string receiver;  ///< from the payload ("receiver", unquoted), else the URL's last segment
    std::string status;    ///< the alert's own status: "firing" or "resolved"
    Labels labels;
    std::chrono::steady_clock::time_point at;
    /// A resolved alert's `endsAt` (when the ruler saw it end), on the steady clock of `at`:
    /// what its resolved notification is measured from. None when firing or unreadable.
    std::optional<std::chrono::steady_clock::time_point> ended;
    /// The user's integration that carried it ("slack[0]", "email[1]", "webhook[0]"); empty for
    /// obsctl's own webhook (the only one when the integrations are not captured).
    std::string integration;
};

/// Parses Alertmanager's webhook payload (version 4) into one Delivery per alert.
std::vector<Delivery> parse_webhook(const std::string& body, const std::string& path,
                                    std::chrono::steady_clock::time_point at);

}  // namespace promapi
