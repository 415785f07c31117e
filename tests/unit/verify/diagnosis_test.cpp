// why_not_fired against a fake Prometheus answering in the API's own shapes.
#include <boost/test/unit_test.hpp>

#include "promapi/json_util.hpp"
#include "verify/diagnosis.hpp"

using namespace std::chrono_literals;

namespace {

/// Answers the first route whose fragment the (decoded) URL contains.
class RoutedHttp : public promapi::HttpClient {
  public:
    std::vector<std::pair<std::string, std::string>> routes;
    util::Result<promapi::HttpResponse> get(const std::string& url) override {
        const std::string decoded = decode(url);
        for (const auto& [fragment, body] : routes) {
            if (decoded.find(fragment) != std::string::npos)
                return promapi::HttpResponse{200, body};
        }
        return promapi::HttpResponse{
            200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})"};
    }
    util::Result<promapi::HttpResponse> post(const std::string& url, const std::string&,
                                             const std::string&) override {
        return get(url);
    }
    util::Result<promapi::HttpResponse> del(const std::string& url) override { return get(url); }

  private:
    static std::string decode(const std::string& s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else {
                out += s[i] == '+' ? ' ' : s[i];
            }
        }
        return out;
    }
};

std::string matrix(const std::vector<std::pair<double, std::string>>& points) {
    std::string values;
    for (const auto& [t, v] : points)
        values += (values.empty() ? "" : ",") + ("[" + std::to_string(t) + ",\"" + v + "\"]");
    return R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"demoapp"},"values":[)" +
           values + "]}]}}";
}

const char* k_labels =
    R"({"status":"success","data":["__name__","endpoint","instance","job","method","status"]})";

promapi::AlertRule alerting_rule(const std::string& query, std::chrono::milliseconds for_duration) {
    promapi::AlertRule r;
    r.name = "A";
    r.query = query;
    r.for_duration = for_duration;
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(names_the_peak_against_the_threshold_and_how_long_it_held) {
    RoutedHttp http;
    const std::string lhs = "sum(rate(x{job=\"demoapp\"}[30s]))";
    // The whole condition held at +10 s and +11 s only; the left side peaked at 0.07 at +11 s.
    http.routes = {{"/api/v1/labels", k_labels},
                   {"/api/v1/label/job/values", R"({"status":"success","data":["demoapp"]})"},
                   {"query=" + lhs + " > 0.05&", matrix({{1010, "0.06"}, {1011, "0.07"}})},
                   {"query=" + lhs + "&",
                    matrix({{1000, "0.01"}, {1010, "0.06"}, {1011, "0.07"}, {1012, "0.02"}})}};
    promapi::PrometheusClient prometheus(http, "http://p");
    const auto why = verify::why_not_fired(prometheus, alerting_rule(lhs + " > 0.05", 12s), {},
                                           {1000, 1030, 1000ms});
    BOOST_TEST_REQUIRE(why.size() == 2u);
    BOOST_TEST(why[0] == lhs + " peaked at 0.07 at +11.0s; the rule needs > 0.05");
    BOOST_TEST(why[1] ==
               "the condition held for 1.0s at most (+10.0s to +11.0s), shorter than for: 12.0s");
}

BOOST_AUTO_TEST_CASE(names_a_missing_label_and_a_value_no_series_has) {
    RoutedHttp http;
    http.routes = {{"/api/v1/labels", k_labels},
                   {"/api/v1/label/status/values", R"({"status":"success","data":["200","404"]})"}};
    promapi::PrometheusClient prometheus(http, "http://p");
    const auto problems = verify::selector_problems(
        prometheus, R"(sum(rate(x{code=~"5..", status=~"5..", method!="GET", team=~".*"}[1m])))",
        {}, {1000, 1030, 1000ms});
    BOOST_TEST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0] ==
               "x has no label \"code\"; it has endpoint, instance, job, method, status");
    BOOST_TEST(problems[1] == "no series of x has status=~\"5..\" (status was 200, 404)");
    // Before traffic only a missing label is said: values may appear with traffic.
    BOOST_TEST(
        verify::selector_problems(prometheus, R"(x{status="500"})", {}, {1000, 1030, 1000ms}, true)
            .empty());
}

BOOST_AUTO_TEST_CASE(looks_through_a_recording_rule_to_its_selectors) {
    RoutedHttp http;
    http.routes = {{"match[]={__name__=\"x\"}", k_labels},
                   {"/api/v1/labels", R"({"status":"success","data":[]})"}};
    promapi::PrometheusClient prometheus(http, "http://p");
    const std::vector<promapi::RecordingRule> recording{
        {"job:x:rate1m", "sum by (job) (rate(x{code=\"500\"}[1m]))", 1s}};
    const auto problems = verify::selector_problems(prometheus, "job:x:rate1m > 1 and y", recording,
                                                    {1000, 1030, 1000ms});
    BOOST_TEST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0].starts_with("x has no label \"code\""));
    BOOST_TEST(problems[1] == "y has no series (is it exported, and scraped?)");
}

BOOST_AUTO_TEST_CASE(the_longest_stretch_allows_no_gap_over_a_step_and_a_half) {
    std::vector<promapi::Series> series{{{}, {{1, 1}, {2, 1}, {3, 1}, {5, 1}, {6, 1}}},
                                        {{}, {{10, 1}, {11, 1}, {12, 1}, {13, 1}}}};
    const auto s = verify::longest_stretch(series, 1000ms);
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->first == 10);
    BOOST_TEST(s->second == 13);
    BOOST_TEST(!verify::longest_stretch({}, 1000ms).has_value());
}

BOOST_AUTO_TEST_CASE(checks_each_selector_of_one_metric_apart) {
    RoutedHttp http;
    http.routes = {{"/api/v1/labels", k_labels},
                   {"/api/v1/label/status/values", R"({"status":"success","data":["200","404"]})"}};
    promapi::PrometheusClient prometheus(http, "http://p");
    // Both select x with one matcher: the second is not the first.
    const auto problems = verify::selector_problems(prometheus, R"(x{code="500"} / x{status="9"})",
                                                    {}, {1000, 1030, 1000ms});
    BOOST_TEST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0].starts_with("x has no label \"code\""));
    BOOST_TEST(problems[1] == "no series of x has status=\"9\" (status was 200, 404)");
}
