// Alertmanager's routing, as dispatch/route.go and pkg/labels/parse.go do it (the table test
// tests/integration/routes_amtool_test.cpp compares with amtool itself).
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "promapi/alertmanager_client.hpp"
#include "promapi/routes.hpp"
#include "support/test_support.hpp"

using namespace promapi;

namespace {

Route tree(const std::string& yaml) {
    auto t = parse_routing_tree(yaml, "test.yml");
    BOOST_TEST_REQUIRE(t.has_value(), (t ? "" : t.error().message()));
    return *t;
}

std::vector<std::string> texts(const std::vector<LabelMatcher>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms)
        out.push_back(m.text());
    return out;
}

const char* k_nested = R"(route:
  receiver: default
  routes:
    - matchers: ['team="db"']
      receiver: db
      routes:
        - {matchers: ['severity="critical"'], receiver: db-pager}
        - matchers: ['severity=~"warn.*"']
    - {match: {severity: critical}, receiver: oncall, continue: true}
    - {match_re: {service: "web|api"}, receiver: web}
    - {matchers: ['env!="prod"', 'region!~"eu-.*"'], receiver: dev}
)";

}  // namespace

BOOST_AUTO_TEST_CASE(parses_matchers_as_alertmanager_does) {
    auto ms = parse_matchers(R"({foo = "bar", dings != "bums", })");
    BOOST_REQUIRE(ms.has_value());
    BOOST_TEST((texts(*ms) == std::vector<std::string>{R"(foo="bar")", R"(dings!="bums")"}));
    ms = parse_matchers(R"(statuscode=~"5..",x!~y)");
    BOOST_REQUIRE(ms.has_value());
    BOOST_TEST((texts(*ms) == std::vector<std::string>{R"(statuscode=~"5..")", R"(x!~"y")"}));
    // Commas inside quotes, escaped quotes, \n, and a stray backslash kept literally.
    ms = parse_matchers(R"(quote="She said: \"Hi, all\"", nl="a\nb", path="c:\d")");
    BOOST_REQUIRE(ms.has_value());
    BOOST_REQUIRE(ms->size() == 3u);
    BOOST_TEST((*ms)[0].value == "She said: \"Hi, all\"");
    BOOST_TEST((*ms)[1].value == "a\nb");
    BOOST_TEST((*ms)[2].value == "c:\\d");
    // An unquoted value keeps inner spaces; a quoted one may be empty.
    ms = parse_matchers("team = site reliability , empty=\"\"");
    BOOST_REQUIRE(ms.has_value());
    BOOST_TEST((*ms)[0].value == "site reliability");
    BOOST_TEST((*ms)[1].value == "");
}

BOOST_AUTO_TEST_CASE(reads_empty_and_null_fields_as_alertmanager_does) {
    const Route root = tree(
        "route:\n  receiver: d\n  routes:\n    - {receiver: ~, continue: ~, "
        "routes: ~, matchers: [], match: ~}\n");
    BOOST_REQUIRE(root.routes.size() == 1u);
    BOOST_TEST(root.routes[0].receiver == "d");  // inherited
    BOOST_TEST(!root.routes[0].continue_matching);
    BOOST_TEST(root.routes[0].matchers.empty());
    BOOST_TEST(resolve(root, {}).matches[0].describe() == "route 1: no matchers");
}

BOOST_AUTO_TEST_CASE(refuses_what_alertmanager_refuses) {
    for (const char* bad : {"=x", "1a=b", "a", "a==\"b\"\"", "a=\"b", "a=b,,c=d", "a<b"}) {
        auto ms = parse_matchers(bad);
        BOOST_TEST(!ms.has_value(), bad);
    }
    auto t = parse_routing_tree("route:\n  receiver: a\n  routes:\n    - matchers: ['x=\"y']\n",
                                "am.yml");
    BOOST_REQUIRE(!t.has_value());
    BOOST_TEST(t.error().where == "am.yml");
    BOOST_TEST(t.error().what.starts_with("route.routes[0].matchers[0]: "), t.error().what);
}

BOOST_AUTO_TEST_CASE(regexes_are_anchored_and_an_absent_label_is_empty) {
    const auto re = make_matcher("service", LabelMatcher::Op::regex, "web|api");
    BOOST_TEST(*re.matches("web"));
    BOOST_TEST(!*re.matches("webshop"));  // ^(?:web|api)$
    BOOST_TEST(!*re.matches(""));
    const auto not_eu = make_matcher("region", LabelMatcher::Op::not_regex, "eu-.*");
    BOOST_TEST(*not_eu.matches(""));
    BOOST_TEST(!*not_eu.matches("eu-west"));
    BOOST_TEST(*make_matcher("env", LabelMatcher::Op::regex, "(?i)PROD").matches("prod"));
    BOOST_TEST(*make_matcher("env", LabelMatcher::Op::regex, ".*").matches(""));
    // What std::regex cannot read is unknown, never guessed.
    BOOST_TEST(!make_matcher("a", LabelMatcher::Op::regex, "(?P<x>y)").matches("y").has_value());
}

