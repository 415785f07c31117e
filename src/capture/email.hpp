#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "capture/notification.hpp"

namespace capture {

/// The header Alertmanager's email_configs carry in obsctl's stack: which receiver's which
/// email integration sent the message ("<receiver, url-encoded>/email/<index>").
inline constexpr std::string_view k_capture_header = "X-Obsctl-Capture";

/// Reads one message as received by SMTP (RFC 5322, as Alertmanager 0.25's notify/email
/// writes it: encoded-word headers, multipart/alternative with quoted-printable text/plain
/// and text/html parts) into a Notification of integration "email": fields "subject", "from",
/// "to" (headers, encoded-words decoded), "text" and "html" (the first part of each type,
/// transfer encoding undone). Receiver and index come from the X-Obsctl-Capture header
/// (absent or malformed: receiver empty, index 0).
///
/// Pure and bounded: linear in the message, MIME nesting at most 8 deep, never throws. A
/// message whose header or MIME structure cannot be read is still a Notification (delivered):
/// `unreadable` says why and `fields` is empty. `raw` is the message capped at 64 KiB.
Notification parse_email(std::string_view message, std::chrono::steady_clock::time_point at);

}  // namespace capture
