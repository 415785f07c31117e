#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/template.hpp"

namespace scenario {

using Nanos = std::chrono::nanoseconds;
using Millis = std::chrono::milliseconds;

/// One kind of request in the weighted mix.
struct RequestSpec {
    std::string name;
    std::string method = "GET";
    Template url;  ///< a path (joined to the target) or a full http:// URL
    std::vector<std::pair<std::string, Template>> headers;
    std::optional<Template> body;
    double weight = 1;
};

/// A step a phase takes (`phases[].actions`): on the app obsctl runs (demoapp on the local
/// stack, or the user's `--app`), on a process named by a pid file, or a command of its own.
/// What one changes is undone when the scenario ends (a stopped app started, a paused one
/// resumed), also on Ctrl-C and on failure.
struct Action {
    enum class Kind { stop, start, restart, pause, resume, signal, exec };
    Kind kind = Kind::exec;
    /// At the phase's start, at its end, or `offset` into it (scaled with the phase).
    enum class When { start, end, offset };
    When when = When::start;
    Nanos offset{0};
    std::vector<std::string> command;  ///< exec: argv; a string in the file runs as sh -c
    Millis timeout{30'000};            ///< exec: killed after this (never scaled)
    std::filesystem::path pid_file;    ///< signal: the process it names
    int signal = 15;                   ///< signal: the signal's number (SIGTERM)
    std::string text;                  ///< how reports show it: "stop app", "exec ./fill.sh"
};

/// A phase: open model (`rate`, constant or ramped) or closed model (`vus` with `think`).
struct Phase {
    std::string name;
    Nanos duration{0};
    std::optional<double> rate_from;  ///< requests/s at the start (open model)
    std::optional<double> rate_to;    ///< requests/s at the end (== rate_from when constant)
    unsigned vus = 0;                 ///< virtual users (closed model)
    Nanos think{0};                   ///< pause after each response (closed model)
    unsigned max_in_flight = 0;       ///< 0: the scenario's cap
    std::vector<Action> actions;
    bool open() const { return rate_from.has_value(); }
};

/// A client-side check on what obsctl measured, k6-style.
struct Threshold {
    enum class Metric { latency, error_ratio, rate };
    Metric metric = Metric::latency;
    std::string stat = "p95";     ///< latency: p50 p90 p95 p99 max mean
    std::optional<double> below;  ///< seconds (latency), ratio (error_ratio), req/s (rate)
    std::optional<double> above;
    std::string phase;    ///< empty: the whole run
    std::string request;  ///< empty: every request
    std::string text;     ///< how it reads in reports: "latency p95 < 800ms"
};

/// What the next stage (alert verification) checks; parsed and validated here.
/// What a receiver's notification of an expected alert must say (`expect.fire[].notification`),
/// checked on the text the receiver's integrations rendered (every field a person reads).
struct NotificationExpectation {
    std::string receiver;               ///< empty: the expectation's `receiver`
    std::string integration;            ///< "slack", "email", ...; empty: any of the receiver's
    std::vector<std::string> contains;  ///< each must appear, as written
    std::string matches;                ///< an ECMAScript regex searched in it; empty: none
};

struct FireExpectation {
    std::string alert;
    std::map<std::string, std::string> labels;
    std::string receiver;
    std::optional<Millis> within;
    /// Another expected alert whose firing must make Alertmanager suppress this one (an
    /// inhibit rule): seen with status.inhibitedBy while it fires, and no firing notification
    /// of this one after it fired. Routing and delivery of this alert are then not expected.
    std::string inhibited_by;
    /// Must be silenced by the run's `expect.silence`: seen with status.silencedBy, never
    /// notified. Routing and delivery of this alert are then not expected.
    bool silenced = false;
    /// Annotation name -> ECMAScript regex that the annotation, as Prometheus rendered it for
    /// the firing alert, must contain a match of (`expect.fire[].annotations`).
    std::map<std::string, std::string> annotations;
    std::optional<NotificationExpectation> notification;
    /// A phase's name: the fire deadline counts from its start and the resolve deadline from
    /// its end, instead of from the traffic's start and end.
    std::string after;
};

/// A silence obsctl creates in Alertmanager for the run and deletes afterwards.
struct SilenceSpec {
    std::map<std::string, std::string> matchers;  ///< label = value, all must match
    std::string comment = "obsctl run";
};

struct QueryExpectation {
    std::string query;
    std::optional<double> equals, min, max;
    std::string matches_client;  ///< a request name: compare with what obsctl counted
    double tolerance = 0;        ///< relative, 0.05 for "5%"
};

struct Expectations {
    std::vector<FireExpectation> fire;
    bool resolve = true;
    std::optional<Millis> resolve_within;
    bool quiet = true;
    std::vector<std::string> allow{"Watchdog"};
    std::vector<QueryExpectation> queries;
    std::string job;  ///< the app's scrape job, if not found by the target's host:port
    std::optional<SilenceSpec> silence;
};

/// One synthetic series a scenario serves for Prometheus to scrape (`series:`): what traffic
/// cannot move (memory, disk, queue depth, a certificate's expiry, a batch job's last
/// success). Its values come per `interval` from the traffic's start (promtool's expanding
/// notation) or per phase; both are time-scaled like everything else.
struct SeriesSpec {
    std::string text;  ///< as written: 'node_filesystem_avail_bytes{mountpoint="/"}'
    std::string metric;
    std::map<std::string, std::string> labels;  ///< `job` and `instance` are kept as given
    /// One sample of `values`: a number, `_` (no sample at that step) or `stale` (the series
    /// is gone from the scrape).
    struct Sample {
        enum class Kind { value, missing, stale };
        Kind kind = Kind::value;
        double value = 0;
    };
    std::vector<Sample> values;  ///< `values:` expanded; empty when given per phase
    Millis interval{60'000};     ///< one of `values` per interval (promtool's default 1m)
    /// `phases:` phase name -> its value, a constant (from == to) or a line from `from` at the
    /// phase's start to `to` at its end. A phase not named serves no sample.
    struct Span {
        double from = 0, to = 0;
    };
    std::map<std::string, Span> phases;
};

struct Scenario {
    std::filesystem::path file;
    std::string source;  ///< the file's text: reports carry it, so merged reports re-judge it
    std::string name;
    std::string description;
    std::string target;  ///< empty: --target, OBSCTL_TARGET or a stack's demo app gives it
    std::optional<std::uint64_t> seed;
    std::vector<RequestSpec> requests;
    std::vector<Phase> phases;
    std::vector<Threshold> thresholds;
    std::vector<SeriesSpec> series;
    unsigned max_in_flight = 1000;
    Millis timeout{10'000};
    Expectations expect;

    Nanos duration() const;
    /// FNV-1a 64 of `source` as 16 hex digits: segments' reports merge only when they match.
    std::string checksum() const;
};

}  // namespace scenario