BOOST_AUTO_TEST_CASE(the_first_matching_child_wins_and_continue_goes_on) {
    const Route root = tree(k_nested);
    auto r = resolve(root, {{"severity", "critical"}, {"service", "api"}, {"env", "prod"}});
    // oncall continues, so web is tried and matches too; dev does not (env is prod).
    BOOST_TEST(r.receivers() == "oncall,web");
    BOOST_REQUIRE(r.matches.size() == 2u);
    BOOST_TEST(r.matches[0].describe() == "route 2: severity=\"critical\"");
    BOOST_TEST(r.matches[1].describe() == "route 3: service=~\"web|api\"");
    // The first match without continue stops the search: db, not oncall.
    r = resolve(root, {{"team", "db"}, {"severity", "critical"}});
    BOOST_TEST(r.receivers() == "db-pager");
    BOOST_TEST(r.matches[0].path == "1.1");
    BOOST_TEST(r.matches[0].describe() == "route 1.1: team=\"db\", severity=\"critical\"");
}

BOOST_AUTO_TEST_CASE(a_route_without_receiver_inherits_and_no_match_falls_to_its_parent) {
    const Route root = tree(k_nested);
    // route 1.2 has no receiver: its parent's, db.
    auto r = resolve(root, {{"team", "db"}, {"severity", "warning"}});
    BOOST_TEST(r.receivers() == "db");
    BOOST_TEST(r.matches[0].path == "1.2");
    // No child of route 1 matches: route 1 itself.
    r = resolve(root, {{"team", "db"}, {"severity", "info"}});
    BOOST_TEST(r.receivers() == "db");
    BOOST_TEST(r.matches[0].path == "1");
    // Nothing matches (region is eu-west, env prod): the default route.
    r = resolve(root, {{"env", "prod"}, {"region", "eu-west"}});
    BOOST_TEST(r.receivers() == "default");
    BOOST_TEST(r.matches[0].describe() == "default route");
}

BOOST_AUTO_TEST_CASE(lists_the_routes_that_lead_to_a_receiver) {
    const Route root = tree(k_nested);
    std::vector<std::string> shown;
    for (const auto& m : routes_to(root, "db"))
        shown.push_back(m.describe());
    BOOST_TEST((shown == std::vector<std::string>{"route 1: team=\"db\"",
                                                  "route 1.2: team=\"db\", severity=~\"warn.*\""}));
    BOOST_TEST(routes_to(root, "nobody").empty());
    BOOST_TEST(routes_to(root, "default").front().describe() == "default route");
}

BOOST_AUTO_TEST_CASE(names_the_absent_labels_the_decision_read) {
    const Route root = tree(k_nested);
    // severity and alertname are known; team, service, env and region are not.
    auto r = resolve(root, {{"alertname", "X"}, {"severity", "critical"}});
    BOOST_TEST(r.receivers() == "oncall,dev");
    BOOST_TEST((r.depends_on == std::set<std::string>{"team", "service", "env", "region"}));
    // A route already ruled out by a known label does not make its absent labels matter.
    const Route simple = tree(
        "route:\n  receiver: d\n  routes:\n    - matchers: "
        "['severity=\"warning\"', 'team=\"db\"']\n      receiver: t\n");
    r = resolve(simple, {{"severity", "critical"}});
    BOOST_TEST(r.receivers() == "d");
    BOOST_TEST(r.depends_on.empty());
}

BOOST_AUTO_TEST_CASE(the_status_answer_carries_the_tree_with_the_timing) {
    // Captured from the shipped stack: severity routes to oncall and team.
    auto timing = parse_route_timing({200, test_support::captured("am_status.json")}, "u");
    BOOST_REQUIRE(timing.has_value());
    BOOST_REQUIRE(timing->tree.has_value());
    BOOST_TEST(resolve(*timing->tree, {{"severity", "critical"}}).receivers() == "oncall");
    BOOST_TEST(resolve(*timing->tree, {{"severity", "warning"}}).receivers() == "team");
    BOOST_TEST(resolve(*timing->tree, {{"severity", "info"}}).receivers() == "default");
    // A tree obsctl cannot read leaves the timing standing.
    const std::string yaml =
        "route:\n  receiver: a\n  routes: [{matchers: ['x=\"'], receiver: b}]\n";
    timing = parse_route_timing(
        HttpResponse{200, nlohmann::json{{"config", {{"original", yaml}}}}.dump()}, "u");
    BOOST_REQUIRE(timing.has_value());
    BOOST_TEST(!timing->tree.has_value());
    BOOST_TEST(timing->tree_error.find("route.routes[0].matchers[0]") != std::string::npos,
               timing->tree_error);
}
