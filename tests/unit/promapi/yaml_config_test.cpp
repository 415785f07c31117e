// Merge keys as Go's YAML libraries read Prometheus's and Alertmanager's files (yaml-cpp keeps
// "<<" as a key). tests/integration/routes_amtool_test.cpp checks a merged tree against amtool.
#include <boost/test/unit_test.hpp>

#include "promapi/receivers.hpp"
#include "promapi/yaml_config.hpp"

using promapi::load_config_yaml;
using promapi::MergeKeys;

namespace {

const char* k_merges =
    R"(base: &b {receiver: pager, group_wait: 10s, match: {team: a}, matchers: ['x="1"']}
other: &o {receiver: quiet, repeat_interval: 1h}
one: {<<: *b, group_wait: 1m, match: {env: prod}, matchers: ['y="2"']}
two: {<<: [*o, *b]}
late: {receiver: own, <<: *b}
)";

}  // namespace

BOOST_AUTO_TEST_CASE(alertmanager_reads_merges_in_document_order_deep_and_adds_up_matchers) {
    const auto doc = load_config_yaml(k_merges);
    const auto one = doc["one"];
    BOOST_TEST(!one["<<"]);
    BOOST_TEST(one["receiver"].as<std::string>() == "pager");
    BOOST_TEST(one["group_wait"].as<std::string>() == "1m");    // set after the merge
    BOOST_TEST(one["match"]["team"].as<std::string>() == "a");  // a map merges into a map
    BOOST_TEST(one["match"]["env"].as<std::string>() == "prod");
    BOOST_TEST(one["matchers"].size() == 2u);  // Matchers append
    const auto two = doc["two"];
    BOOST_TEST(two["receiver"].as<std::string>() == "quiet");  // the first listed wins
    BOOST_TEST(two["repeat_interval"].as<std::string>() == "1h");
    BOOST_TEST(two["group_wait"].as<std::string>() == "10s");
    BOOST_TEST(doc["late"]["receiver"].as<std::string>() == "pager");  // the later merge wins
}

BOOST_AUTO_TEST_CASE(rule_files_read_merges_with_the_mappings_own_keys_winning) {
    const auto doc = load_config_yaml(k_merges, MergeKeys::go_yaml_v3);
    BOOST_TEST(doc["one"]["group_wait"].as<std::string>() == "1m");
    BOOST_TEST(!doc["one"]["match"]["team"]);  // its own map, not merged into
    BOOST_TEST(doc["one"]["matchers"].size() == 1u);
    BOOST_TEST(doc["two"]["receiver"].as<std::string>() == "quiet");
    BOOST_TEST(doc["late"]["receiver"].as<std::string>() == "own");
}

BOOST_AUTO_TEST_CASE(merges_chain_and_nest_and_a_quoted_key_is_only_a_key) {
    const auto doc = load_config_yaml(R"(a: &a {x: 1}
b: &b {<<: *a, y: 2}
c: {<<: *b}
deep: {list: [{<<: *a, z: 3}]}
quoted: {'<<': *a}
)");
    BOOST_TEST(doc["c"]["x"].as<int>() == 1);  // b merged a before c merged b
    BOOST_TEST(doc["c"]["y"].as<int>() == 2);
    BOOST_TEST(doc["deep"]["list"][0]["x"].as<int>() == 1);
    BOOST_TEST(doc["deep"]["list"][0]["z"].as<int>() == 3);
    BOOST_TEST(doc["quoted"]["<<"].IsMap());  // a quoted "<<" is not a merge key in Go either
    BOOST_TEST(doc["a"].size() == 1u);        // the anchor itself is left as it was
}

BOOST_AUTO_TEST_CASE(a_document_without_merge_keys_keeps_its_marks) {
    const auto doc = load_config_yaml("route:\n  receiver: x\n");
    BOOST_TEST(doc["route"]["receiver"].Mark().line == 1);
}

BOOST_AUTO_TEST_CASE(a_receiver_built_from_an_anchor_has_its_integrations) {
    const auto doc = load_config_yaml(R"(receivers:
  - &hooks {name: hooks, webhook_configs: [{url: 'http://127.0.0.1:9/x'}]}
  - {<<: *hooks, name: hooks-too}
)");
    const auto r = promapi::resolved_notifications(doc["receivers"][1]);
    BOOST_TEST(r.integrated);
    BOOST_TEST(r.sent);  // a webhook sends resolved notifications by default
    BOOST_TEST(doc["receivers"][1]["name"].as<std::string>() == "hooks-too");
}
