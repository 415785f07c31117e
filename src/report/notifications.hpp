#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "verify/collector.hpp"

namespace report {

/// The first firing notification in `all` that a person reads (a webhook's only when nothing
/// else came); null when none came.
const verify::CapturedNotification* first_firing(
    const std::vector<verify::CapturedNotification>& all);

/// `line` with every control character but tab as '?': none reaches a terminal or JUnit's XML.
std::string printable(std::string line);

/// A notification as a person would glance at it: a heading ("oncall slack[0] +16.7s firing")
/// then up to `max_lines` lines of what it says, headline first ("title: [FIRING:1]
/// HighErrorRate"), then its text, then the rest but addressing, links, colour and HTML; each
/// field's value on its own lines, long lines cut at 160 characters.
std::vector<std::string> notification_lines(const verify::CapturedNotification& n,
                                            std::size_t max_lines);

}  // namespace report
