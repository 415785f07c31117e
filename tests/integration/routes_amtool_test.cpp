// obsctl's routing (promapi/routes.cpp) against Alertmanager's own: for every label set x routing
// tree, `amtool config routes test` on the same file must print the same receivers in the same
// order. Trees: the shipped stack's, examples/your-stack's, and one of this test's with nested
// routes, `continue`, regex and negative matchers, old-style match/match_re, odd matcher syntax
// and routes that inherit their parent's receiver.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "promapi/routes.hpp"
#include "support/test_support.hpp"
#include "util/process.hpp"

namespace {

using Labels = promapi::Labels;

const char* k_own_tree = R"(route:
  receiver: default
  routes:
    - receiver: db
      matchers: ['{team="db", env!="dev"}']
      routes:
        - receiver: db-pager
          matchers: [severity="critical"]
          continue: true
        - matchers: ['severity=~"crit.*|page"']
        - receiver: db-slack
          match_re: {service: "pg|mysql"}
    - receiver: web
      match: {service: web}
      continue: true
    - receiver: not-eu
      matchers: ['region!~"eu-.*"', 'service=~web|api']
    - receiver: quoted
      matchers: ['msg="a, \"b\""', 'path=~"/api/.+"']
    - matchers: ['severity="info"']
      routes:
        - receiver: info-night
          matchers: [shift = night ]
    - receiver: anything-else
      matchers: ['severity!=""', 'severity!="info"', 'severity!~"crit.*|page"']
receivers:
  - name: default
  - name: db
  - name: db-pager
  - name: db-slack
  - name: web
  - name: not-eu
  - name: quoted
  - name: info-night
  - name: anything-else
)";

/// amtool's answer: the receivers, comma-separated, on one line.
std::string amtool_receivers(const std::filesystem::path& config, const Labels& labels,
                             const std::filesystem::path& scratch) {
    std::vector<std::string> argv{"amtool", "config", "routes", "test",
                                  "--config.file=" + config.string()};
    for (const auto& [name, value] : labels) {
        // Quoted, with ParseMatcher's escapes, so any value reads back as itself.
        std::string quoted;
        for (char c : value)
            quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        argv.push_back(name + "=\"" + quoted + "\"");
    }
    auto out = util::run_command(argv, scratch);
    BOOST_TEST_REQUIRE(out.has_value());
    BOOST_TEST_REQUIRE(out->exit_status == 0, out->output);
    // stderr shares the output: amtool warns that --config.file overrides --alertmanager.url.
    std::istringstream lines(out->output);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("Warning: "))
            return line;
    }
    return "(nothing)";
}

std::string shown(const Labels& labels) {
    std::string out = "{";
    for (const auto& [name, value] : labels)
        out += (out.size() > 1 ? ", " : "") + name + "=" + value;
    return out + "}";
}

