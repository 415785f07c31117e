#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "capture/notification.hpp"

namespace capture {

/// Reads one request an Alertmanager 0.25 integration sent to a capture URL into the
/// Notification a person would have received. Pure: no clock (`at` is the arrival), no I/O.
///
/// None when the request is not a notification of its own: WeChat's `GET .../gettoken` (the
/// token fetched before a message) and OpsGenie's `PUT .../message` and `.../description`
/// (the updates `update_alerts` sends after the create it follows).
///
/// Never throws. A body that is not the integration's format (or an integration obsctl does not
/// know) is still a Notification, delivered: `unreadable` says why and `fields` is empty.
/// `raw` is the body, capped at 64 KiB (the URL is left out: bot tokens and API keys ride in
/// it). `receiver`, `integration` and `index` come from `path`.
///
/// Field names per integration (the payload's own names, "details.K" for a map's entries):
/// - slack: channel, username, and the first attachment's title, title_link, pretext, text,
///   color, fallback, footer, fields[i].title, fields[i].value, actions[i].text, actions[i].url
/// - pagerduty (events v2): summary, severity, source, component, group, class, details.K,
///   client, client_url, links[i].href, links[i].text, images[i].src, images[i].alt,
///   images[i].href; status from event_action. Events v1 (service_key): description,
///   details.K, client, client_url; status from event_type.
/// - webhook: body (the JSON as sent); status and alerts from the payload (version 4)
/// - opsgenie: message, description, details.K, priority, tags (comma-joined), note, entity,
///   source, actions (comma-joined), responders[i] (its name, username or id); a POST to
///   ".../close" is "resolved" with only source
/// - victorops: every key of its flat object (message_type, entity_display_name,
///   state_message, monitoring_tool, custom fields...); RECOVERY is "resolved"
/// - wechat: text or markdown (the content), msgtype, touser, toparty, totag, agentid
/// - telegram: text, parse_mode (JSON or form body)
/// - discord: content, title, description, color (of the first embed; red is "firing", green
///   "resolved", as Alertmanager colours them)
/// - webex: markdown
/// - sns: message, subject, topic_arn, target_arn, phone_number (the Publish form)
/// Status is "firing"/"resolved" where the payload says, else empty.
std::optional<Notification> parse_http_notification(const CapturePath& path,
                                                    const std::string& method,
                                                    const std::string& target,
                                                    const std::string& body,
                                                    std::chrono::steady_clock::time_point at);

/// What a capture URL answers so that the integration's client counts the notification as
/// sent (and does not retry it).
struct HttpAnswer {
    unsigned status = 200;
    std::string content_type;  ///< empty with an empty body
    std::string body;
};

/// The answer each Alertmanager 0.25 notifier expects, from its response handling:
/// WeChat's gettoken a JSON access_token and its send `errcode`/`code` 0; Telegram (telebot v3)
/// `{"ok":true,"result":<a Message with its chat>}`; SNS (aws-sdk-go) a PublishResponse XML
/// with a MessageId; PagerDuty and OpsGenie 202 with their JSON; Discord 204; the rest 200.
/// Any other method or path of a known integration gets the same answer (2xx is all most
/// notifiers check).
HttpAnswer answer_http(const CapturePath& path, const std::string& method,
                       const std::string& target);

}  // namespace capture
