#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "demoapp/app.hpp"

using namespace demoapp;
using namespace std::chrono_literals;

namespace {

/// An App with its own metrics and a log captured in memory.
struct AppFixture {
    Config config;
    AppMetrics metrics;
    ActiveUsers users;
    char* log_text = nullptr;
    std::size_t log_size = 0;
    std::FILE* log_file = open_memstream(&log_text, &log_size);
    AccessLog log{log_file};
    std::mt19937_64 rng{42};

    ~AppFixture() {
        std::fclose(log_file);
        std::free(log_text);
    }
    Reply call(std::string_view method, std::string_view target, std::string_view body = {}) {
        App app(config, metrics, users, log);
        return app.handle({method, target, body, {}, "req-1"}, rng);
    }
    std::string logged() {
        std::fflush(log_file);
        return std::string(log_text, log_size);
    }
    /// The value of one exposition line, e.g. orders_total{status="success"}.
    double metric(const std::string& series) {
        const std::string text = metrics.scrape(users.count(ActiveUsers::Clock::now()));
        auto pos = text.find("\n" + series + " ");
        BOOST_REQUIRE_MESSAGE(pos != std::string::npos, series << " not in /metrics");
        return std::stod(text.substr(pos + series.size() + 2));
    }
};

const char* k_valid_order = R"({"user_id": 5, "items": [{"sku": "A1", "qty": 3, "price": 10}]})";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(app, AppFixture)

BOOST_AUTO_TEST_CASE(answers_users_with_404_for_unknown_and_400_for_non_numeric_ids) {
    BOOST_TEST(call("GET", "/api/users/42").status == 200u);
    BOOST_TEST(nlohmann::json::parse(call("GET", "/api/users/42").body)["id"] == 42);
    BOOST_TEST(call("GET", "/api/users/101").status == 404u);
    BOOST_TEST(call("GET", "/api/users/0").status == 404u);
    BOOST_TEST(call("GET", "/api/users/abc").status == 400u);
    BOOST_TEST(call("GET", "/api/users/12abc").status == 400u);
}

BOOST_AUTO_TEST_CASE(simulates_database_latency_within_the_configured_bounds) {
    config.db_min = 5ms;
    config.db_max = 9ms;
    for (int i = 0; i < 50; ++i) {
        auto reply = call("GET", "/api/users/1");
        BOOST_TEST(reply.delay >= 5ms);
        BOOST_TEST(reply.delay <= 9ms);
    }
    BOOST_TEST(metric("database_query_duration_seconds_count{query_type=\"select\"}") == 50);
}

BOOST_AUTO_TEST_CASE(counts_created_failed_and_refused_orders_apart) {
    config.order_failure_rate = 0.0;
    BOOST_TEST(call("POST", "/api/orders", k_valid_order).status == 201u);
    BOOST_TEST(call("POST", "/api/orders", "{oops").status == 400u);
    BOOST_TEST(call("POST", "/api/orders", R"({"user_id": 5, "items": []})").status == 422u);
    config.order_failure_rate = 1.0;
    BOOST_TEST(call("POST", "/api/orders", k_valid_order).status == 500u);
    BOOST_TEST(metric("orders_total{status=\"success\"}") == 1);
    BOOST_TEST(metric("orders_total{status=\"failed\"}") == 1);
    BOOST_TEST(metric("orders_total{status=\"invalid\"}") == 2);
    BOOST_TEST(metric("order_value_dollars_sum") == 30);
    const std::string lines = logged();
    BOOST_TEST(lines.find("\"msg\":\"order created\"") != std::string::npos);
    BOOST_TEST(lines.find("\"msg\":\"order failed\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_order_paid_with_the_processing_error_test_card_fails) {
    config.order_failure_rate = 0.0;
    const auto paid = [&](const char* card) {
        return call(
            "POST", "/api/orders",
            std::string(R"({"user_id": 5, "items": [{"sku": "A", "qty": 1, "price": 2}],)") +
                R"( "payment": {"card": ")" + card + R"("}})");
    };
    BOOST_TEST(paid("4242424242424242").status == 201u);
    const auto failed = paid("4000000000000119");
    BOOST_TEST(failed.status == 500u);
    BOOST_TEST(failed.body.find("card ending 0119: processing_error") != std::string::npos);
    BOOST_TEST(metric("orders_total{status=\"failed\"}") == 1);
    BOOST_TEST(paid("4000-0000").status == 422u);  // not a card number
}

BOOST_AUTO_TEST_CASE(fails_api_error_at_the_configured_rate) {
    config.error_rate = 1.0;
    BOOST_TEST(call("GET", "/api/error").status == 500u);
    config.error_rate = 0.0;
    BOOST_TEST(call("GET", "/api/error").status == 200u);
    config.error_rate = 0.3;
    int errors = 0;
    for (int i = 0; i < 2000; ++i)
        errors += call("GET", "/api/error").status == 500u ? 1 : 0;
    BOOST_TEST(errors > 500);  // 600 expected; 5 standard deviations is about 100
    BOOST_TEST(errors < 700);
}

BOOST_AUTO_TEST_CASE(delays_slow_within_its_bounds) {
    config.slow_min = 1000ms;
    config.slow_max = 3000ms;
    for (int i = 0; i < 20; ++i) {
        auto reply = call("GET", "/api/slow");
        BOOST_TEST(reply.delay >= 1000ms);
        BOOST_TEST(reply.delay <= 3000ms);
    }
}

BOOST_AUTO_TEST_CASE(refuses_wrong_methods_and_unknown_paths) {
    BOOST_TEST(call("DELETE", "/api/users/1").status == 405u);
    BOOST_TEST(call("GET", "/api/orders").status == 405u);
    auto reply = call("GET", "/does/not/exist");
    BOOST_TEST(reply.status == 404u);
    BOOST_TEST(route_template(reply.route) == "unmatched");
}

BOOST_AUTO_TEST_CASE(counts_users_seen_by_id_order_and_header) {
    call("GET", "/api/users/1");
    call("GET", "/api/users/2");
    call("GET", "/api/users/2");
    call("POST", "/api/orders", k_valid_order);
    App app(config, metrics, users, this->log);
    app.handle({"GET", "/health", {}, "alice", "r"}, rng);
    BOOST_TEST(metric("active_users") == 4);
}

BOOST_AUTO_TEST_CASE(exposes_request_metrics_by_template_method_and_status) {
    metrics.observe_request(Route::user_by_id, Method::get, 200, 0.003);
    metrics.observe_request(Route::user_by_id, Method::get, 200, 0.2);
    metrics.observe_request(Route::unmatched, Method::other, 404, 0.001);
    BOOST_TEST(
        metric(R"(http_requests_total{endpoint="/api/users/<id>",method="GET",status="200"})") ==
        2);
    BOOST_TEST(metric(R"(http_requests_total{endpoint="unmatched",method="other",status="404"})") ==
               1);
    BOOST_TEST(
        metric(
            R"(http_request_duration_seconds_bucket{endpoint="/api/users/<id>",method="GET",le="0.005"})") ==
        1);
    BOOST_TEST(
        metric(
            R"(http_request_duration_seconds_bucket{endpoint="/api/users/<id>",method="GET",le="0.25"})") ==
        2);
    BOOST_TEST(metric(R"(app_info{version="1.0.0"})") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
