// demoapp as a black box on a loopback port: what a client or Prometheus sees.
#include <boost/test/unit_test.hpp>
#include <sstream>
#include <thread>

#include "support/test_support.hpp"
#include "util/process.hpp"

using namespace test_support;

namespace {

/// Sum of every http_requests_total series whose labels contain `selector`.
double requests_counted(std::uint16_t port, const std::string& selector) {
    const std::string metrics = body_of(http_get(port, "/metrics"));
    double total = 0;
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("http_requests_total{") && line.find(selector) != std::string::npos) {
            total += std::stod(line.substr(line.rfind(' ') + 1));
        }
    }
    return total;
}

/// A gauge's value from /metrics (no labels), -1 when absent.
double gauge(std::uint16_t port, const std::string& name) {
    std::istringstream lines(body_of(http_get(port, "/metrics")));
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with(name + " "))
            return std::stod(line.substr(name.size() + 1));
    }
    return -1;
}

bool still_serving(std::uint16_t port) {
    return status_of(http_get(port, "/health")) == 200;
}

}  // namespace

BOOST_AUTO_TEST_CASE(answers_malformed_http_with_400_and_keeps_serving) {
    DemoApp app({"--seed", "1"});
    for (const char* garbage :
         {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
          "POST /api/orders HTTP/1.1\r\nContent-Length: x\r\n\r\n"}) {
        BOOST_TEST(status_of(raw_exchange(app.port(), garbage)) == 400, garbage);
        BOOST_TEST(still_serving(app.port()));
    }
    BOOST_TEST(requests_counted(app.port(), "status=\"400\"") == 4);
}

BOOST_AUTO_TEST_CASE(refuses_an_oversized_body_with_413_and_huge_headers_with_431) {
    DemoApp app;
    const std::string body(200 * 1024, 'x');
    std::string request =
        "POST /api/orders HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    BOOST_TEST(status_of(raw_exchange(app.port(), request)) == 413);
    std::string huge = "GET / HTTP/1.1\r\nX-Big: " + std::string(32 * 1024, 'a') + "\r\n\r\n";
    BOOST_TEST(status_of(raw_exchange(app.port(), huge)) == 431);
    BOOST_TEST(still_serving(app.port()));
}

BOOST_AUTO_TEST_CASE(names_the_bad_field_of_an_order) {
    DemoApp app;
    const std::string order = R"({"user_id": 1, "items": [{"sku": "A", "qty": 0, "price": 2}]})";
    auto response = raw_exchange(app.port(),
                                 "POST /api/orders HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                                 "Content-Length: " +
                                     std::to_string(order.size()) + "\r\n\r\n" + order);
    BOOST_TEST(status_of(response) == 422);
    BOOST_TEST(body_of(response).find("\"field\":\"items[0].qty\"") != std::string::npos,
               body_of(response));
}

BOOST_AUTO_TEST_CASE(times_out_a_client_that_sends_too_slowly_with_408) {
    DemoApp app({"--request-timeout", "500ms"});
    // A few bytes, one every 100 ms, then nothing: the request never completes.
    const std::string request = "GET /api/users/1 HTTP/1.1\r\nHost:";
    auto response = raw_exchange(app.port(), request, 5s, 4, 100ms);
    BOOST_TEST(status_of(response) == 408, response);
    BOOST_TEST(still_serving(app.port()));
}

BOOST_AUTO_TEST_CASE(survives_clients_that_vanish_mid_request_or_mid_response) {
    DemoApp app({"--slow-min", "200ms", "--slow-max", "200ms"});
    for (int i = 0; i < 20; ++i) {
        raw_exchange(app.port(), "POST /api/orders HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"us",
                     10ms);
        raw_exchange(app.port(), "GET /api/slow HTTP/1.1\r\n\r\n", 10ms);
    }
    // Every slow answer was written to a client that had gone, and counted.
    BOOST_TEST(
        wait_until([&] { return requests_counted(app.port(), "/api/slow") == 20; }, 5s, 20ms));
    BOOST_TEST(gauge(app.port(), "http_requests_in_flight") == 0);
    BOOST_TEST(still_serving(app.port()));
}

BOOST_AUTO_TEST_CASE(a_second_demoapp_on_the_same_port_fails_instead_of_sharing_it) {
    DemoApp first({"--threads", "2"});
    TempDir dir;
    auto second =
        util::run_command({DEMOAPP_BINARY, "--listen", "127.0.0.1:" + std::to_string(first.port())},
                          dir.path() / "second.log");
    BOOST_REQUIRE(second.has_value());
    BOOST_TEST(second->exit_status != 0);
    BOOST_TEST(second->output.find("Address already in use") != std::string::npos, second->output);
    // Every connection still reaches the first one, on either of its loops.
    const double before = requests_counted(first.port(), "/health");
    for (int i = 0; i < 20; ++i)
        BOOST_TEST(still_serving(first.port()));
    BOOST_TEST(requests_counted(first.port(), "/health") == before + 20);
}

BOOST_AUTO_TEST_CASE(counts_every_request_under_its_route_template_only) {
    DemoApp app({"--db-max", "0ms", "--db-min", "0ms"});
    for (int id = 1; id <= 30; ++id)
        http_get(app.port(), "/api/users/" + std::to_string(id));
    for (int i = 0; i < 7; ++i)
        http_get(app.port(), "/random/" + std::to_string(i));
    BOOST_TEST(requests_counted(app.port(), "endpoint=\"/api/users/<id>\"") == 30);
    BOOST_TEST(requests_counted(app.port(), "endpoint=\"unmatched\"") == 7);
    // No raw path ever becomes a label value.
    const std::string metrics = body_of(http_get(app.port(), "/metrics"));
    BOOST_TEST(metrics.find("/random/") == std::string::npos);
    BOOST_TEST(metrics.find("/api/users/17") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(drains_in_flight_requests_on_sigterm_and_exits_0) {
    DemoApp app({"--slow-min", "800ms", "--slow-max", "800ms"});
    std::string slow_response;
    std::thread client([&] { slow_response = http_get(app.port(), "/api/slow"); });
    BOOST_REQUIRE(
        wait_until([&] { return gauge(app.port(), "http_requests_in_flight") == 1; }, 5s, 10ms));
    const auto started = std::chrono::steady_clock::now();
    const int exit_code = app.stop();
    client.join();
    BOOST_TEST(status_of(slow_response) == 200, slow_response);
    BOOST_TEST(exit_code == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
    BOOST_TEST(app.log().find("\"msg\":\"stopped\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(logs_one_json_line_per_request_with_route_and_request_id) {
    DemoApp app;
    raw_exchange(app.port(),
                 "GET /api/users/5 HTTP/1.1\r\nX-Request-ID: abc-123\r\nConnection: close\r\n\r\n");
    app.stop();
    const std::string log = app.log();
    auto pos = log.find("\"request_id\":\"abc-123\"");
    BOOST_REQUIRE(pos != std::string::npos);
    const std::string line =
        log.substr(log.rfind('\n', pos) + 1, log.find('\n', pos) - log.rfind('\n', pos) - 1);
    BOOST_TEST(line.find("\"route\":\"/api/users/<id>\"") != std::string::npos, line);
    BOOST_TEST(line.find("\"status\":200") != std::string::npos, line);
}
