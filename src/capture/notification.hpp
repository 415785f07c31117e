#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "promapi/json_util.hpp"

namespace capture {

/// One field a person reads in a notification, as the integration rendered it: a Slack
/// attachment's "title", "text", "pretext", "color", "fields[0].title"...; PagerDuty's
/// "summary", "severity", "source", "details.firing"...; an email's "subject", "text", "html";
/// a webhook's "body" (its JSON). Names are stable: checks and reports refer to them.
struct Field {
    std::string name;
    std::string value;
    bool operator==(const Field&) const = default;
};

/// One notification an Alertmanager integration sent to obsctl's capture listeners (HTTP or
/// SMTP), parsed into what its reader sees.
struct Notification {
    std::string receiver;     ///< the receiver it was sent for (from the capture URL or address)
    std::string integration;  ///< "slack", "email", "pagerduty", "webhook", "opsgenie", ...
    int index = 0;            ///< which of the receiver's integrations of that kind ([0], [1], ...)
    /// "firing" or "resolved" when the payload says (webhook status, PagerDuty event_action,
    /// OpsGenie's close, ...); empty when the integration's payload does not tell.
    std::string status;
    std::chrono::steady_clock::time_point at;
    std::vector<Field> fields;
    /// The alerts it carries when the payload says (a webhook's alerts); otherwise filled by
    /// attribution to the webhook obsctl adds beside the receiver's integrations.
    std::vector<promapi::Labels> alerts;
    /// How `alerts` was learnt: "payload", "webhook" (the post of obsctl's webhook beside it),
    /// "ambiguous" (several groups flushed at once and its text named none of them alone: it
    /// holds all of their alerts), "none" (no post came within the window).
    std::string attribution;
    /// The request or message as received (capped at 64 KiB), for the reports.
    std::string raw;
    /// Set when the payload could not be read as this integration's format: the notification
    /// still counts as delivered, its fields are empty and this says why.
    std::string unreadable;

    const std::string* field(const std::string& name) const {
        for (const auto& f : fields) {
            if (f.name == name)
                return &f.value;
        }
        return nullptr;
    }
};

/// What a capture URL path names: `/capture/<receiver, url-encoded>/<integration>/<index>` and
/// anything after it (OpsGenie appends "v2/alerts", VictorOps its keys, WeChat "message/send").
struct CapturePath {
    std::string receiver;
    std::string integration;
    int index = 0;
    std::string rest;  ///< what follows the index, without the query
};
/// None when `target` (a request target, query included) is not a capture path.
std::optional<CapturePath> parse_capture_path(const std::string& target);
/// The capture URL for one integration: http://127.0.0.1:PORT/capture/RECEIVER/INTEGRATION/INDEX
/// (the receiver url-encoded into one path segment), with a trailing '/' when `trailing_slash`
/// (integrations that append a path of their own).
std::string capture_url(std::uint16_t port, const std::string& receiver,
                        const std::string& integration, int index, bool trailing_slash = false);

}  // namespace capture
