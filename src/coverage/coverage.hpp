#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "verify/verifier.hpp"

namespace coverage {

/// What one scenario did to one rule.
struct Outcome {
    std::string scenario;
    bool expected = false;  ///< the scenario's expect.fire named it
    bool pending = false;   ///< seen pending (or firing) during the run
    bool fired = false;
    bool passed = false;  ///< expected, and its fire (and resolve, when asked) checks passed
    /// Expected, none of those checks failed, but one was not judged (the run ended first) or
    /// inconclusive (the stack hid it): it says nothing of the rule ("expected, undecided").
    bool not_judged = false;
};

/// One alerting rule the ruler had loaded, and every scenario's outcome on it.
struct Rule {
    std::string name, group, severity;
    std::vector<Outcome> outcomes;

    /// Some scenario expected it and saw it fire (and resolve) as expected.
    bool covered() const;
    /// "covered", "expected, failed", "expected, undecided", "fired unexpectedly",
    /// "pending only", "not exercised".
    std::string status() const;
    /// The scenarios behind the status ("errors, slow"), empty for "not exercised".
    std::vector<std::string> scenarios() const;
};

/// Rule coverage: every alerting rule, by (group, name), in the ruler's order.
struct Coverage {
    std::vector<Rule> rules;

    std::size_t covered() const;
    double percent() const;  ///< 100 when there are no rules
    /// Adds another scenario's or file's outcomes: rules merge by (group, name).
    void merge(const Coverage& other);
    bool empty() const { return rules.empty(); }
};

/// One scenario's coverage from its verification.
Coverage of_run(const std::string& scenario, const verify::VerifyReport& report);

/// The table: one row per rule, then counts per severity.
void print(std::FILE* out, const Coverage& c);

/// {"obsctl_coverage": 1, "rules": [...]}; read_file refuses anything else (exit 2 naming the
/// file).
std::string to_json(const Coverage& c);
util::Result<Coverage> read_file(const std::filesystem::path& file);
/// read_file of text already read (`where` names it in errors).
util::Result<Coverage> parse(const std::string& text, const std::string& where);

/// --min-coverage: nothing below it; else exit 1's reason naming the uncovered rules.
std::optional<std::string> below(const Coverage& c, double min_percent);

}  // namespace coverage
