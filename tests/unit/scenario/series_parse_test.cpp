#include <boost/test/unit_test.hpp>

#include <cmath>

#include "scenario/parser.hpp"
#include "scenario/series_parse.hpp"

using scenario::expand_series_values;
using scenario::parse_scenario;
using Kind = scenario::SeriesSpec::Sample::Kind;

namespace {

const std::string k_head = R"(name: disk
requests: [{name: home, path: /}]
phases:
  - {name: fill, duration: 2m, rate: 1}
  - {name: recover, duration: 1m, rate: 1}
)";

const std::string k_disk = k_head + R"(series:
  - series: 'node_filesystem_avail_bytes{job="node", instance="node-under-test", mountpoint="/data", fstype="ext4"}'
    values: '80e9-10e9x7 10e9x10'
    interval: 15s
  - series: 'node_filesystem_size_bytes{job="node", instance="node-under-test", mountpoint="/data", fstype="ext4"}'
    phases: {fill: 100e9, recover: {from: 100e9, to: 50e9}}
)";

std::string error_for(const std::string& text) {
    auto result = parse_scenario(text, "disk.yaml");
    BOOST_REQUIRE_MESSAGE(!result.has_value(), "accepted:\n" << text);
    BOOST_TEST(static_cast<int>(result.error().code) == 2);
    return result.error().message();
}

std::vector<double> numbers(const std::string& text) {
    auto samples = expand_series_values(text);
    BOOST_REQUIRE_MESSAGE(samples.has_value(), text << ": " << (samples ? "" : samples.error()));
    std::vector<double> out;
    for (const auto& s : *samples) {
        BOOST_REQUIRE(s.kind == Kind::value);
        out.push_back(s.value);
    }
    return out;
}

