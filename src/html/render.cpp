#include "html/render.hpp"

#include "html/cards.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include "html/model.hpp"
#include "html/style.hpp"
#include "html/svg.hpp"

namespace html {
namespace {

/// Per-second values drawn at the middle of their second.
std::vector<std::pair<double, double>> per_second(const Model& m, auto value) {
    std::vector<std::pair<double, double>> out;
    out.reserve(m.seconds.size());
    for (std::size_t s = 0; s < m.seconds.size(); ++s)
        out.emplace_back(static_cast<double>(s) + 0.5, value(m.seconds[s]));
    return out;
}

std::string header(const Model& m) {
    std::string failures;
    auto list = [&](const CheckView& c) {
        if (c.verdict == "FAIL" || c.verdict == "INCONCLUSIVE") {
            failures += "<li><b>" + escape(c.verdict) + "</b> " + escape(c.name) + ": " +
                        escape(c.detail) + "</li>";
        }
    };
    for (const auto& a : m.alerts) {
        for (const auto& c : a.checks)
            list(c);
    }
    for (const auto& c : m.checks)
        list(c);
    const std::string cls = m.exit_code == 0   ? "passed"
                            : m.exit_code == 3 ? "inconclusive"
                                               : "failed";
    // The counts are the verdict's (verify::verdict_of), as the terminal prints them.
    std::string out = "<header class=\"verdict " + cls + "\"><h1>" + escape(m.scenario) + ": " +
                      escape(m.verdict) + "</h1><p>exit code " + std::to_string(m.exit_code) +
                      " &middot; <span class=\"counts\">" + escape(m.counts.text()) + "</span></p>";
    if (!m.stopped.empty())
        out += "<p class=\"stopped\">" + escape(m.stopped) + "</p>";
    if (!failures.empty())
        out += "<ul class=\"failures\">" + failures + "</ul>";
    out += "</header>";
    out += "<dl class=\"facts\"><dt>scenario</dt><dd>" + escape(m.scenario) +
           (m.file.empty() ? "" : " (" + escape(m.file) + ")") + "</dd><dt>started</dt><dd>" +
           escape(m.started) + "</dd><dt>traffic</dt><dd>" + format_value(m.elapsed, "s") + "</dd>";
    if (!m.target.empty())
        out += "<dt>target</dt><dd>" + escape(m.target) + "</dd>";
    if (!m.transport.empty())
        out += "<dt>transport</dt><dd>" + escape(m.transport) + "</dd>";
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
        out += line_chart(axis, rate, m.phases, m.actions);
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
        out += line_chart(axis, answers, m.phases, m.actions);
        auto latency = [&](double Second::*field) {
            return per_second(
                m, [field](const Second& s) { return s.has_latency ? s.*field : std::nan(""); });
        };
        Chart lat{"Latency (from the intended send time; service time dashed)", "s", {}, {}, {}};
        lat.lines.push_back({"p50", "#1b998b", latency(&Second::p50)});
        lat.lines.push_back({"p90", "#f2a541", latency(&Second::p90)});
        lat.lines.push_back({"p99", "#d64545", latency(&Second::p99)});
        lat.lines.push_back({"service p99", "#d64545", latency(&Second::service_p99), true});
        out += line_chart(axis, lat, m.phases, m.actions);
    }
    for (const auto& a : m.alerts) {
        out += band_chart(axis, a, m.phases, m.actions);
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
            out += line_chart(axis, x, m.phases, m.actions);
        }
    }
    out += "</section>";
    return out;
}

/// Each action in time order: when, its phase, what it did, how it went, and its output.
std::string actions_list(const Model& m) {
    if (m.actions.empty())
        return "";
    std::string rows;
    for (const auto& a : m.actions) {
        rows += std::string("<tr class=\"action-row ") + (a.ok ? "ok" : "failed") + "\"><td>" +
                escape(a.when) + "</td><td>" + escape(a.phase) + "</td><td>" + escape(a.text) +
                "</td><td class=\"v\">" + escape(a.outcome);
        if (!a.output.empty())
            rows += "<pre>" + escape(a.output) + "</pre>";
        rows += "</td></tr>";
    }
    return "<section><h2>Actions</h2><table class=\"actions\"><thead><tr><th>at</th>"
           "<th>phase</th><th>action</th><th>outcome</th></tr></thead><tbody>" +
           rows + "</tbody></table></section>";
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

std::string stats_row(const std::string& name, const load::RequestStats& r, double seconds) {
    auto latency = [&](double p) { return format_value(r.latency.percentile_seconds(p), "s"); };
    std::uint64_t errors = 0;
    for (const auto e : r.errors)
        errors += e;
    return "<tr><td>" + escape(name) + "</td><td>" + std::to_string(r.sent) + "</td><td>" +
           format_value(seconds > 0 ? static_cast<double>(r.sent) / seconds : 0.0, "/s") +
           "</td><td>" + latency(50) + "</td><td>" + latency(90) + "</td><td>" + latency(99) +
           "</td><td>" + format_value(r.latency.max_seconds(), "s") + "</td><td>" +
           std::to_string(r.status_class[2]) + "</td><td>" + std::to_string(r.status_class[4]) +
           "</td><td>" + std::to_string(r.status_class[5]) + "</td><td>" + std::to_string(errors) +
           "</td><td>" + std::to_string(r.dropped) + "</td></tr>";
}

std::string summary_table(const report::Document& report) {
    if (report.mode != "run")
        return "";
    const auto& run = report.run;
    std::string rows;
    for (const auto& p : run.phases) {
        rows += "<tr class=\"phase-row\"><th colspan=\"12\">" + escape(p.name) + " (" +
                escape(p.model) + ")</th></tr>";
        for (std::size_t r = 0; r < p.requests.size(); ++r)
            rows += stats_row(run.request_names[r], p.requests[r], p.seconds());
        rows += stats_row("all", p.total(), p.seconds());
    }
    rows += "<tr class=\"phase-row\"><th colspan=\"12\">run</th></tr>" +
            stats_row("all", run.total(), std::chrono::duration<double>(run.elapsed).count());
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

std::string render(const report::Document& report) {
    const Model m = model_of(report);
    std::string page =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\"><title>obsctl: " +
        escape(m.scenario) + " " + escape(m.verdict) + "</title><style>" + k_style +
        "</style></head><body>";
    page += header(m);
    page += charts(m);
    page += actions_list(m);
    page += checks_table(m);
    page += notification_cards(report);
    page += summary_table(report);
    page += "<footer>obsctl report &middot; times are from traffic start</footer>";
    page += "<script type=\"application/json\" id=\"obsctl-data\">" + script_safe(data_json(m)) +
            "</script></body></html>\n";
    return page;
}

}  // namespace

std::string render_page(const report::Document& report) {
    return render(report);
}

util::Result<std::string> render_text(const std::string& report_json, const std::string& where) {
    auto doc = report::read_document(report_json, where);
    if (!doc)
        return std::unexpected(doc.error());
    return render(*doc);
}

}  // namespace html
