// The HTML report of a synthetic run: its embedded data is the run's (seconds, per-second
// sums = the totals, alert bands = the verification's times), the verdict comes first, and
// nothing in the page can load from the network.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "html/render.hpp"
#include "load/run_result.hpp"
#include "report/document.hpp"
#include "report/files.hpp"
#include "scenario/parser.hpp"
#include "support/sample_actions.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* k_source =
    "name: synthetic\nrequests: [{name: a, path: /a}, {name: b, path: /b}]\n"
    "phases: [{name: warmup, duration: 4s, rate: 20}, {name: burst, duration: 8500ms, rate: 50}]\n";

/// 12.5 s of traffic: every 25 ms (warmup) or 20 ms (burst) a request, every 5th one a 5xx,
/// filed in the phase statistics and in the per-second series the way the engine files them.
load::RunResult synthetic_run() {
    load::RunResult run;
    run.scenario = "synthetic";
    run.target = "http://127.0.0.1:5002";
    run.transport = "http1";
    run.request_names = {"a", "b"};
    run.started = std::chrono::system_clock::from_time_t(1'790'000'000);
    run.elapsed = 12'500ms;
    run.phases.resize(2);
    run.phases[0] = {"warmup", "rate 20/s", 20, 0s, 4s, {}};
    run.phases[1] = {"burst", "rate 50/s", 50, 4s, 12'500ms, {}};
    for (auto& p : run.phases)
        p.requests.resize(2);
    load::SeriesSink sink;
    const auto start = std::chrono::steady_clock::time_point(100s);
    {
        load::SeriesRecorder series(start, sink);
        int n = 0;
        for (auto t = 0ms; t < 12'500ms; t += t < 4s ? 50ms : 20ms, ++n) {
            const std::size_t phase = t < 4s ? 0 : 1, request = n % 2;
            const std::size_t cls = n % 5 == 0 ? 5 : 2;
            const auto latency = std::chrono::milliseconds(1 + n % 30);
            auto& stats = run.phases[phase].requests[request];
            ++stats.sent;
            ++stats.status_class[cls];
            stats.latency.record(latency);
            stats.service.record(latency);
            ++series.counts(start + t, phase, request).sent;
            ++series.counts(start + t + latency, phase, request).status_class[cls];
            series.latency(start + t + latency, phase, request, latency, latency);
        }
    }
    run.series = std::move(sink.series);
    for (int s = 0; s < 13; ++s)
        run.series.scheduled.push_back(s < 4 ? 20 : (s < 12 ? 50 : 25));
    return run;
}

verify::VerifyReport synthetic_verification(bool fired) {
    verify::AlertTimeline t({"HighErrorRate", {}});
    auto prom = [](const char* state) {
        return promapi::PrometheusAlert{{{"alertname", "HighErrorRate"}}, {}, state, ""};
    };
    promapi::AlertmanagerAlert am{
        {{"alertname", "HighErrorRate"}}, "active", {"oncall"}, {}, {}, ""};
    t.observe_prometheus({prom("pending")}, 4001ms);
    if (fired) {
        t.observe_prometheus({prom("firing")}, 9003ms);
        t.observe_alertmanager({am}, 9004ms);
        t.observe_delivery({"oncall", "firing", {{"alertname", "HighErrorRate"}}, {}}, 9800ms);
        t.observe_prometheus({}, 30'000ms);
        t.observe_alertmanager({}, 30'020ms);
    }
    verify::AlertResult a{
        "HighErrorRate", "oncall", t, {50s, "rule"}, {38s, "rule"}, {}, {}, {}, {}};
    a.checks.push_back(
        verify::judged("fire HighErrorRate", fired, fired ? "firing +9.0s" : "did not fire"));
    if (!fired)
        a.checks.back().why = {"ratio peaked at 0.02 at +6.0s; the rule needs > 0.05"};
    a.expression.push_back(
        {"ratio", ">", 0.05, {{{{"job", "demoapp"}}, {{3, 0.1}, {4, 0.2}}}}, {}});
    verify::VerifyReport report;
    report.alerts.push_back(a);
    report.quiet = verify::judged("quiet", true, "no unexpected alert fired");
    report.traffic_end = 12'600ms;
    return report;
}

struct Page {
    std::string html;
    json data;
};

Page render(bool fired, std::vector<report::ActionEntry> actions = {}) {
    auto s = scenario::parse_scenario(k_source, "synthetic.yaml");
    BOOST_REQUIRE(s.has_value());
    const auto verification = synthetic_verification(fired);
    auto doc = report::document_for(*s);
    doc.run = synthetic_run();
    doc.seed = 1;
    doc.actions = std::move(actions);
    doc.verification = report::verification_entry(verification);
    doc.stack = {{"prometheus", "http://127.0.0.1:9090"}};
    const auto text = report::to_json(doc);
    auto page = html::render_text(text);
    BOOST_REQUIRE_MESSAGE(page.has_value(), (page ? "" : page.error().message()));
    const std::string open = "<script type=\"application/json\" id=\"obsctl-data\">";
    const auto from = page->find(open);
    BOOST_REQUIRE(from != std::string::npos);
    const auto to = page->find("</script>", from);
    return {*page, json::parse(page->substr(from + open.size(), to - from - open.size()))};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size())
        ++n;
    return n;
}

double sum(const json& seconds, const char* key) {
    double out = 0;
    for (const auto& s : seconds)
        out += s.at(key).get<double>();
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_pages_data_is_the_runs_second_by_second) {
    const auto run = synthetic_run();
    const auto page = render(true);
    const auto& seconds = page.data.at("seconds");
    BOOST_TEST(seconds.size() == 13u);  // 12.5 s of traffic
    const auto total = run.total();
    BOOST_TEST(sum(seconds, "sent") == static_cast<double>(total.sent));
    BOOST_TEST(sum(seconds, "2xx") == static_cast<double>(total.status_class[2]));
    BOOST_TEST(sum(seconds, "5xx") == static_cast<double>(total.status_class[5]));
    BOOST_TEST(sum(seconds, "scheduled") == 20.0 * 4 + 50 * 8 + 25);
    // Second 1 (warmup, a request every 50 ms): 20 sent.
    BOOST_TEST(seconds.at(1).at("sent").get<double>() == 20.0);
    BOOST_TEST(seconds.at(6).at("sent").get<double>() == 50.0);
    const double p99 = seconds.at(6).at("latency_seconds").at("p99").get<double>();
    BOOST_TEST(p99 > 0.028);  // latencies 1..30 ms
    BOOST_TEST(p99 < 0.031);
}

BOOST_AUTO_TEST_CASE(the_alert_band_is_the_verifications_timeline) {
    const auto page = render(true);
    const auto& alert = page.data.at("alerts").at(0);
    BOOST_TEST(alert.at("alert").get<std::string>() == "HighErrorRate");
    auto band = [](const std::string& state, double from, double to) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s %.3f..%.3f", state.c_str(), from, to);
        return std::string(buf);
    };
    std::vector<std::string> bands;
    for (const auto& b : alert.at("bands"))
        bands.push_back(band(b.at("state"), b.at("from"), b.at("to")));
    const double end = page.data.at("axis_end").get<double>();
    const std::vector<std::string> expected{
        band("inactive", 0, 4.001),    band("pending", 4.001, 9.003),
        band("firing", 9.003, 9.004),  band("in_alertmanager", 9.004, 9.8),
        band("delivered", 9.8, 30.02), band("resolved", 30.02, end)};
    BOOST_TEST(bands == expected, boost::test_tools::per_element());
    // Deadlines: fire from traffic start, resolve from traffic end (12.6 s + 38 s).
    BOOST_TEST(alert.at("markers").at(0).at("at").get<double>() == 50.0);
    BOOST_TEST(alert.at("markers").at(1).at("at").get<double>() == 50.6);
    BOOST_TEST(end >= 50.6);
}

BOOST_AUTO_TEST_CASE(the_verdict_comes_first_and_nothing_loads_from_the_network) {
    const auto passed = render(true).html;
    const auto verdict = passed.find("<header class=\"verdict passed\"><h1>synthetic: PASSED");
    BOOST_TEST(verdict != std::string::npos);
    BOOST_TEST(verdict < passed.find("<svg"));
    std::size_t charts = 0;
    for (std::size_t at = 0; (at = passed.find("<svg class=\"chart", at)) != std::string::npos;
         ++at)
        ++charts;
    BOOST_TEST(charts == 5u);  // rate, answers, latency, the alert's band and its expression
    BOOST_TEST(passed.find("default-src 'none'") != std::string::npos);
    for (const char* load : {"src=", "href=", "<link", "url(", "@import"})
        BOOST_TEST(passed.find(load) == std::string::npos, load);
    BOOST_TEST(passed.find("http://127.0.0.1:9090") != std::string::npos);

    const auto failed = render(false).html;
    BOOST_TEST(failed.find("<h1>synthetic: FAILED</h1><p>exit code 1") != std::string::npos);
    BOOST_TEST(failed.find("<li><b>FAIL</b> fire HighErrorRate: did not fire</li>") !=
               std::string::npos);
    BOOST_TEST(failed.find("why: ratio peaked at 0.02") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_facts_name_the_target_and_the_transport_that_sent_to_it) {
    const auto page = render(true).html;
    BOOST_TEST(page.find("<dt>target</dt><dd>http://127.0.0.1:5002</dd><dt>transport</dt><dd>"
                         "http1</dd>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_report_is_exit_2) {
    for (const char* text : {"", "[]", "{\"scenario\": 3}", "{\"scenario\": \"x\"}"}) {
        const auto page = html::render_text(text, "x.json");
        BOOST_REQUIRE(!page.has_value());
        BOOST_TEST(static_cast<int>(page.error().code) == 2);
        BOOST_TEST(page.error().message().find("x.json") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_verify_report_draws_the_alerts_and_no_traffic_it_did_not_send) {
    auto s = scenario::parse_scenario(k_source, "synthetic.yaml");
    BOOST_REQUIRE(s.has_value());
    const auto verification = synthetic_verification(true);
    verify::Traffic traffic;
    traffic.started = std::chrono::system_clock::from_time_t(1'790'000'000);
    traffic.elapsed = 12'500ms;
    auto doc = report::document_for(*s);
    doc.mode = "verify";
    doc.run.started = traffic.started;
    doc.run.elapsed = traffic.elapsed;
    doc.verification = report::verification_entry(verification);
    const auto text = report::to_json(doc);
    const auto page = html::render_text(text);
    BOOST_REQUIRE(page.has_value());
    std::size_t charts = 0;
    for (std::size_t at = 0; (at = page->find("<svg class=\"chart", at)) != std::string::npos; ++at)
        ++charts;
    BOOST_TEST(charts == 2u);  // the band and the expression; no rate of zeros
    BOOST_TEST(page->find("Rate (per second)") == std::string::npos);
    BOOST_TEST(page->find("synthetic: PASSED") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_captured_notification_is_a_message_card_escaped) {
    report::Document doc;
    doc.scenario = "errors";
    doc.mode = "verify";
    doc.verification.emplace();
    report::AlertEntry alert;
    alert.alert = "HighErrorRate";
    capture::Notification slack;
    slack.receiver = "oncall";
    slack.integration = "slack";
    slack.status = "firing";
    slack.fields = {{"title", "<script>x</script>"}, {"color", "danger"}};
    alert.notifications = {{std::chrono::milliseconds(16'000), slack}};
    doc.verification->alerts.push_back(alert);
    const auto page = html::render_page(doc);
    BOOST_TEST(page.find("<article class=\"card firing\" style=\"border-left-color:#d64545\">") !=
               std::string::npos);
    BOOST_TEST(page.find("<dd>&lt;script&gt;x&lt;/script&gt;</dd>") != std::string::npos);
    BOOST_TEST(page.find("<script>x</script>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_action_is_a_line_on_every_chart_at_its_time) {
    const auto page = render(true, test_support::sample_actions());
    // The axis ends at the resolve deadline, +50.6 s: x = 70 + 870 t / 50.6.
    BOOST_TEST(page.data.at("axis_end").get<double>() == 50.6);
    const std::string stop =
        "<g class=\"action\"><line class=\"action-line\" x1=\"157.0\" "
        "x2=\"157.0\"";
    const std::string fill =
        "<g class=\"action failed\"><line class=\"action-line\" "
        "x1=\"244.0\" x2=\"244.0\"";
    const std::string start =
        "<g class=\"action\"><line class=\"action-line\" x1=\"287.5\" "
        "x2=\"287.5\"";
    // Five charts share the axis (rate, answers, latency, the band, the expression).
    BOOST_TEST(count(page.html, stop) == 5u, page.html);
    BOOST_TEST(count(page.html, fill) == 5u);
    BOOST_TEST(count(page.html, start) == 5u);
    // Tooltip: when, what and how it went; label: the text, on the line charts only.
    BOOST_TEST(page.html.find("<title>+10.1s exec ./fill-disk.sh: failed (2.0s, exit 1): "
                              "&lt;script&gt;alert(1)&lt;/script&gt; disk full</title>") !=
               std::string::npos);
    BOOST_TEST(count(page.html, "\">start demoapp (undo)</text>") == 4u);
    const auto& data = page.data.at("actions");
    BOOST_REQUIRE_EQUAL(data.size(), 3u);
    BOOST_TEST(data.at(2).at("at").get<double>() == 12.65);
    BOOST_TEST(data.at(2).at("undo").get<bool>() == true);
}

BOOST_AUTO_TEST_CASE(the_actions_list_says_when_what_and_how_with_the_output_escaped) {
    const auto page = render(true, test_support::sample_actions()).html;
    const auto list = page.find("<h2>Actions</h2>");
    BOOST_REQUIRE(list != std::string::npos);
    BOOST_TEST(list > page.find("<h2>Traffic and alerts</h2>"));
    BOOST_TEST(page.find("<tr class=\"action-row ok\"><td>+5.1s</td><td>warmup</td><td>stop "
                         "demoapp</td><td class=\"v\">ok (100ms)</td></tr>") != std::string::npos);
    BOOST_TEST(page.find("<tr class=\"action-row failed\"><td>+10.1s</td><td>burst</td><td>exec "
                         "./fill-disk.sh</td><td class=\"v\">failed (2.0s, exit 1): "
                         "&lt;script&gt;alert(1)&lt;/script&gt; disk full<pre>writing /tmp/fill\n"
                         "&lt;script&gt;alert(1)&lt;/script&gt; disk full\n</pre></td></tr>") !=
               std::string::npos);
    BOOST_TEST(page.find("<script>alert(1)") == std::string::npos);
    // Nothing to list, no list.
    BOOST_TEST(render(true).html.find("<h2>Actions</h2>") == std::string::npos);
}
