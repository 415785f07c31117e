// Segment reports merge exactly: through the JSON files and back, the merged histograms give
// the percentiles of one histogram holding every latency.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <functional>

#include "report/document.hpp"
#include "report/files.hpp"
#include "report/merge.hpp"
#include "scenario/parser.hpp"
#include "support/test_support.hpp"

namespace {

const char* k_source =
    "name: m\nrequests: [{name: a, path: /a}, {name: b, path: /b}]\n"
    "phases: [{name: p, duration: 10s, rate: 100}]\n";

load::RunResult segment_run(unsigned i, std::vector<std::uint64_t>& every) {
    load::RunResult run;
    run.scenario = "m";
    run.target = "http://127.0.0.1:1";
    run.request_names = {"a", "b"};
    run.started = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000 + i));
    run.elapsed = std::chrono::seconds(10);
    run.segment = {i, 4};
    load::PhaseResult p;
    p.name = "p";
    p.model = "rate 100/s";
    p.end = std::chrono::seconds(10);
    p.target_rate = 25;
    p.requests.resize(2);
    // Per second: each segment sends 25 a second for 10 s, second k's latencies in its cell.
    load::SeriesSink sink;
    const auto start = std::chrono::steady_clock::time_point(std::chrono::seconds(50));
    load::SeriesRecorder series(start, sink);
    for (std::uint64_t k = 0; k < 250; ++k) {
        const std::uint64_t micros = 137 + (k * 7919 + i * 104729) % 900'000;  // spread widely
        const auto at = start + std::chrono::milliseconds(k * 40);
        ++series.counts(at, 0, k % 2).sent;
        ++series.counts(at, 0, k % 2).status_class[2];
        series.latency(at, 0, k % 2, std::chrono::microseconds(micros),
                       std::chrono::microseconds(micros / 2));
        auto& r = p.requests[k % 2];
        ++r.sent;
        ++r.status_class[2];
        r.latency.record_micros(micros);
        r.service.record_micros(micros / 2);
        every.push_back(micros);
    }
    run.phases.push_back(p);
    series.flush();
    run.series = std::move(sink.series);
    run.series.scheduled.assign(10, 25);
    return run;
}

