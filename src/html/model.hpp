#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "load/request_counts.hpp"
#include "load/series.hpp"
#include "report/document.hpp"

namespace html {

/// One second of the run, summed over phases and requests (what the charts draw).
struct Second {
    double scheduled = 0;  ///< open-model arrivals due (the target rate)
    double sent = 0, dropped = 0, transport_errors = 0;
    std::array<double, 6> status{};  ///< [1..5] = 1xx..5xx answers
    bool has_latency = false;
    double p50 = 0, p90 = 0, p99 = 0, max = 0;  ///< seconds, from the intended send time
    double service_p50 = 0, service_p99 = 0;    ///< seconds, from the actual send time
};

struct PhaseSpan {
    std::string name, model;
    double start = 0, end = 0;  ///< seconds from traffic start
};

/// A stretch of an alert's band: inactive, pending, firing, in_alertmanager, delivered,
/// resolved (seconds from traffic start).
struct Band {
    std::string state;
    double from = 0, to = 0;
};

struct ExpressionLine {
    std::string labels;  ///< {a="b", ...}
    std::vector<std::pair<double, double>> points;
};

struct ExpressionView {
    std::string lhs, op, error;
    double threshold = 0;
    std::vector<ExpressionLine> lines;
};

struct CheckView {
    std::string name, verdict, detail;  ///< verdict: verify::outcome_word
    std::vector<std::string> why;
};

struct AlertView {
    std::string name, verdict;
    std::vector<Band> bands;
    std::vector<std::pair<std::string, double>> markers;  ///< deadlines, resolved delivered
    std::vector<std::string> receivers;
    std::vector<ExpressionView> expression;
    std::vector<CheckView> checks;
};

/// A scenario action (or its undoing) as the page shows it: a marker on the time axis and a
/// row of the Actions list.
struct ActionView {
    std::string phase, text;
    std::string when;     ///< "+3m00s" (from traffic start)
    std::string outcome;  ///< report::action_outcome: "ok (100ms)", "failed (2.0s, exit 1): ..."
    std::string output;   ///< in full, as the report holds it
    double at = 0;        ///< seconds from traffic start
    bool ok = true, undo = false;
};

/// A report (run, merged or verify) as the page shows it.
struct Model {
    std::string scenario, target, started, file, verdict;  ///< PASSED, FAILED, ...
    std::string transport;  ///< "curl", "http1", "curl+http1" (merged); empty in old reports
    int exit_code = 0;
    verify::OutcomeCounts counts;  ///< the verdict's: what the header says
    std::string stopped;           ///< "interrupted during traffic at +12.3s", or empty
    std::vector<std::pair<std::string, std::string>> stack;
    double elapsed = 0;   ///< traffic length, seconds
    double axis_end = 0;  ///< the time axis: traffic and every alert state and deadline
    std::vector<Second> seconds;
    std::vector<PhaseSpan> phases;
    std::vector<ActionView> actions;
    std::vector<AlertView> alerts;
    std::vector<CheckView> checks;  ///< quiet, queries, thresholds, segments
};

/// The series' cells summed per second over phases and requests.
class SecondsAccumulator {
  public:
    /// Adds one cell of second `t`.
    void add(std::size_t t, const load::SeriesCell& cell);
    std::size_t size() const { return m_counts.size(); }
    std::vector<Second> seconds(std::size_t n) const;

  private:
    std::vector<load::RequestCounts> m_counts;
    std::vector<load::SecondHistogram> m_latency, m_service;
};

/// The report as the page shows it: the verdict (report::Document::verdict), the seconds summed
/// over phases and requests, each alert's bands and deadlines, the checks.
Model model_of(const report::Document& report);

/// The model's data as the page embeds it (`<script type="application/json">`): per second,
/// phases, actions and alert bands, for a reader and for the tests.
std::string data_json(const Model& model);

}  // namespace html
