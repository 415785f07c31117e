#include "capture/attribution.hpp"

#include <algorithm>
#include <cctype>

namespace capture {

namespace {

using Clock = std::chrono::steady_clock;

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

/// Whether `word` (an alert name) stands in one of `n`'s fields as a whole word: HighErrorRate
/// is not in "HighErrorRateBudget".
bool mentions(const Notification& n, const std::string& word) {
    if (word.empty())
        return false;
    return std::any_of(n.fields.begin(), n.fields.end(), [&](const Field& f) {
        for (auto at = f.value.find(word); at != std::string::npos;
             at = f.value.find(word, at + 1)) {
            const auto end = at + word.size();
            if ((at == 0 || !word_char(f.value[at - 1])) &&
                (end == f.value.size() || !word_char(f.value[end])))
                return true;
        }
        return false;
    });
}

/// A group's status as Alertmanager gives it: resolved only when every alert is.
bool all_resolved(const std::vector<promapi::Delivery>& post) {
    return std::all_of(post.begin(), post.end(),
                       [](const promapi::Delivery& d) { return d.status == "resolved"; });
}

}  // namespace

std::string integration_name(const Notification& n) {
    return n.integration + "[" + std::to_string(n.index) + "]";
}

void Attributor::add_webhook(std::vector<promapi::Delivery> post, Clock::time_point at,
                             bool lend_only) {
    if (post.empty())
        return;
    m_posts.push_back({post.front().receiver, at, std::move(post), lend_only});
}

void Attributor::add_notification(Notification n, std::vector<promapi::Delivery> carried) {
    m_waiting.emplace_back(std::move(n), std::move(carried));
}

void Attributor::attribute(Notification& n, std::vector<promapi::Delivery>& carried,
                           Caught& out) const {
    if (!carried.empty()) {
        n.attribution = "payload";
        n.alerts.clear();
        for (auto& d : carried) {
            n.alerts.push_back(d.labels);
            d.receiver = n.receiver;
            d.integration = integration_name(n);
            out.deliveries.push_back(std::move(d));
        }
    } else if (n.alerts.empty()) {
        std::vector<const Post*> near;
        for (const auto& p : m_posts) {
            const auto gap = p.at > n.at ? p.at - n.at : n.at - p.at;
            if (p.receiver == n.receiver && gap <= k_window)
                near.push_back(&p);
        }
        if (near.size() > 1) {
            // Several groups of this receiver flushed together: the one its text names.
            std::vector<const Post*> named;
            for (const auto* p : near) {
                if (std::any_of(p->alerts.begin(), p->alerts.end(), [&](const auto& d) {
                        return mentions(n, promapi::alert_name(d.labels));
                    }))
                    named.push_back(p);
            }
            if (named.size() == 1)
                near = named;
        }
        n.attribution = near.empty() ? "none" : near.size() == 1 ? "webhook" : "ambiguous";
        for (const auto* p : near) {
            const bool resolved = all_resolved(p->alerts);
            if (n.status.empty())
                n.status = resolved ? "resolved" : "firing";
            for (auto d : p->alerts) {
                // A message of a group still firing tells nobody that one of its alerts
                // resolved (Slack and email leave resolved alerts out by default).
                if (d.status == "resolved" && !resolved)
                    continue;
                n.alerts.push_back(d.labels);
                d.at = n.at;
                d.integration = integration_name(n);
                out.deliveries.push_back(std::move(d));
            }
        }
    } else {
        n.attribution = "payload";
        for (const auto& labels : n.alerts) {
            promapi::Delivery d{n.receiver, n.status, labels, n.at, {}, integration_name(n)};
            out.deliveries.push_back(std::move(d));
        }
    }
}

Caught Attributor::take(Clock::time_point now) {
    Caught out;
    // Posts of receivers whose integrations are not captured are the deliveries themselves.
    for (auto& p : m_posts) {
        if (!m_captured.count(p.receiver) && !p.handed) {
            out.deliveries.insert(out.deliveries.end(), p.alerts.begin(), p.alerts.end());
            p.handed = true;  // once; the post stays for attribution
        }
    }
    decltype(m_waiting) still;
    for (auto& [n, carried] : m_waiting) {
        // A flush notifies every integration at once: half a second after a post of its
        // receiver came, whatever else came with it has come too.
        const bool decided = !n.alerts.empty() || !carried.empty() || now - n.at >= k_window ||
                             (now - n.at >= k_window / 4 &&
                              std::any_of(m_posts.begin(), m_posts.end(), [&](const Post& p) {
                                  return p.receiver == n.receiver && p.at - n.at <= k_window / 4 &&
                                         n.at - p.at <= k_window;
                              }));
        if (!decided) {
            still.emplace_back(std::move(n), std::move(carried));
            continue;
        }
        attribute(n, carried, out);
        out.notifications.push_back(std::move(n));
    }
    m_waiting = std::move(still);
    while (!m_posts.empty() && now - m_posts.front().at > 2 * k_window)
        m_posts.pop_front();
    std::sort(out.deliveries.begin(), out.deliveries.end(),
              [](const auto& a, const auto& b) { return a.at < b.at; });
    return out;
}

}  // namespace capture
