#include <boost/test/unit_test.hpp>

#include "scenario/parser.hpp"

using scenario::parse_scenario;

namespace {

const char* k_valid = R"(name: errors
description: Drive /api/error until HighErrorRate fires.
target: http://localhost:5002
seed: 7
requests:
  - {name: error, method: GET, path: /api/error, weight: 8}
  - name: order
    method: POST
    path: /api/orders
    json: {user_id: "{{randint 1 100}}", items: [{sku: "A{{randint 1 9}}", qty: 2, price: 9.5}]}
phases:
  - {name: warmup, duration: 15s, rate: 5}
  - {name: burst, duration: 3m, rate: {from: 5, to: 40}}
  - {name: users, duration: 1m, vus: 10, think: 500ms}
thresholds:
  - {metric: latency, stat: p95, below: 800ms}
  - {metric: error_ratio, above: 5%, phase: burst}
expect:
  fire:
    - {alert: HighErrorRate, labels: {severity: critical}, receiver: oncall, within: 4m}
  queries:
    - {query: 'sum(x)', matches_client: error, tolerance: 5%}
)";

/// The one-line message for a file with one mistake.
std::string error_for(const std::string& text, const std::string& name = "errors.yaml") {
    auto result = parse_scenario(text, name);
    BOOST_REQUIRE_MESSAGE(!result.has_value(), "accepted:\n" << text);
    BOOST_TEST(static_cast<int>(result.error().code) == 2);
    return result.error().message();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_complete_scenario_into_the_model) {
    auto s = parse_scenario(k_valid, "errors.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->name == "errors");
    BOOST_TEST(*s->seed == 7u);
    BOOST_TEST(s->requests.size() == 2u);
    BOOST_TEST(s->requests[0].weight == 8.0);
    BOOST_TEST(s->phases[1].rate_from.value() == 5.0);
    BOOST_TEST(s->phases[1].rate_to.value() == 40.0);
    BOOST_TEST(s->phases[2].vus == 10u);
    BOOST_TEST(s->phases[2].think.count() == 500'000'000);
    BOOST_TEST((s->duration() == std::chrono::seconds(15 + 180 + 60)));
    BOOST_TEST(s->thresholds[0].below.value() == 0.8);
    BOOST_TEST(s->thresholds[1].above.value() == 0.05, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(s->expect.fire[0].receiver == "oncall");
    BOOST_TEST(s->expect.queries[0].tolerance == 0.05, boost::test_tools::tolerance(1e-12));
    // A numeric template in a JSON body becomes a bare number; a text template stays a string.
    scenario::Rng rng(1);
    scenario::RenderContext ctx{rng, 0};
    const std::string body = s->requests[1].body->render(ctx);
    BOOST_TEST(body.starts_with(R"({"user_id":)"));
    BOOST_TEST(body.find(R"("user_id":")") == std::string::npos, body);
    BOOST_TEST(body.find(R"("sku":"A)") != std::string::npos, body);
    BOOST_TEST(body.find(R"("qty":2,"price":9.5)") != std::string::npos, body);
}

BOOST_AUTO_TEST_CASE(names_file_line_column_and_field_for_a_rate_that_is_not_a_number) {
    const auto text = replace(k_valid, "rate: {from: 5, to: 40}", "rate: fast");
    BOOST_TEST(error_for(text) ==
               R"(errors.yaml:13:39: phases[1].rate: expected requests per second, got "fast")");
}

BOOST_AUTO_TEST_CASE(suggests_the_closest_field_for_an_unknown_key) {
    BOOST_TEST(error_for(replace(k_valid, "phases:", "phasse:")) ==
               "errors.yaml:11:1: phasse: unknown field, did you mean `phases`?");
    BOOST_TEST(error_for(replace(k_valid, "weight: 8", "wieght: 8")) ==
               "errors.yaml:6:50: requests[0].wieght: unknown field, did you mean `weight`?");
}

BOOST_AUTO_TEST_CASE(gives_one_line_with_position_for_each_kind_of_mistake) {
    struct Case {
        std::string from, to, expected;
    };
    const Case cases[] = {
        {"duration: 15s", "duration: soon",
         "errors.yaml:12:30: phases[0].duration: expected a duration such as 30s, 2m or 1m30s, got "
         "\"soon\""},
        {"rate: 5}", "rate: 5, vus: 3}",
         "errors.yaml:12:5: phases[0]: give exactly one of `rate` (requests per second: open "
         "model) or `vus` (virtual users: closed model)"},
        {"method: GET, path: /api/error", "method: FETCH, path: /api/error",
         "errors.yaml:6:27: requests[0].method: expected one of GET POST PUT PATCH DELETE HEAD "
         "OPTIONS, got \"FETCH\""},
        {"path: /api/error", "path: api/error",
         "errors.yaml:6:38: requests[0].path: must start with /, got \"api/error\""},
        {"{{randint 1 9}}", "{{rand 1 9}}",
         "errors.yaml:10:11: requests[1].json: unknown template function {{rand 1 9}}: use "
         "randint, randfloat, choice, uuid, seq or now"},
        {"stat: p95", "stat: p97",
         "errors.yaml:16:29: thresholds[0].stat: expected p50, p90, p95, p99, max or mean, got "
         "\"p97\""},
        {"phase: burst", "phase: brust",
         "errors.yaml:17:45: thresholds[1].phase: no phase named \"brust\""},
        {"metric: error_ratio", "metric: eror_ratio",
         "errors.yaml:17:14: thresholds[1].metric: expected latency, error_ratio or rate, got "
         "\"eror_ratio\" (did you mean `error_ratio`?)"},
        {"matches_client: error", "matches_client: errs",
         "errors.yaml:22:41: expect.queries[0].matches_client: no request named \"errs\""},
        {"target: http://localhost:5002", "target: localhost:5002",
         "errors.yaml:3:9: target: expected an http:// URL, got \"localhost:5002\""},
        {"vus: 10,", "vus: 2.5,",
         "errors.yaml:14:38: phases[2].vus: expected a whole number of virtual users, at least 1"},
        {"within: 4m}", "within: 4m, inhibited_by: ApplicationDown}",
         "errors.yaml:20:104: expect.fire[0].inhibited_by: the inhibiting alert must be expected "
         "to fire too: add ApplicationDown to expect.fire"},
    };
    for (const auto& c : cases)
        BOOST_TEST(error_for(replace(k_valid, c.from, c.to)) == c.expected);
}

BOOST_AUTO_TEST_CASE(reports_broken_yaml_syntax_with_its_position) {
    const std::string message = error_for("name: x\nphases: [\n  {duration: 1s\n");
    BOOST_TEST(message.starts_with("errors.yaml:"), message);
}

BOOST_AUTO_TEST_CASE(reads_json_with_comments_and_reports_json_positions) {
    const std::string json = R"({
  // the same model as YAML
  "name": "tiny", /* inline */ "target": "http://127.0.0.1:5002",
  "requests": [{"path": "/health"}],
  "phases": [{"duration": "2s", "rate": 10}]
})";
    auto s = parse_scenario(json, "tiny.json");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_TEST(s->requests[0].name == "/health");
    BOOST_TEST(error_for(replace(json, "\"rate\": 10", "\"rate\": \"x\""), "tiny.json") ==
               R"(tiny.json:5:41: phases[0].rate: expected requests per second, got "x")");
}

BOOST_AUTO_TEST_CASE(refuses_missing_requests_and_phases) {
    BOOST_TEST(error_for("name: x\nphases: [{duration: 1s, rate: 1}]\n")
                   .find("requests: expected a non-empty list") != std::string::npos);
    BOOST_TEST(
        error_for("name: x\nrequests: [{path: /}]\n").find("phases: expected a non-empty list") !=
        std::string::npos);
}