std::string values_error(const std::string& text) {
    auto samples = expand_series_values(text);
    BOOST_REQUIRE_MESSAGE(!samples.has_value(), text << " was accepted");
    return samples.error();
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_series_given_by_values_and_by_phase) {
    auto s = parse_scenario(k_disk, "disk.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    BOOST_REQUIRE(s->series.size() == 2u);
    const auto& avail = s->series[0];
    BOOST_TEST(avail.metric == "node_filesystem_avail_bytes");
    BOOST_TEST(avail.labels.at("job") == "node");
    BOOST_TEST(avail.labels.at("instance") == "node-under-test");
    BOOST_TEST(avail.labels.at("mountpoint") == "/data");
    BOOST_TEST(avail.labels.size() == 4u);
    BOOST_TEST(avail.values.size() == 8u + 11u);
    BOOST_TEST(avail.values[0].value == 80e9);
    BOOST_TEST(avail.values[7].value == 10e9);
    BOOST_TEST(avail.values[18].value == 10e9);
    BOOST_TEST(avail.interval.count() == 15'000);
    const auto& size = s->series[1];
    BOOST_TEST(size.values.empty());
    BOOST_TEST(size.phases.at("fill").from == 100e9);
    BOOST_TEST(size.phases.at("fill").to == 100e9);
    BOOST_TEST(size.phases.at("recover").to == 50e9);
    BOOST_TEST(size.interval.count() == 60'000);  // promtool's default, unused per phase
}

BOOST_AUTO_TEST_CASE(expands_promtools_notation_as_promtool_does) {
    // Checked against promtool 2.42 (`promtool test rules`): a+bxN and axN give N+1 values.
    BOOST_TEST(numbers("1+2x2") == (std::vector<double>{1, 3, 5}),
               boost::test_tools::per_element());
    BOOST_TEST(numbers("5x2") == (std::vector<double>{5, 5, 5}), boost::test_tools::per_element());
    BOOST_TEST(numbers("10-3x2") == (std::vector<double>{10, 7, 4}),
               boost::test_tools::per_element());
    BOOST_TEST(numbers("-1+1x1 +4") == (std::vector<double>{-1, 0, 4}),
               boost::test_tools::per_element());
    BOOST_TEST(numbers("1e9 .5 5. 1.e2 0x2") == (std::vector<double>{1e9, 0.5, 5, 100, 0, 0, 0}),
               boost::test_tools::per_element());
    // A leading 0 is octal, as Go's ParseInt base 0 reads it; 08 is not octal, so decimal.
    BOOST_TEST(numbers("010 08") == (std::vector<double>{8, 8}), boost::test_tools::per_element());
    auto inf = numbers("Inf -inf Inf+1x1");
    BOOST_TEST(inf[0] == HUGE_VAL);
    BOOST_TEST(inf[1] == -HUGE_VAL);
    BOOST_TEST(inf.size() == 4u);
    BOOST_TEST(std::isnan(numbers("NaN")[0]));
    // The steps are added one by one, as promtool does, not a + i*b.
    double v = 0.1;
    auto tenths = numbers("0.1+0.1x9");
    for (std::size_t i = 1; i < tenths.size(); ++i)
        v += 0.1;
    BOOST_TEST(tenths.back() == v);
}

BOOST_AUTO_TEST_CASE(reads_missing_and_stale_values) {
    auto samples = expand_series_values("1 _ _x3 stale 2");
    BOOST_REQUIRE(samples.has_value());
    BOOST_REQUIRE(samples->size() == 7u);  // _xN is N missing values, not N+1
    BOOST_TEST((samples->at(1).kind == Kind::missing));
    BOOST_TEST((samples->at(4).kind == Kind::missing));
    BOOST_TEST((samples->at(5).kind == Kind::stale));
    BOOST_TEST(samples->at(6).value == 2.0);
}

BOOST_AUTO_TEST_CASE(refuses_what_promtool_refuses) {
    BOOST_TEST(values_error("1+2").find("needs a repetition") != std::string::npos);
    BOOST_TEST(values_error("1e").find("bad number \"1e\"") != std::string::npos);
    BOOST_TEST(values_error("1x3.0").find("repetitions") != std::string::npos);
    BOOST_TEST(values_error("1_000").find("bad number") != std::string::npos);
    BOOST_TEST(values_error("Infx2").find("unexpected word \"Infx2\"") != std::string::npos);
    BOOST_TEST(values_error("stalex2").find("unexpected word") != std::string::npos);
    BOOST_TEST(values_error("fast").find("unexpected word \"fast\"") != std::string::npos);
    BOOST_TEST(values_error("1/2").find("unexpected \"/\"") != std::string::npos);
    BOOST_TEST(values_error("1e999").find("out of range") != std::string::npos);
    BOOST_TEST(values_error("1x").find("repetitions") != std::string::npos);
    BOOST_TEST(values_error("_5").find("expected _ or _xN") != std::string::npos);
    // promtool takes it (a stale marker plus one), obsctl does not: it means nothing.
    BOOST_TEST(values_error("stale+1x2").find("stands alone") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_an_expansion_past_the_limit_without_allocating_it) {
    BOOST_TEST(values_error("1x99999999999").find("more than 100000 values") != std::string::npos);
    BOOST_TEST(values_error("_x18446744073709551615").find("more than") != std::string::npos);
    BOOST_TEST(values_error("1x18446744073709551615").find("more than") != std::string::npos);
    BOOST_TEST(values_error("1x18446744073709551616").find("repetitions") != std::string::npos);
    BOOST_TEST(expand_series_values("1x99999")->size() == 100'000u);
    BOOST_TEST(values_error("1x99999 2").find("more than") != std::string::npos);
    // Ten series of 100,000 fit; an eleventh is past the million of all series together.
    std::string many = k_head + "series:\n";
    for (int i = 0; i < 11; ++i)
        many += "  - {series: 'm" + std::to_string(i) + "', values: '1x99999'}\n";
    BOOST_TEST(error_for(many).find("series[10].values") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_series_names_as_promql_writes_them) {
    auto n =
        scenario::parse_series_name(R"( up{job="node" , a='x\'y', b=`raw\n`, c="tab\there",} )");
    BOOST_REQUIRE_MESSAGE(n.has_value(), (n ? "" : n.error()));
    BOOST_TEST(n->metric == "up");
    BOOST_TEST(n->labels.at("a") == "x'y");
    BOOST_TEST(n->labels.at("b") == "raw\\n");
    BOOST_TEST(n->labels.at("c") == "tab\there");
    BOOST_TEST(scenario::parse_series_name(R"({__name__="x:y", a="1"})")->metric == "x:y");
    BOOST_TEST(scenario::parse_series_name("plain")->labels.empty());
}

BOOST_AUTO_TEST_CASE(names_the_field_line_and_column_of_each_mistake) {
    auto with = [](const std::string& entry) { return k_head + "series:\n  - " + entry + "\n"; };
    BOOST_TEST(error_for(with("{series: 'x', values: '1+2'}")) ==
               "disk.yaml:7:27: series[0].values: \"1+2\": an increment needs a repetition: a+bxN");
    BOOST_TEST(error_for(with("{series: '1x', values: '1'}"))
                   .find("series[0].series: \"1x\" is not "
                         "a metric name") != std::string::npos);
    BOOST_TEST(
        error_for(with("{series: 'x{a=b}', values: '1'}")).find("label a's value must be quoted") !=
        std::string::npos);
    BOOST_TEST(
        error_for(with("{series: 'x{a-b=\"1\"}', values: '1'}")).find("expected = after label a") !=
        std::string::npos);
    BOOST_TEST(error_for(with("{series: 'x{a=~\"1\"}', values: '1'}")).find("not matchers") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: 'x{a=\"1\", a=\"2\"}', values: '1'}"))
                   .find("label a is given twice") != std::string::npos);
    BOOST_TEST(error_for(with("{series: 'x{__foo=\"1\"}', values: '1'}")).find("Prometheus' own") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: 'x 1 2', values: '1'}")).find("go in `values`") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: x, values: '1', phases: {fill: 1}}"))
                   .find("series[0]: give either `values`") != std::string::npos);
    BOOST_TEST(error_for(with("{series: x}")).find("give either") != std::string::npos);
    BOOST_TEST(error_for(with("{series: x, valuse: '1'}")).find("did you mean `values`?") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: x, phases: {fil: 1}}")) ==
               "disk.yaml:7:26: series[0].phases.fil: no phase has this name, did you mean "
               "`fill`?");
    BOOST_TEST(error_for(with("{series: x, phases: {fill: {from: 1}}}"))
                   .find("series[0].phases.fill: expected both `from` and `to`") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: x, phases: {fill: full}}"))
                   .find("series[0].phases.fill: expected a number or {from, to}, got \"full\"") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: x, values: '1', interval: 0s}")).find("must be above 0") !=
               std::string::npos);
    BOOST_TEST(error_for(with("{series: x, phases: {fill: 1}, interval: 1s}"))
                   .find("only `values` come per interval") != std::string::npos);
    BOOST_TEST(error_for(with("{series: x, values: ' '}")).find("no values") != std::string::npos);
    BOOST_TEST(error_for(k_head + "series:\n  - {series: 'x{a=\"1\"}', values: '1'}\n"
                                  "  - {series: 'x{ a = \"1\" }', values: '2'}\n")
                   .find("series[1].series: the same series as series[0]") != std::string::npos);
    BOOST_TEST(error_for(k_head + "series: {a: 1}\n").find("series: expected a list") !=
               std::string::npos);
    BOOST_TEST(error_for(k_head + "serise: []\n").find("did you mean `series`?") !=
               std::string::npos);
}
