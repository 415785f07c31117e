#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "util/error.hpp"

namespace html {

/// The report (run, merged or verify JSON) as one self-contained HTML page: the verdict
/// first, then the traffic and each expected alert on one time axis (SVG drawn here: no
/// script, no network; a Content-Security-Policy forbids any load), the checks with their
/// reasons, the per-phase table, and the data behind the charts as embedded JSON. Throws on a
/// report of the wrong shape.
std::string render(const nlohmann::json& report);

/// render() of a report's text; a text that is not such a report is exit 2.
util::Result<std::string> render_text(const std::string& report_json,
                                      const std::string& where = "the report");

}  // namespace html
