#pragma once

#include <chrono>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "capture/notification.hpp"
#include "promapi/webhook.hpp"

namespace capture {

/// What the listeners caught, ready for the verifier: the per-alert deliveries that count
/// (what "delivered" means) and the notifications a person would have read.
struct Caught {
    std::vector<promapi::Delivery> deliveries;
    std::vector<Notification> notifications;
};

/// Which alerts each captured notification carried. A Slack message or an email does not say;
/// obsctl's own webhook, which the local stack adds beside every receiver's integrations, does,
/// and Alertmanager notifies all of a receiver's integrations in the same flush of a group. So a
/// notification takes the alerts of the webhook post of its receiver that arrived within
/// `k_window` of it: when several groups flushed at once, the one whose alert names its text
/// mentions; when that does not tell either, all of them, marked ambiguous.
///
/// For a receiver in `captured` (its integrations are redirected to obsctl), the webhook posts
/// only lend their alerts: the captured notifications are the deliveries. For any other receiver
/// (integrations replaced, or a stack obsctl did not render) the webhook posts are the
/// deliveries, as before.
class Attributor {
  public:
    static constexpr std::chrono::milliseconds k_window{2000};

    explicit Attributor(std::set<std::string> captured = {}) : m_captured(std::move(captured)) {}

    /// One post to obsctl's webhook (`/hooks/RECEIVER`): one Delivery per alert it carried.
    /// `lend_only`: it only lends its alerts to notifications (it is counted as a notification
    /// of its own, the user's webhook on a stack obsctl did not render).
    void add_webhook(std::vector<promapi::Delivery> post, std::chrono::steady_clock::time_point at,
                     bool lend_only = false);
    /// A captured notification; `carried`: the alerts its own payload named (a webhook's), with
    /// when each ended, used as they are.
    void add_notification(Notification n, std::vector<promapi::Delivery> carried = {});

    /// What is decided by `now`: a notification waits up to k_window for its webhook post.
    Caught take(std::chrono::steady_clock::time_point now);

  private:
    struct Post {
        std::string receiver;
        std::chrono::steady_clock::time_point at;
        std::vector<promapi::Delivery> alerts;
        bool handed = false;  ///< given out as deliveries (receivers not captured), or lend-only
    };
    void attribute(Notification& n, std::vector<promapi::Delivery>& carried, Caught& out) const;

    std::set<std::string> m_captured;
    std::deque<Post> m_posts;  ///< kept 2 x k_window for notifications that arrive after them
    std::vector<std::pair<Notification, std::vector<promapi::Delivery>>> m_waiting;
};

/// "slack[0]": the integration as Alertmanager names it in its logs.
std::string integration_name(const Notification& n);

}  // namespace capture
