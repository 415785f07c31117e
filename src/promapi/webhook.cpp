#include "promapi/webhook.hpp"

#include <string_view>

#include "util/duration.hpp"

namespace promapi {

namespace {

/// Alertmanager writes the receiver's name into a notification's data as a regular expression
/// (template.go: `Receiver: regexp.QuoteMeta(recv)`): `team.db` arrives as `team\.db`,
/// `team-x (prod)` as `team-x \(prod\)`. QuoteMeta only puts a backslash before a character,
/// so dropping each one gives the name back.
std::string unquote_meta(std::string_view quoted) {
    std::string name;
    name.reserve(quoted.size());
    for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == '\\' && i + 1 < quoted.size())
            ++i;
        name += quoted[i];
    }
    return name;
}

}  // namespace

std::vector<Delivery> parse_webhook(const std::string& body, const std::string& path,
                                    std::chrono::steady_clock::time_point at) {
    std::vector<Delivery> out;
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return out;
    // A payload of another shape is dropped whole, never half-read.
    try {
        std::string receiver = unquote_meta(str_field(doc, "receiver", "payload"));
        if (receiver.empty())
            receiver = path.substr(path.rfind('/') + 1);
        const std::string status = str_field(doc, "status", "payload");
        const auto now = std::chrono::system_clock::now();
        for (const auto& alert : array_field(doc, "alerts", "payload")) {
            const std::string own = str_field(alert, "status", "payload.alerts[]");
            Delivery d{receiver,
                       own.empty() ? status : own,
                       to_labels(object_field(alert, "labels", "payload.alerts[]")),
                       at,
                       {}};
            if (d.status == "resolved") {
                // Taken back to the steady clock through the time since it ended, never later
                // than its arrival (clocks a little apart).
                if (auto ends = util::parse_rfc3339(str_field(alert, "endsAt", "payload.alerts[]")))
                    d.ended = at - std::max(now - *ends, std::chrono::system_clock::duration{0});
            }
            out.push_back(std::move(d));
        }
    } catch (const ShapeError&) {
        out.clear();
    }
    return out;
}

}  // namespace promapi
