#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "coverage/coverage.hpp"
#include "load/run_result.hpp"
#include "report/thresholds.hpp"
#include "util/error.hpp"
#include "verify/verdict.hpp"
#include "verify/verifier.hpp"

namespace report {

/// The version of the JSON report's shape. A reader refuses any other (naming both).
inline constexpr int k_schema_version = 2;

/// Where a run stopped before its end, and why.
struct Stop {
    std::string step;                  ///< "preflight", "traffic" or "wait" (for verdicts)
    std::string reason;                ///< "interrupted" (Ctrl-C), or --fail-fast's failed check
    std::optional<verify::Millis> at;  ///< from traffic start; none in the preflight
    /// "during traffic at +12.3s", "in the wait for verdicts at +41.0s", "in the preflight"
    std::string text() const;
};

/// A scenario action as it ran (`phases[].actions`), or the undoing of one when the scenario
/// ended (a stopped app started again, a paused one resumed).
struct ActionEntry {
    std::string phase;       ///< the phase it belongs to (the last phase for an undo)
    std::string text;        ///< "stop demoapp", "exec ./fill-disk.sh", "start demoapp (undo)"
    verify::Millis at{0};    ///< when it began, from traffic start
    verify::Millis took{0};  ///< how long it ran
    bool ok = true;
    bool undo = false;               ///< put back what an action changed, at the end
    std::optional<int> exit_status;  ///< exec: its exit status (none when killed or not run)
    /// exec: the tail of its output (at most 4 KiB); a failed action: why, in full.
    std::string output;
};

/// One expected alert as the report holds it: its timeline (from traffic start), deadlines,
/// the expression's left side over the run, and its checks.
struct AlertEntry {
    std::string alert, receiver;
    std::optional<verify::Millis> pending, firing, alertmanager, delivered, resolved,
        resolved_delivered;
    std::vector<std::string> receivers, delivered_to;
    verify::Deadline fire, resolve;  ///< fire from traffic start, resolve from traffic end
    std::optional<verify::PhaseStart> trigger;
    std::string rule_problem;
    std::vector<verify::ExpressionSeries> expression;
    std::vector<verify::Check> checks;
    /// Every captured notification that carried it, in order of arrival (fields only; the
    /// raw request is not kept).
    std::vector<verify::CapturedNotification> notifications;
};

/// The verification part of a report.
struct VerificationEntry {
    std::vector<AlertEntry> alerts;
    verify::Check quiet;
    std::vector<std::string> outages, already_firing;
    std::vector<verify::Check> queries;
    verify::Millis traffic_end{0};
    bool webhooks = false;
    std::string failed_fast;  ///< --fail-fast: what ended the run
};

/// A run report: one struct, written by `to_json` and read by `read_document`, never by
/// string keys elsewhere. `obsctl run` and `report merge` write mode "run" (the traffic in
/// `run`); `obsctl verify` writes mode "verify" (`run` holds only the watched window's
/// started and elapsed).
struct Document {
    int schema_version = k_schema_version;
    std::string mode = "run";
    std::string scenario, file, checksum, source;  ///< the scenario as run (source re-parses)
    load::RunResult run;
    std::uint64_t seed = 0;
    std::string client_report;  ///< verify: where the client counts came from
    std::vector<ThresholdVerdict> thresholds;
    std::vector<ActionEntry> actions;  ///< the scenario's actions and their undoing, in order
    std::vector<verify::Check> merge_checks;  ///< report merge: every segment held
    std::optional<VerificationEntry> verification;
    std::optional<coverage::Coverage> coverage;
    std::map<std::string, std::string> stack;  ///< "prometheus" -> URL, ... (as displayed)
    std::optional<Stop> stopped;               ///< the run ended before its end
    bool interrupted = false;                  ///< Ctrl-C (at any step)

    /// Every assertion: a merge's, each alert's checks, quiet, the queries, then the
    /// thresholds (not judged when the traffic was interrupted).
    std::vector<verify::Check> checks() const;
    /// The thresholds as checks: not judged when the traffic was cut short (Ctrl-C or
    /// --fail-fast): a threshold is about the whole of it.
    std::vector<verify::Check> threshold_checks() const;
    /// The one verdict of the run (verify::verdict_of its checks).
    verify::Verdict verdict() const;
};

/// A document of scenario `s` (name, file, checksum, source), its run still empty.
Document document_for(const scenario::Scenario& s);

/// The verification as the report holds it.
VerificationEntry verification_entry(const verify::VerifyReport& report);

/// The JSON report (field names documented in docs/reports.md; stable within a schema
/// version). The per-second series is written row by row, never as one JSON tree.
std::string to_json(const Document& doc);

/// Reads a report written by to_json. Anything else is exit 2 naming `where`: not JSON, not an
/// obsctl report, another schema version ("report schema version 1, this obsctl reads 2"), a
/// field of the wrong shape.
util::Result<Document> read_document(const std::string& text, const std::string& where);
/// read_document of a file (at most 256 MiB).
util::Result<Document> read_document_file(const std::filesystem::path& file);

}  // namespace report
