// Hostile scenarios (issue 9): each is one line with file:line:col and exit 2, quickly and in
// little memory, instead of a hang, a spin or a silently different run.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "scenario/limits.hpp"
#include "scenario/parser.hpp"
#include "support/test_support.hpp"

using scenario::parse_scenario;

namespace {

std::string hostile(const std::string& name) {
    std::ifstream in(std::string(OBSCTL_TEST_DATA) + "/hostile/" + name);
    BOOST_REQUIRE_MESSAGE(in, "missing tests/data/hostile/" << name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string error_for(const std::string& text, const std::string& name = "s.yaml") {
    auto result = parse_scenario(text, name);
    BOOST_REQUIRE_MESSAGE(!result.has_value(), "accepted:\n" << text.substr(0, 400));
    BOOST_TEST(static_cast<int>(result.error().code) == 2);
    return result.error().message();
}

std::string phase(const std::string& fields) {
    return "name: x\nrequests: [{path: /}]\nphases:\n  - {" + fields + "}\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_rate_that_is_not_a_number_or_infinite_is_refused) {
    BOOST_TEST(error_for(hostile("rate_nan.yaml"), "rate_nan.yaml") ==
               "rate_nan.yaml:4:26: phases[0].rate: expected requests per second, got \"NaN\"");
    BOOST_TEST(error_for(phase("duration: 1s, rate: inf")).find("got \"inf\"") !=
               std::string::npos);
    BOOST_TEST(
        error_for(phase("duration: 1s, rate: {from: 1, to: .nan}")).find("phases[0].rate.to") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rate_above_what_one_process_can_send_names_the_limit) {
    BOOST_TEST(error_for(hostile("rate_1e12.yaml"), "r.yaml") ==
               "r.yaml:4:26: phases[0].rate: 1e+12 requests per second is above the 100000 one "
               "obsctl process can send; split the load across processes");
    BOOST_TEST(parse_scenario(phase("duration: 1s, rate: 100000"), "ok.yaml").has_value());
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_is_refused_at_the_second) {
    BOOST_TEST(error_for(hostile("duplicate_key.yaml"), "d.yaml") ==
               "d.yaml:6:5: phases[0].rate: given twice in the same mapping");
}

BOOST_AUTO_TEST_CASE(a_duration_that_overflows_says_so_instead_of_missing) {
    BOOST_TEST(error_for(hostile("duration_overflow.yaml"), "o.yaml") ==
               "o.yaml:4:16: phases[0].duration: \"99999999999999999999y\" is longer than 100y, "
               "the longest duration obsctl takes");
    BOOST_TEST(error_for(phase("duration: 8d, rate: 1")).find("is longer than 168h, the limit") !=
               std::string::npos);
    BOOST_TEST(error_for(phase("duration: 1s, vus: 1, think: 2h")).find("phases[0].think") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(phases_that_last_more_than_30_days_together_are_refused) {
    std::string text = "name: x\nrequests: [{path: /}]\nphases:\n";
    for (int i = 0; i < 5; ++i)
        text += "  - {duration: 7d, rate: 1}\n";
    BOOST_TEST(error_for(text).find("the phases last 840h together, over the 720h") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_alias_bomb_in_a_body_stops_at_the_body_limit_quickly) {
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(error_for(hostile("alias_bomb.yaml"), "b.yaml") ==
               "b.yaml:6:7: requests[0].json: the body grows past 1 MiB once its YAML aliases "
               "are expanded; a request body may not");
    // Linear, not exponential: a billion-node expansion would not end at all. The bound is
    // loose on purpose (a sanitizer build takes ~1.6 s here); it is not a speed goal.
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(30)));
}

BOOST_AUTO_TEST_CASE(a_scenario_larger_than_the_file_limit_is_refused_unread) {
    std::string text = phase("duration: 1s, rate: 1");
    text += "description: \"" + std::string(scenario::limits::k_file_bytes, 'a') + "\"\n";
    BOOST_TEST(error_for(text, "big.yaml") ==
               "big.yaml: is larger than 1 MiB, the most obsctl reads for a scenario file");
}

BOOST_AUTO_TEST_CASE(a_directory_or_an_empty_file_is_named_without_a_zero_position) {
    test_support::TempDir dir;
    auto as_dir = scenario::load_scenario(dir.path());
    BOOST_REQUIRE(!as_dir);
    BOOST_TEST(as_dir.error().message() ==
               dir.path().string() + ": is a directory, expected a scenario file");
    BOOST_TEST(error_for("", "e.yaml") ==
               "e.yaml:1:1: the file is empty: expected a scenario (name, requests, phases)");
}

BOOST_AUTO_TEST_CASE(counts_and_seeds_must_be_whole_and_in_range) {
    BOOST_TEST(error_for(phase("duration: 1s, vus: 20000"))
                   .find("20000 is outside the accepted "
                         "range 1 to 10000") != std::string::npos);
    BOOST_TEST(error_for(phase("duration: 1s, vus: 1.5")).find("phases[0].vus") !=
               std::string::npos);
    BOOST_TEST(error_for(phase("duration: 1s, rate: 1, max_in_flight: 1e9"))
                   .find("phases[0].max_in_flight") != std::string::npos);
    BOOST_TEST(error_for("seed: 1e30\n" + phase("duration: 1s, rate: 1"))
                   .find("seed: 1e+30 is "
                         "outside") != std::string::npos);
    BOOST_TEST(error_for("timeout: 0s\n" + phase("duration: 1s, rate: 1"))
                   .find("timeout: must be "
                         "above 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_alias_inside_its_own_anchor_is_refused_not_a_stack_overflow) {
    // Found by tests/fuzz (scenario_yaml): `l0: &l0 [lol, *l0]` is a cycle, and writing the
    // body as JSON recursed until the stack ran out (a segmentation fault in `validate`).
    BOOST_TEST(error_for(hostile("alias_cycle.yaml"), "c.yaml") ==
               "c.yaml:6:7: requests[0].json: the body nests deeper than 64 levels (a YAML alias "
               "inside its own anchor?)");
}
