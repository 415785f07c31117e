#include "coverage/coverage.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace coverage {

bool Rule::covered() const {
    return std::any_of(outcomes.begin(), outcomes.end(),
                       [](const Outcome& o) { return o.expected && o.passed; });
}

std::string Rule::status() const {
    auto any = [&](auto pred) { return std::any_of(outcomes.begin(), outcomes.end(), pred); };
    if (covered())
        return "covered";
    if (any([](const Outcome& o) { return o.expected && !o.not_judged; }))
        return "expected, failed";
    if (any([](const Outcome& o) { return o.expected; }))
        return "expected, undecided";
    if (any([](const Outcome& o) { return o.fired; }))
        return "fired unexpectedly";
    if (any([](const Outcome& o) { return o.pending; }))
        return "pending only";
    return "not exercised";
}

std::vector<std::string> Rule::scenarios() const {
    const std::string s = status();
    std::vector<std::string> out;
    for (const auto& o : outcomes) {
        const bool counts = s == "covered"               ? o.expected && o.passed
                            : s == "expected, failed"    ? o.expected && !o.not_judged
                            : s == "expected, undecided" ? o.expected
                            : s == "fired unexpectedly"  ? o.fired
                                                         : o.pending;
        if (counts && std::find(out.begin(), out.end(), o.scenario) == out.end())
            out.push_back(o.scenario);
    }
    return out;
}

std::size_t Coverage::covered() const {
    return static_cast<std::size_t>(
        std::count_if(rules.begin(), rules.end(), [](const Rule& r) { return r.covered(); }));
}

double Coverage::percent() const {
    return rules.empty()
               ? 100.0
               : 100.0 * static_cast<double>(covered()) / static_cast<double>(rules.size());
}

void Coverage::merge(const Coverage& other) {
    for (const auto& r : other.rules) {
        auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& mine) {
            return mine.name == r.name && mine.group == r.group;
        });
        if (it == rules.end()) {
            rules.push_back(r);
        } else {
            it->outcomes.insert(it->outcomes.end(), r.outcomes.begin(), r.outcomes.end());
            if (it->severity.empty())
                it->severity = r.severity;
        }
    }
}

Coverage of_run(const std::string& scenario, const verify::VerifyReport& report) {
    Coverage c;
    for (const auto& loaded : report.loaded_rules) {
        Rule r{loaded.name, loaded.group, "", {}};
        if (auto s = loaded.labels.find("severity"); s != loaded.labels.end())
            r.severity = s->second;
        Outcome o{scenario, false, false, false, false, false};
        if (auto seen = report.seen.find(loaded.name); seen != report.seen.end()) {
            o.fired = seen->second.firing.has_value();
            o.pending = o.fired || seen->second.pending.has_value();
        }
        for (const auto& a : report.alerts) {
            if (a.alert != loaded.name)
                continue;
            o.expected = true;
            // Fire and resolve as expected: no fire or resolve check failed or was left
            // unjudged (delivery and routing are Alertmanager's part, not the rule's).
            const auto rule_check = [](const verify::Check& k) {
                return k.name.starts_with("fire ") || k.name.starts_with("resolve ");
            };
            o.passed = std::all_of(a.checks.begin(), a.checks.end(), [&](const verify::Check& k) {
                return !rule_check(k) || k.passed();
            });
            const bool failed = std::any_of(a.checks.begin(), a.checks.end(), [&](const auto& k) {
                return rule_check(k) && k.failed();
            });
            o.not_judged = !o.passed && !failed &&
                           std::any_of(a.checks.begin(), a.checks.end(),
                                       [&](const auto& k) { return rule_check(k) && !k.passed(); });
        }
        r.outcomes.push_back(o);
        c.rules.push_back(std::move(r));
    }
    return c;
}

std::optional<std::string> below(const Coverage& c, double min_percent) {
    if (c.percent() + 1e-9 >= min_percent)
        return std::nullopt;
    std::vector<std::string> uncovered;
    for (const auto& r : c.rules) {
        if (!r.covered())
            uncovered.push_back(r.name);
    }
    char pct[64];
    std::snprintf(pct, sizeof pct, "rule coverage %.1f%% is below --min-coverage %g%%", c.percent(),
                  min_percent);
    return std::string(pct) + "; not covered: " + util::join(uncovered, ", ");
}

}  // namespace coverage
