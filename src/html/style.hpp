#pragma once

namespace html {

/// The page's whole stylesheet: readable on a laptop, printable (charts scale to the page).
inline constexpr const char* k_style = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;margin:0 auto;max-width:1000px;padding:16px 20px}
h1{font-size:22px;margin:0}h2{font-size:16px;margin:22px 0 8px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
.verdict{border-radius:6px;padding:12px 16px;border-left:8px solid}
.verdict.passed{background:#e3f9e5;border-color:#1b998b}.verdict.failed{background:#fde8e8;border-color:#d64545}
.verdict.inconclusive{background:#fff4de;border-color:#f2a541}.verdict p{margin:4px 0 0}
.failures{margin:8px 0 0;padding-left:20px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:12px 0}
.facts dt{color:#52606d}.facts dd{margin:0;font-family:ui-monospace,monospace;font-size:13px;word-break:break-all}
svg.chart{width:100%;height:auto;display:block;margin:6px 0 10px}
.chart-title{font-size:13px;font-weight:600;fill:#1f2933}.legend,.tick-label,.phase-name,.marker-label,.threshold-label,.state-label{font-size:11px;fill:#52606d}
.state-label{fill:#1f2933}
.grid{stroke:#e4e7eb;stroke-width:1}.tick{stroke:#9aa5b1}
.line{fill:none;stroke-width:1.6;stroke-linejoin:round}
.threshold{stroke:#d64545;stroke-width:1.2;stroke-dasharray:6 4}.threshold-label{fill:#d64545}
.marker{stroke:#1f2933;stroke-width:1.2;stroke-dasharray:3 3}
.action-line{stroke:#3e4c59;stroke-width:1.4;stroke-dasharray:1 2}.action-label{font-size:11px;fill:#3e4c59}
.action.failed .action-line{stroke:#d64545;stroke-dasharray:none}.action.failed .action-label{fill:#d64545;font-weight:600}
.action-row .v{font-weight:600;color:#1b998b}.action-row.failed .v{color:#d64545}
.actions pre{margin:4px 0 0;font-size:12px;font-weight:400;color:#1f2933;white-space:pre-wrap;word-break:break-word;max-height:16em;overflow:auto}
.state-inactive{fill:#e4e7eb}.state-pending{fill:#f7d070}.state-firing{fill:#e66a6a}
.state-in_alertmanager{fill:#c38be0}.state-delivered{fill:#9b6bd6}.state-resolved{fill:#8ed1b5}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
.summary td:not(:first-child),.summary th:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
.phase-row th{background:#f5f7fa;text-align:left!important}
.check .v{font-weight:600}.check.PASS .v{color:#1b998b}.check.FAIL .v{color:#d64545}.check.INCONCLUSIVE .v{color:#b7791f}.check.SKIP .v{color:#7b8794}
.why{color:#52606d;font-size:12px}.note{color:#52606d;font-size:12px}
h3{font-size:14px;margin:14px 0 6px}.cards{display:grid;gap:8px}
.card{border:1px solid #d9e2ec;border-left:6px solid #9b6bd6;border-radius:4px;padding:8px 12px;background:#fbfcfd}
.card.resolved{border-left-color:#8ed1b5}.card-head{font-size:13px;color:#52606d;margin-bottom:4px}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}.card dt{color:#7b8794;font-size:12px}
.card dd{margin:0;white-space:pre-wrap;word-break:break-word}
footer{margin-top:24px;color:#7b8794;font-size:12px}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}svg.chart{break-inside:avoid}}
)css";

}  // namespace html
