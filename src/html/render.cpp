#include "html/render.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include "html/model.hpp"
#include "html/style.hpp"
#include "html/svg.hpp"
#include "report/series_json.hpp"

namespace html {
namespace {

using nlohmann::json;

/// Per-second values drawn at the middle of their second.
std::vector<std::pair<double, double>> per_second(const Model& m, auto value) {
    std::vector<std::pair<double, double>> out;
    out.reserve(m.seconds.size());
    for (std::size_t s = 0; s < m.seconds.size(); ++s)
        out.emplace_back(static_cast<double>(s) + 0.5, value(m.seconds[s]));
    return out;
}

std::string header(const Model& m) {
    std::size_t failed = 0, total = 0;
    std::string failures;
    auto count = [&](const CheckView& c, const std::string& prefix) {
        ++total;
        if (c.verdict == "FAIL" || c.verdict == "INCONCLUSIVE") {
            ++failed;
            failures += "<li><b>" + escape(c.verdict) + "</b> " + escape(prefix + c.name) + ": " +
                        escape(c.detail) + "</li>";
        }
    };
    for (const auto& a : m.alerts) {
        for (const auto& c : a.checks)
            count(c, "");
    }
    for (const auto& c : m.checks)
        count(c, "");
    std::string cls = m.exit_code == 0 ? "passed" : (m.exit_code == 3 ? "inconclusive" : "failed");
    std::string out = "<header class=\"verdict " + cls + "\"><h1>" + escape(m.scenario) + ": " +
                      escape(m.verdict) + "</h1><p>exit code " + std::to_string(m.exit_code) +
                      " &middot; " + std::to_string(total - failed) + " of " +
                      std::to_string(total) + " checks passed</p>";
    if (!failures.empty())
        out += "<ul class=\"failures\">" + failures + "</ul>";
    out += "</header>";
    out += "<dl class=\"facts\"><dt>scenario</dt><dd>" + escape(m.scenario) +
           (m.file.empty() ? "" : " (" + escape(m.file) + ")") + "</dd><dt>started</dt><dd>" +
           escape(m.started) + "</dd><dt>traffic</dt><dd>" + format_value(m.elapsed, "s") + "</dd>";
    if (!m.target.empty())
        out += "<dt>target</dt><dd>" + escape(m.target) + "</dd>";
    for (const auto& [name, url] : m.stack)
        out += "<dt>" + escape(name) + "</dt><dd>" + escape(url) + "</dd>";
    out += "</dl>";
    return out;
}

std::string charts(const Model& m) {
    const TimeAxis axis{std::max(1.0, m.axis_end)};
    std::string out = "<section class=\"charts\"><h2>Traffic and alerts</h2>";
    if (!m.seconds.empty()) {
        Chart rate{"Rate (per second)", "/s", {}, {}, {}};
        bool open_model = false;
        for (const auto& s : m.seconds)
            open_model = open_model || s.scheduled > 0;
        rate.lines.push_back(
            {"sent", "#2f6fde", per_second(m, [](const Second& s) { return s.sent; })});
        rate.lines.push_back({"answered", "#1b998b", per_second(m, [](const Second& s) {
                                  double n = 0;
                                  for (double c : s.status)
                                      n += c;
                                  return n;
                              })});
        if (open_model)  // last, so its dashes show over a sent line that meets it
            rate.lines.push_back({"target", "#1f2933",
                                  per_second(m, [](const Second& s) { return s.scheduled; }),
                                  true});
        out += line_chart(axis, rate, m.phases);
        Chart answers{"Responses and failures (per second)", "/s", {}, {}, {}};
        const std::pair<const char*, const char*> classes[] = {
            {"2xx", "#1b998b"}, {"3xx", "#5c6bc0"}, {"4xx", "#f2a541"}, {"5xx", "#d64545"}};
        for (std::size_t c = 2; c <= 5; ++c) {
            answers.lines.push_back({classes[c - 2].first, classes[c - 2].second,
                                     per_second(m, [c](const Second& s) { return s.status[c]; })});
        }
        answers.lines.push_back({"no answer", "#8e44ad", per_second(m, [](const Second& s) {
                                     return s.transport_errors;
                                 })});
        answers.lines.push_back(
            {"dropped", "#7b8794", per_second(m, [](const Second& s) { return s.dropped; }), true});
        out += line_chart(axis, answers, m.phases);
        auto latency = [&](double Second::*field) {
            return per_second(
                m, [field](const Second& s) { return s.has_latency ? s.*field : std::nan(""); });
        };
        Chart lat{"Latency (from the intended send time; service time dashed)", "s", {}, {}, {}};
        lat.lines.push_back({"p50", "#1b998b", latency(&Second::p50)});
        lat.lines.push_back({"p90", "#f2a541", latency(&Second::p90)});
        lat.lines.push_back({"p99", "#d64545", latency(&Second::p99)});
        lat.lines.push_back({"service p99", "#d64545", latency(&Second::service_p99), true});
        out += line_chart(axis, lat, m.phases);
    }
    for (const auto& a : m.alerts) {
        out += band_chart(axis, a, m.phases);
        for (const auto& e : a.expression) {
            Chart x{a.name + ": " + e.lhs,
                    "",
                    {},
                    e.threshold,
                    "threshold " + e.op + " " + format_value(e.threshold, "")};
            if (x.title.size() > 110)
                x.title = x.title.substr(0, 107) + "...";
            const char* colors[] = {"#2f6fde", "#1b998b", "#f2a541", "#8e44ad", "#5c6bc0"};
            for (std::size_t i = 0; i < e.lines.size(); ++i)
                x.lines.push_back({e.lines[i].labels, colors[i % 5], e.lines[i].points});
            if (!e.error.empty())
                out += "<p class=\"note\">" + escape(a.name) + ": " + escape(e.error) + "</p>";
            out += line_chart(axis, x, m.phases);
        }
    }
    out += "</section>";
    return out;
}

std::string check_row(const CheckView& c, const std::string& prefix) {
    std::string why;
    for (const auto& w : c.why)
        why += "<div class=\"why\">why: " + escape(w) + "</div>";
    return "<tr class=\"check " + c.verdict + "\"><td class=\"v\">" + escape(c.verdict) +
           "</td><td>" + escape(prefix + c.name) + "</td><td>" + escape(c.detail) + why +
           "</td></tr>";
}

std::string checks_table(const Model& m) {
    std::string rows;
    for (const auto& a : m.alerts) {
        for (const auto& c : a.checks)
            rows += check_row(c, "");
    }
    for (const auto& c : m.checks)
        rows += check_row(c, "");
    if (rows.empty())
        return "";
    return "<section><h2>Checks</h2><table class=\"checks\"><thead><tr><th></th><th>check</th>"
           "<th>detail</th></tr></thead><tbody>" +
           rows + "</tbody></table></section>";
}

std::string stats_row(const std::string& name, const json& r) {
    auto ms = [&](const char* key) {
        return format_value(r.at("latency_seconds").at(key).get<double>(), "s");
    };
    const auto& resp = r.at("responses");
    std::uint64_t errors = 0;
    for (const auto& [k, v] : r.at("errors").items())
        errors += v.get<std::uint64_t>();
    return "<tr><td>" + escape(name) + "</td><td>" +
           std::to_string(r.at("sent").get<std::uint64_t>()) + "</td><td>" +
           format_value(r.at("achieved_rate").get<double>(), "/s") + "</td><td>" + ms("p50") +
           "</td><td>" + ms("p90") + "</td><td>" + ms("p99") + "</td><td>" + ms("max") +
           "</td><td>" + std::to_string(resp.at("2xx").get<std::uint64_t>()) + "</td><td>" +
           std::to_string(resp.at("4xx").get<std::uint64_t>()) + "</td><td>" +
           std::to_string(resp.at("5xx").get<std::uint64_t>()) + "</td><td>" +
           std::to_string(errors) + "</td><td>" +
           std::to_string(r.at("dropped").get<std::uint64_t>()) + "</td></tr>";
}

std::string summary_table(const json& report) {
    if (!report.contains("phases"))
        return "";
    std::string rows;
    for (const auto& p : report.at("phases")) {
        rows += "<tr class=\"phase-row\"><th colspan=\"12\">" +
                escape(p.at("name").get<std::string>()) + " (" +
                escape(p.at("model").get<std::string>()) + ")</th></tr>";
        for (const auto& r : p.at("requests"))
            rows += stats_row(r.at("name").get<std::string>(), r);
        rows += stats_row("all", p.at("total"));
    }
    rows += "<tr class=\"phase-row\"><th colspan=\"12\">run</th></tr>" +
            stats_row("all", report.at("total"));
    return "<section><h2>Summary</h2><table class=\"summary\"><thead><tr><th>request</th>"
           "<th>sent</th><th>rate</th><th>p50</th><th>p90</th><th>p99</th><th>max</th>"
           "<th>2xx</th><th>4xx</th><th>5xx</th><th>no answer</th><th>dropped</th></tr></thead>"
           "<tbody>" +
           rows +
           "</tbody></table><p class=\"note\">Latency from the intended send time "
           "(coordinated omission corrected).</p></section>";
}

/// JSON inside <script>: "</" would end the element.
std::string script_safe(std::string text) {
    for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3)
        text.replace(at, 2, "<\\/");
    return text;
}

std::string render(const json& report, const SecondsAccumulator& rows) {
    const Model m = model_of(report, rows);
    std::string page =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\"><title>obsctl: " +
        escape(m.scenario) + " " + escape(m.verdict) + "</title><style>" + k_style +
        "</style></head><body>";
    page += header(m);
    page += charts(m);
    page += checks_table(m);
    page += summary_table(report);
    page += "<footer>obsctl report &middot; times are from traffic start</footer>";
    page += "<script type=\"application/json\" id=\"obsctl-data\">" + script_safe(data_json(m)) +
            "</script></body></html>\n";
    return page;
}

}  // namespace

util::Result<std::string> render_text(const std::string& report_json, const std::string& where) {
    try {
        // The series' rows are summed as they are read and left out of the tree.
        SecondsAccumulator rows;
        const auto doc = json::parse(
            report_json,
            [&rows](int, json::parse_event_t event, json& parsed) {
                if (event != json::parse_event_t::object_end || !report::is_series_row(parsed))
                    return true;
                rows.add(parsed);
                return false;
            },
            false);
        if (doc.is_discarded() || !doc.is_object())
            return util::fail(util::ExitCode::usage, "not an obsctl report: not a JSON object",
                              where);
        return render(doc, rows);
    } catch (const std::exception& e) {
        return util::fail(util::ExitCode::usage, std::string("not an obsctl report: ") + e.what(),
                          where, "write one with obsctl run ... --report FILE");
    }
}

}  // namespace html
