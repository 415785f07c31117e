#include <boost/test/unit_test.hpp>
#include <fstream>

#include "coverage/coverage.hpp"
#include "support/test_support.hpp"

namespace {

promapi::AlertRule loaded(const std::string& name, const std::string& severity) {
    promapi::AlertRule r;
    r.name = name;
    r.group = "g";
    r.labels["severity"] = severity;
    return r;
}

verify::AlertResult expected(const std::string& name, bool fire, bool resolve, bool route = true) {
    verify::AlertResult a{name, "team", verify::AlertTimeline({name, {}}), {}, {}, {}, {}, {}};
    a.checks = {verify::judged("fire " + name, fire, ""),
                verify::judged("route " + name + " -> team", route, ""),
                verify::judged("resolve " + name, resolve, "")};
    return a;
}

/// A verification that loaded A..E: A expected and passed (its route failing does not matter
/// to the rule), B expected and never resolved, C fired unexpectedly, D only went pending.
verify::VerifyReport sample() {
    verify::VerifyReport r;
    r.loaded_rules = {loaded("A", "critical"), loaded("B", "warning"), loaded("C", "warning"),
                      loaded("D", "warning"), loaded("E", "")};
    r.alerts = {expected("A", true, true, false), expected("B", true, false)};
    r.seen["A"] = {verify::Millis{1000}, verify::Millis{2000}};
    r.seen["B"] = {verify::Millis{1000}, verify::Millis{2000}};
    r.seen["C"] = {std::nullopt, verify::Millis{3000}};
    r.seen["D"] = {verify::Millis{3000}, std::nullopt};
    return r;
}

std::vector<std::string> statuses(const coverage::Coverage& c) {
    std::vector<std::string> out;
    for (const auto& r : c.rules)
        out.push_back(r.name + ": " + r.status());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(classifies_every_loaded_rule) {
    const auto c = coverage::of_run("s1", sample());
    BOOST_TEST(statuses(c) == (std::vector<std::string>{"A: covered", "B: expected, failed",
                                                        "C: fired unexpectedly", "D: pending only",
                                                        "E: not exercised"}),
               boost::test_tools::per_element());
    BOOST_TEST(c.covered() == 1u);
    BOOST_TEST(c.percent() == 20.0);
    const auto why = coverage::below(c, 50);
    BOOST_TEST_REQUIRE(why.has_value());
    BOOST_TEST(*why == "rule coverage 20.0% is below --min-coverage 50%; not covered: B, C, D, E");
    BOOST_TEST(!coverage::below(c, 20).has_value());
}

BOOST_AUTO_TEST_CASE(merges_runs_by_group_and_name_through_the_file) {
    auto first = coverage::of_run("s1", sample());
    // A second run covers B and loads a rule the first did not.
    verify::VerifyReport second;
    second.loaded_rules = {loaded("B", "warning"), loaded("F", "critical")};
    second.alerts = {expected("B", true, true)};
    second.seen["B"] = {verify::Millis{1000}, verify::Millis{2000}};
    test_support::TempDir dir;
    std::ofstream(dir.path() / "a.json") << coverage::to_json(first);
    std::ofstream(dir.path() / "b.json") << coverage::to_json(coverage::of_run("s2", second));
    auto a = coverage::read_file(dir.path() / "a.json");
    auto b = coverage::read_file(dir.path() / "b.json");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST_REQUIRE(b.has_value());
    a->merge(*b);
    BOOST_TEST(statuses(*a) == (std::vector<std::string>{"A: covered", "B: covered",
                                                         "C: fired unexpectedly", "D: pending only",
                                                         "E: not exercised", "F: not exercised"}),
               boost::test_tools::per_element());
    BOOST_TEST(a->rules[1].scenarios() == std::vector<std::string>{"s2"});

    std::ofstream(dir.path() / "bad.json") << R"({"scenario": "x"})";
    auto bad = coverage::read_file(dir.path() / "bad.json");
    BOOST_TEST_REQUIRE(!bad.has_value());
    BOOST_TEST(static_cast<int>(bad.error().code) == 2);
    BOOST_TEST(bad.error().where == (dir.path() / "bad.json").string());
}

BOOST_AUTO_TEST_CASE(a_rule_whose_checks_were_not_judged_is_never_called_failed) {
    verify::VerifyReport report;
    report.loaded_rules = {loaded("A", "critical")};
    auto a = expected("A", true, true);
    a.checks[2].outcome = verify::Outcome::not_judged;  // Ctrl-C before the resolve deadline
    report.alerts.push_back(a);
    const auto c = coverage::of_run("errors", report);
    BOOST_REQUIRE(c.rules.size() == 1u);
    BOOST_TEST(c.rules[0].status() == "expected, undecided");
    BOOST_TEST(!c.rules[0].covered());
}
