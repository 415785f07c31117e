#include <yaml-cpp/yaml.h>
#include <boost/test/unit_test.hpp>

#include "promapi/relabel.hpp"

namespace {

using promapi::LabelSet;
using Fate = promapi::Relabelled::Fate;

promapi::Relabelled run(const LabelSet& labels, const char* configs) {
    return promapi::relabel(labels, YAML::Load(configs));
}

std::string expand(const std::string& tmpl, const std::string& value, const std::string& re) {
    static std::smatch match;
    static std::string subject;
    subject = value;
    std::regex_match(subject, match, std::regex(re));
    return promapi::expand_template(tmpl, match);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_probing_exporter_pattern_scrapes_the_exporter_and_keeps_the_url) {
    // blackbox_exporter's README, verbatim.
    const auto out = run({{"__address__", "http://127.0.0.1:8080/health"},
                          {"__param_module", "http_2xx"},
                          {"team", "web"}},
                         R"(
- source_labels: [__address__]
  target_label: __param_target
- source_labels: [__param_target]
  target_label: instance
- target_label: __address__
  replacement: 127.0.0.1:9115
)");
    BOOST_REQUIRE(out.fate == Fate::kept);
    BOOST_TEST(out.labels.at("__address__") == "127.0.0.1:9115");
    BOOST_TEST(out.labels.at("__param_target") == "http://127.0.0.1:8080/health");
    BOOST_TEST(out.labels.at("instance") == "http://127.0.0.1:8080/health");
    BOOST_TEST(out.labels.at("team") == "web");
}

BOOST_AUTO_TEST_CASE(replace_joins_source_labels_and_expands_groups_as_relabel_go_does) {
    // relabel_test.go's "boobam"/"boooom" case.
    const auto out = run({{"a", "foo"}, {"b", "bar"}, {"c", "baz"}}, R"(
- {source_labels: [a, b], regex: 'f(.*);(.*)r', target_label: a, replacement: 'b${1}${2}m'}
- {source_labels: [c, a], regex: '(b).*b(.*)ba(.*)', target_label: d, replacement: '$1$2$2$3'}
- {source_labels: [a, b], separator: '/', regex: '(.*)/(.*)', target_label: e, replacement: '$2'}
)");
    BOOST_REQUIRE(out.fate == Fate::kept);
    BOOST_TEST(out.labels.at("a") == "boobam");
    BOOST_TEST(out.labels.at("d") == "boooom");
    BOOST_TEST(out.labels.at("e") == "bar");
}

BOOST_AUTO_TEST_CASE(replace_without_a_match_changes_nothing_and_an_empty_result_deletes) {
    const auto out = run({{"a", "foo"}, {"b", "bar"}}, R"(
- {source_labels: [a], regex: 'x(.*)', target_label: b, replacement: gone}
- {source_labels: [a], regex: 'f(.*)', target_label: a, replacement: ''}
- {target_label: fixed, replacement: value}
- {source_labels: [b], regex: 'b(.*)', target_label: '${1}_x', replacement: x}
- {source_labels: [b], regex: 'b(.*)', target_label: '9${1}', replacement: x}
)");
    BOOST_REQUIRE(out.fate == Fate::kept);
    BOOST_TEST(out.labels.at("b") == "bar");
    BOOST_TEST(!out.labels.contains("a"));
    BOOST_TEST(out.labels.at("fixed") == "value");  // an absent source: the fast path
    // target_label expands too; a name that is not a label name ("9ar") sets nothing.
    BOOST_TEST(out.labels.at("ar_x") == "x");
    BOOST_TEST(out.labels.size() == 3u);
}

BOOST_AUTO_TEST_CASE(keep_and_drop_match_the_whole_value) {
    const LabelSet web{{"job", "webserver"}};
    BOOST_TEST((run(web, "[{source_labels: [job], regex: web, action: keep}]").fate ==
                Fate::dropped));  // anchored: "web" is not "webserver"
    BOOST_TEST(
        (run(web, "[{source_labels: [job], regex: 'web.*', action: keep}]").fate == Fate::kept));
    BOOST_TEST(
        (run(web, "[{source_labels: [job], regex: 'web.*', action: Drop}]").fate == Fate::dropped));
    BOOST_TEST((run(web, "[{source_labels: [job], regex: '(?i)WEB.*', action: drop}]").fate ==
                Fate::dropped));
    BOOST_TEST((run({{"a", "x"}, {"b", "x"}},
                    "[{source_labels: [a], target_label: b, "
                    "action: keepequal}]")
                    .fate == Fate::kept));
    BOOST_TEST((run({{"a", "x"}, {"b", "x"}},
                    "[{source_labels: [a], target_label: b, "
                    "action: dropequal}]")
                    .fate == Fate::dropped));
}

BOOST_AUTO_TEST_CASE(label_actions_work_on_the_names_as_they_were) {
    const auto out = run({{"__meta_app", "api"}, {"__meta_team", "web"}, {"tmp_x", "1"}}, R"(
- {action: labelmap, regex: '__meta_(.+)', replacement: 'k_$1'}
- {action: labeldrop, regex: 'tmp_.*'}
- {action: labelkeep, regex: 'k_.*|__meta_app'}
- {source_labels: [k_team], target_label: upper, action: uppercase}
)");
    BOOST_REQUIRE(out.fate == Fate::kept);
    BOOST_TEST(
        (out.labels ==
         LabelSet{{"k_app", "api"}, {"k_team", "web"}, {"__meta_app", "api"}, {"upper", "WEB"}}));
}

BOOST_AUTO_TEST_CASE(hashmod_takes_the_md5_tail_as_prometheus_does) {
    // relabel_test.go: "baz" modulus 1000 is 976.
    const auto out = run({{"c", "baz"}},
                         "[{source_labels: [c], target_label: d, modulus: 1000, "
                         "action: hashmod}]");
    BOOST_REQUIRE(out.fate == Fate::kept);
    BOOST_TEST(out.labels.at("d") == "976");
}

BOOST_AUTO_TEST_CASE(what_obsctl_cannot_follow_is_unknown_and_says_which_step) {
    auto out = run({{"a", "x"}}, "[{action: shard, source_labels: [a]}]");
    BOOST_TEST((out.fate == Fate::unknown));
    BOOST_TEST(out.unknown == "action 'shard'");
    out = run({{"a", "x"}}, "[{source_labels: [a], regex: '(?P<n>x)', target_label: b}]");
    BOOST_TEST((out.fate == Fate::unknown));
    BOOST_TEST(out.unknown.find("(?P<n>x)") != std::string::npos, out.unknown);
}

BOOST_AUTO_TEST_CASE(templates_expand_as_go_regexp_expand_does) {
    BOOST_TEST(expand("ch${1}-ch$1", "foo", "f(.*)") == "choo-choo");
    BOOST_TEST(expand("$1x", "foo", "f(.*)") == "");  // the group named "1x"
    BOOST_TEST(expand("${1}x", "foo", "f(.*)") == "oox");
    BOOST_TEST(expand("$$1 costs $", "foo", "f(.*)") == "$1 costs $");
    BOOST_TEST(expand("${1", "foo", "f(.*)") == "${1");
    BOOST_TEST(expand("$2", "foo", "f(.*)") == "");
    BOOST_TEST(expand("$0", "foo", "f(.*)") == "foo");
}