/// Segments `indexes` of 4 of scenario m (seed 7) written as obsctl run writes them, after
/// `touch` changes each Document, and read back as report merge reads them; `every` receives
/// every latency sent.
std::vector<report::RunReport> segment_reports(
    const std::vector<unsigned>& indexes, std::vector<std::uint64_t>& every,
    const std::function<void(report::Document&)>& touch = [](report::Document&) {}) {
    auto s = scenario::parse_scenario(k_source, "m.yaml");
    BOOST_REQUIRE(s.has_value());
    test_support::TempDir dir;
    std::vector<report::RunReport> out;
    for (unsigned i : indexes) {
        auto doc = report::document_for(*s);
        doc.run = segment_run(i, every);
        doc.seed = 7;
        touch(doc);
        const auto file = dir.path() / ("seg-" + std::to_string(i) + ".json");
        std::ofstream(file) << report::to_json(doc);
        auto read = report::read_run_report(file);
        BOOST_REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message()));
        out.push_back(std::move(*read));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(merged_reports_hold_every_count_and_the_exact_histogram) {
    std::vector<std::uint64_t> every;
    auto reports = segment_reports({2, 0, 3, 1}, every);
    std::vector<unsigned> missing;
    auto merged = report::merge_run_reports(reports, missing);
    BOOST_REQUIRE(merged.has_value());
    BOOST_TEST(missing.empty());
    const auto total = merged->run.total();
    BOOST_TEST(total.sent == 1000u);
    BOOST_TEST(total.status_class[2] == 1000u);
    BOOST_TEST(merged->run.phases[0].target_rate == 100.0);
    // Traffic from the earliest start (segment 0) to the latest end (segment 3: +3 s + 10 s).
    BOOST_TEST(std::chrono::duration<double>(merged->run.elapsed).count() == 13.0);
    load::LatencyHistogram one;
    for (auto micros : every)
        one.record_micros(micros);
    for (double pct : {50.0, 90.0, 99.0, 99.9, 100.0})
        BOOST_TEST(total.latency.percentile_seconds(pct) == one.percentile_seconds(pct), pct);
    BOOST_TEST(total.latency.mean_seconds() == one.mean_seconds());
    BOOST_TEST(total.latency.min_seconds() == one.min_seconds());
    // The series on the merged axis: segment i started i s after segment 0, so seconds 0..12
    // hold 25, 50, 75, 100 (all four), ..., 25 sent; every request is in it once.
    const auto& series = merged->run.series;
    BOOST_REQUIRE(series.seconds.size() == 13u);
    BOOST_TEST(series.total().sent == 1000u);
    std::vector<std::uint64_t> per_second;
    for (const auto& cells : series.seconds) {
        std::uint64_t n = 0;
        for (const auto& c : cells)
            n += c.counts.sent;
        per_second.push_back(n);
    }
    const std::vector<std::uint64_t> expected{25,  50,  75,  100, 100, 100, 100,
                                              100, 100, 100, 75,  50,  25};
    BOOST_TEST(per_second == expected, boost::test_tools::per_element());
    BOOST_TEST(series.scheduled == expected, boost::test_tools::per_element());
    std::uint64_t latencies = 0;
    for (const auto& cells : series.seconds) {
        for (const auto& c : cells)
            latencies += c.latency.count();
    }
    BOOST_TEST(latencies == 1000u);

    // Three of four: merged, with segment 2 named missing.
    reports.erase(reports.begin());  // segment 2
    merged = report::merge_run_reports(reports, missing);
    BOOST_REQUIRE(merged.has_value());
    BOOST_TEST(missing == std::vector<unsigned>{2});
}

BOOST_AUTO_TEST_CASE(the_merged_report_has_the_actions_of_the_first_segment_that_ran_any) {
    // Segment i started i s after segment 0; segment 0 ran no action, 1 and 2 each ran the
    // stop at +4 s of their own.
    std::vector<std::uint64_t> every;
    const auto reports = segment_reports({0, 1, 2}, every, [](report::Document& doc) {
        if (doc.run.segment.index == 0)
            return;
        report::ActionEntry stop;
        stop.phase = "p";
        stop.text = "stop demoapp";
        stop.at = std::chrono::milliseconds(4'000);
        doc.actions = {stop};
    });
    std::vector<unsigned> missing;
    const auto merged = report::merge_run_reports(reports, missing);
    BOOST_REQUIRE(merged.has_value());
    // Once, not once per segment, at +5 s on the merged axis (segment 1's start + 4 s).
    BOOST_REQUIRE_EQUAL(merged->actions.size(), 1u);
    BOOST_TEST(merged->actions[0].text == "stop demoapp");
    BOOST_TEST(merged->actions[0].at.count() == 5'000);
}

BOOST_AUTO_TEST_CASE(the_merged_report_names_each_transport_its_segments_ran_on) {
    std::vector<std::uint64_t> every;
    const auto on = [&](const std::vector<std::string>& transports) {
        const auto reports = segment_reports({0, 1, 2}, every, [&](report::Document& doc) {
            doc.run.transport = transports.at(doc.run.segment.index);
        });
        std::vector<unsigned> missing;
        const auto merged = report::merge_run_reports(reports, missing);
        BOOST_REQUIRE(merged.has_value());
        return merged->run.transport;
    };
    BOOST_TEST(on({"http1", "http1", "http1"}) == "http1");
    BOOST_TEST(on({"http1", "curl", "http1"}) == "curl+http1");
    // A report written before reports named the transport adds nothing.
    BOOST_TEST(on({"", "curl", "curl"}) == "curl");
}
