// ${VAR} expansion, YAML syntax hints and every mistake of a file at once (issue 22).
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "scenario/parser.hpp"

using scenario::check_scenario;
using scenario::parse_scenario;

namespace {

const std::string k_rest = "requests: [{path: /}]\nphases: [{duration: 1s, rate: 1}]\n";

/// The messages of every mistake of `text`, in the order given.
std::vector<std::string> mistakes(const std::string& text) {
    auto s = check_scenario(text, "s.yaml");
    BOOST_REQUIRE_MESSAGE(!s.has_value(), "accepted:\n" << text);
    std::vector<std::string> out;
    for (const auto& e : s.error()) {
        BOOST_TEST(static_cast<int>(e.code) == 2);
        out.push_back(e.message());
    }
    return out;
}

/// Sets an environment variable for one test.
struct EnvVar {
    EnvVar(const char* name, const char* value) : m_name(name) {
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~EnvVar() { ::unsetenv(m_name); }
    const char* m_name;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_set_variable_is_expanded_in_any_value) {
    EnvVar target("OBSCTL_TEST_TARGET", "http://10.1.2.3:8080");
    EnvVar rate("OBSCTL_TEST_RATE", "7");
    auto s = parse_scenario(
        "name: s\ntarget: ${OBSCTL_TEST_TARGET}\nrequests: [{path: /}]\n"
        "phases: [{duration: 1s, rate: \"${OBSCTL_TEST_RATE}\"}]\n",
        "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->target == "http://10.1.2.3:8080");
    BOOST_TEST(s->phases[0].rate_from.value() == 7.0);
}

BOOST_AUTO_TEST_CASE(an_unset_variable_takes_its_default) {
    EnvVar unset("OBSCTL_TEST_UNSET", nullptr);
    EnvVar empty("OBSCTL_TEST_EMPTY", "");
    auto s = parse_scenario(
        "name: ${OBSCTL_TEST_EMPTY:-named}\n"
        "target: ${OBSCTL_TEST_UNSET:-http://localhost:5002}\n" +
            k_rest,
        "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->target == "http://localhost:5002");
    BOOST_TEST(s->name == "named");
}

BOOST_AUTO_TEST_CASE(a_querys_run_window_is_left_to_the_verifier) {
    EnvVar unset("run_window", nullptr);
    auto s = parse_scenario("name: s\n" + k_rest +
                                "expect:\n  queries: [{query: 'sum(increase(x[${run_window}]))', "
                                "min: 1}]\n",
                            "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->expect.queries[0].query == "sum(increase(x[${run_window}]))");
}

BOOST_AUTO_TEST_CASE(an_unset_variable_without_default_is_a_mistake_at_its_value) {
    EnvVar unset("OBSCTL_TEST_UNSET", nullptr);
    const auto found = mistakes("name: s\ntarget: ${OBSCTL_TEST_UNSET}\n" + k_rest);
    // One line: that the value is then no URL follows from it and is not said again.
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0] ==
               "s.yaml:2:9: environment variable OBSCTL_TEST_UNSET is not set (export it, or "
               "give a default: ${NAME:-value})");
}

BOOST_AUTO_TEST_CASE(a_scenario_without_target_leaves_it_to_the_command_line) {
    auto s = parse_scenario("name: s\n" + k_rest, "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->target.empty());
}

BOOST_AUTO_TEST_CASE(every_mistake_is_reported_in_file_order) {
    const auto found = mistakes(
        "name: s\n"
        "requests:\n"
        "  - {path: /a, wieght: 2}\n"
        "  - {path: b}\n"
        "phases:\n"
        "  - {duration: 5x, rate: 1}\n"
        "  - {duration: 1s, rate: -1}\n"
        "expect:\n"
        "  fire:\n"
        "    - {within: 1m}\n"
        "tiemout: 5s\n");
    BOOST_TEST(found == (std::vector<std::string>{
                            "s.yaml:3:16: requests[0].wieght: unknown field, did you mean "
                            "`weight`?",
                            "s.yaml:4:12: requests[1].path: must start with /, got \"b\"",
                            "s.yaml:6:16: phases[0].duration: expected a duration such as 30s, "
                            "2m or 1m30s, got \"5x\"",
                            "s.yaml:7:26: phases[1].rate: must be above 0 requests per second",
                            "s.yaml:10:7: expect.fire[0].alert: missing (required)",
                            "s.yaml:11:1: tiemout: unknown field, did you mean `timeout`?"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_error_for_several_mistakes_counts_the_rest) {
    auto s = parse_scenario("name: s\nrequests: [{path: a}]\nphases: [{duration: 5x, rate: 1}]\n",
                            "s.yaml");
    BOOST_REQUIRE(!s.has_value());
    BOOST_TEST(s.error().message() ==
               "s.yaml:2:19: requests[0].path: must start with /, got \"a\" (and 1 more mistake)");
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_keep_their_place_and_get_a_hint_for_the_cause) {
    const std::vector<std::pair<std::string, std::string>> cases{
        // An unquoted template in a flow mapping: yaml-cpp reads {{ as the start of a mapping.
        {"name: s\nrequests:\n  - {name: a, path: /api/users/{{randint 1 5}}}\n",
         "s.yaml:3:32: YAML syntax: end of map flow not found (hint: quote a value holding "
         "{{...}}: path: \"/api/users/{{randint 1 5}}\")"},
        {"name: s\nrequests:\n  - path: /x\n\tname: b\n",
         "s.yaml:4:1: YAML syntax: illegal tab when looking for indentation (hint: line 4 is "
         "indented with a tab; YAML indents with spaces)"},
        {"name: s\nrequests: [{path: \"/x}]\nphases: []\n",
         "s.yaml:4:1: YAML syntax: end of map flow not found (hint: the quote at 2:19 is not "
         "closed on its line)"},
    };
    for (const auto& [text, expected] : cases) {
        const auto found = mistakes(text);
        BOOST_TEST_REQUIRE(found.size() == 1u);
        BOOST_TEST(found[0] == expected);
    }
}

BOOST_AUTO_TEST_CASE(an_unclosed_quote_that_swallows_the_file_is_a_mistake) {
    // yaml-cpp reads this without a word: the name runs to the end of the file.
    const auto found = mistakes("name: \"s\n" + k_rest);
    BOOST_REQUIRE(!found.empty());
    BOOST_TEST(found[0] ==
               "s.yaml:1:7: YAML syntax: this quote is never closed, so the value "
               "runs to the end of the file (hint: close the quote, or leave the "
               "value unquoted)");
}

BOOST_AUTO_TEST_CASE(quotes_that_close_are_not_mistakes) {
    auto s = parse_scenario("name: 'it''s \"fine\"'\ndescription: \"a \\\" quote\"\n" + k_rest,
                            "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->name == "it's \"fine\"");
}

BOOST_AUTO_TEST_CASE(every_missing_field_of_a_mapping_is_reported) {
    BOOST_TEST(mistakes("description: x\nphases: [{duration: 1s, rate: 1}]\n") ==
                   (std::vector<std::string>{
                       "s.yaml:1:1: name: missing (required)",
                       "s.yaml:1:1: requests: expected a non-empty list of requests"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_misspelt_key_is_one_mistake_not_two) {
    BOOST_TEST(mistakes("name: s\nrequests: [{pth: /x}]\nphases: [{duration: 1s, rat: 1}]\n") ==
                   (std::vector<std::string>{
                       "s.yaml:2:13: requests[0].pth: unknown field, did you mean `path`?",
                       "s.yaml:3:25: phases[0].rat: unknown field, did you mean `rate`?"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(promql_and_regex_dollar_braces_are_not_variables) {
    auto s = parse_scenario(
        "name: s\n" + k_rest +
            "expect:\n  queries: [{query: 'label_replace(up, \"x\", \"${1}\", \"job\", \"(.*)\")', "
            "min: 1}]\n",
        "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->expect.queries[0].query ==
               "label_replace(up, \"x\", \"${1}\", \"job\", \"(.*)\")");
}

BOOST_AUTO_TEST_CASE(a_doubled_dollar_is_a_literal_dollar_brace) {
    EnvVar set("OBSCTL_TEST_SET", "expanded");
    auto s =
        parse_scenario("name: \"$${OBSCTL_TEST_SET} ${OBSCTL_TEST_SET} ${\"\n" + k_rest, "s.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->name == "${OBSCTL_TEST_SET} expanded ${");
}

BOOST_AUTO_TEST_CASE(json_with_comments_is_read_from_stdin_too) {
    const std::string json =
        "{\n  // a comment\n  \"name\": \"j\", \"target\": \"http://127.0.0.1:1\",\n"
        "  \"requests\": [{\"path\": \"/\"}], \"phases\": [{\"duration\": \"1s\", \"rate\": "
        "1}]\n}\n";
    auto s = parse_scenario(json, "<stdin>");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->name == "j");
    // A YAML flow mapping is not JSON: its URL keeps its //.
    auto flow = parse_scenario(
        "{name: f, target: http://127.0.0.1:1, requests: [{path: /}], phases: [{duration: 1s, "
        "rate: 1}]}\n",
        "<stdin>");
    BOOST_REQUIRE_MESSAGE(flow.has_value(), (flow ? "" : flow.error().message()));
    BOOST_TEST(flow->target == "http://127.0.0.1:1");
}
