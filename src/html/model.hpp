#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "load/request_counts.hpp"
#include "load/series.hpp"

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
    std::string name, verdict, detail;  ///< verdict: PASS, FAIL, SKIP, INCONCLUSIVE
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

/// A report (run, merged or verify) as the page shows it.
struct Model {
    std::string scenario, target, started, file, verdict;  ///< PASSED, FAILED, ...
    int exit_code = 0;
    std::vector<std::pair<std::string, std::string>> stack;
    double elapsed = 0;   ///< traffic length, seconds
    double axis_end = 0;  ///< the time axis: traffic and every alert state and deadline
    std::vector<Second> seconds;
    std::vector<PhaseSpan> phases;
    std::vector<AlertView> alerts;
    std::vector<CheckView> checks;  ///< quiet, queries, thresholds, segments
};

/// The series' rows summed per second over phases and requests, one row at a time while the
/// report is parsed (the rows never become one JSON tree: an hour at 30k/s is thousands).
class SecondsAccumulator {
  public:
    /// Adds a row; throws (nlohmann::json::exception, std::invalid_argument) on a wrong one.
    void add(const nlohmann::json& row);
    std::size_t size() const { return m_counts.size(); }
    std::vector<Second> seconds(std::size_t n) const;

  private:
    std::vector<load::RequestCounts> m_counts;
    std::vector<load::SecondHistogram> m_latency, m_service;
};

/// Reads the report (its series' rows already summed in `rows`); throws
/// (nlohmann::json::exception, std::invalid_argument) on a report of the wrong shape.
Model model_of(const nlohmann::json& report, const SecondsAccumulator& rows);

/// The model's data as the page embeds it (`<script type="application/json">`): per second,
/// phases and alert bands, for a reader and for the tests.
std::string data_json(const Model& model);

}  // namespace html
