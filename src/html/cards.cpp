#include "html/cards.hpp"

#include "capture/attribution.hpp"
#include "html/svg.hpp"
#include "util/duration.hpp"

namespace html {
namespace {

/// A Slack colour as CSS: "danger", "warning", "good" or #RGB/#RRGGBB; anything else none.
std::string edge_colour(const capture::Notification& n) {
    const auto* colour = n.field("color");
    if (colour == nullptr)
        return {};
    if (*colour == "danger")
        return "#d64545";
    if (*colour == "warning")
        return "#f2a541";
    if (*colour == "good")
        return "#1b998b";
    const bool hex = (colour->size() == 4 || colour->size() == 7) && colour->front() == '#' &&
                     colour->find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
    return hex ? *colour : std::string();
}

std::string card(const verify::CapturedNotification& captured) {
    const auto& [at, n] = captured;
    const auto edge = edge_colour(n);
    std::string out =
        "<article class=\"card " + escape(n.status) + "\"" +
        (edge.empty() ? std::string() : " style=\"border-left-color:" + edge + "\"") +
        "><div class=\"card-head\"><b>" + escape(n.receiver) + "</b> " +
        escape(capture::integration_name(n)) + " &middot; +" + escape(util::human_duration(at)) +
        (n.status.empty() ? std::string() : " &middot; " + escape(n.status)) + "</div>";
    if (n.attribution == "ambiguous")
        out +=
            "<div class=\"note\">sent with other groups at once: obsctl cannot tell which "
            "message is this alert's</div>";
    if (!n.unreadable.empty())
        out += "<div class=\"note\">unreadable: " + escape(n.unreadable) + "</div>";
    out += "<dl>";
    for (const auto& f : n.fields) {
        if (f.name == "color")
            continue;
        // A webhook's JSON is for machines: folded, one click away.
        out += "<dt>" + escape(f.name) + "</dt><dd>" +
               (f.name == "body" ? "<details><summary>the JSON it sent</summary>" +
                                       escape(f.value) + "</details>"
                                 : escape(f.value)) +
               "</dd>";
    }
    return out + "</dl></article>";
}

}  // namespace

std::string notification_cards(const report::Document& report) {
    if (!report.verification)
        return "";
    std::string out;
    for (const auto& a : report.verification->alerts) {
        if (a.notifications.empty())
            continue;
        out += "<h3>" + escape(a.alert) + "</h3><div class=\"cards\">";
        for (const auto& n : a.notifications)
            out += card(n);
        out += "</div>";
    }
    if (out.empty())
        return "";
    return "<section class=\"notifications\"><h2>What the person on call read</h2>" + out +
           "</section>";
}

}  // namespace html
