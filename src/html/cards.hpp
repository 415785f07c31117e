#pragma once

#include <string>

#include "report/document.hpp"

namespace html {

/// "What the person on call read": per expected alert, one message card per captured
/// notification (receiver, integration, time from traffic start, firing or resolved, then each
/// field as the integration rendered it; a Slack attachment's colour as the card's edge).
/// Empty when nothing was captured.
std::string notification_cards(const report::Document& report);

}  // namespace html