void agree(const std::filesystem::path& config, const std::vector<Labels>& label_sets) {
    std::ifstream in(config);
    std::stringstream text;
    text << in.rdbuf();
    auto tree = promapi::parse_routing_tree(text.str(), config.string());
    BOOST_TEST_REQUIRE(tree.has_value(), (tree ? "" : tree.error().message()));
    test_support::TempDir dir;
    for (const auto& labels : label_sets) {
        const std::string theirs = amtool_receivers(config, labels, dir.path() / "amtool.out");
        const auto ours = promapi::resolve(*tree, labels);
        BOOST_TEST(ours.receivers() == theirs, config.filename()
                                                   << " " << shown(labels) << ": obsctl "
                                                   << ours.receivers() << ", amtool " << theirs);
        BOOST_TEST(ours.unreadable.empty());
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_shipped_tree_routes_as_amtool_says) {
    agree(std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack/alertmanager/alertmanager.yml",
          {{},
           {{"severity", "critical"}},
           {{"severity", "warning"}},
           {{"severity", "info"}},
           {{"severity", "Critical"}},
           {{"severity", "critical "}},
           {{"alertname", "HighErrorRate"}, {"severity", "critical"}, {"job", "demoapp"}},
           {{"alertname", "HighLatency"}, {"severity", "warning"}, {"stack", "obsctl-demo"}},
           {{"alertname", "Watchdog"}, {"severity", "none"}},
           {{"alertname", "ApplicationDown"}},
           {{"job", "demoapp"}, {"severity", ""}}});
}

BOOST_AUTO_TEST_CASE(the_example_users_tree_routes_as_amtool_says) {
    agree(std::filesystem::path(OBSCTL_SOURCE_DIR) / "examples/your-stack/alertmanager.yml",
          {{},
           {{"severity", "critical"}},
           {{"severity", "warning"}},
           {{"severity", "page"}},
           {{"alertname", "APIDown"}, {"severity", "critical"}, {"job", "api"}},
           {{"alertname", "APIBadQueries"}, {"severity", "warning"}, {"job", "api"}},
           {{"alertname", "APISlowQueries"}},
           {{"severity", "CRITICAL"}},
           {{"team", "api"}, {"severity", "critical"}},
           {{"severity", "criticalish"}}});
}

BOOST_AUTO_TEST_CASE(a_tree_with_every_kind_of_matcher_routes_as_amtool_says) {
    test_support::TempDir dir;
    const auto config = dir.path() / "own.yml";
    std::ofstream(config) << k_own_tree;
    agree(config, {
                      {},
                      {{"team", "db"}},
                      {{"team", "db"}, {"env", "dev"}},
                      {{"team", "db"}, {"severity", "critical"}},  // continue: two receivers
                      {{"team", "db"}, {"severity", "page"}, {"service", "pg"}},
                      {{"team", "db"}, {"service", "mysql"}},
                      {{"team", "db"}, {"service", "mysql2"}},
                      {{"service", "web"}},  // web continues to not-eu
                      {{"service", "web"}, {"region", "eu-west"}},
                      {{"service", "api"}, {"region", "us-east"}},
                      {{"service", "api"}, {"region", "eu-"}},
                      {{"msg", "a, \"b\""}, {"path", "/api/x"}},
                      {{"msg", "a, \"b\""}, {"path", "/api/"}},
                      {{"severity", "info"}},  // a route without receiver: its parent's
                      {{"severity", "info"}, {"shift", "night"}},
                      {{"severity", "warning"}},
                      {{"severity", "critical"}, {"team", "web"}},
                      {{"alertname", "X"}, {"severity", "INFO"}},
                  });
}

BOOST_AUTO_TEST_CASE(a_tree_built_from_yaml_merge_keys_routes_as_amtool_says) {
    // Go's YAML reads `<<: *anchor` (and a list of them) as the anchored mapping's keys, and
    // Alertmanager's matchers add up across them; yaml-cpp alone reads a key named "<<".
    test_support::TempDir dir;
    const auto config = dir.path() / "merged.yml";
    std::ofstream(config) << R"(route:
  receiver: default
  routes:
    - &page {receiver: pager, continue: true, matchers: ['severity="critical"']}
    - &quiet {receiver: quiet, continue: true, matchers: ['severity="info"']}
    - <<: [*quiet, *page]
      group_wait: 1m
    - <<: *page
      receiver: db-pager
      continue: false
      matchers: ['team="db"']
receivers:
  - name: default
  - name: pager
  - name: quiet
  - name: db-pager
)";
    agree(config, {
                      {},
                      {{"severity", "critical"}},
                      {{"severity", "critical"}, {"team", "db"}},
                      {{"severity", "info"}},  // the merged route needs info and critical
                      {{"severity", "info"}, {"team", "db"}},
                      {{"team", "db"}},  // its matchers add to the anchor's
                      {{"team", "db"}, {"severity", "critical"}},
                  });
}
