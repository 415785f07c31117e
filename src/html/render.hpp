#pragma once

#include <string>

#include "report/document.hpp"
#include "util/error.hpp"

namespace html {

/// The report (the text of a run, merged or verify JSON report) as one self-contained HTML
/// page: the verdict first, then the traffic and each expected alert on one time axis (SVG
/// drawn here: no script, no network; a Content-Security-Policy forbids any load), the checks
/// with their reasons, the per-phase table, and the data behind the charts as embedded JSON.
/// A text that is not such a report is exit 2.
util::Result<std::string> render_text(const std::string& report_json,
                                      const std::string& where = "the report");
/// The page of a report already read.
std::string render_page(const report::Document& report);

}  // namespace html
