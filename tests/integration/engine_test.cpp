// The libcurl engine against the real demoapp: the closed model (exact user counts, think
// time, what a drop does) and libcurl refusing a request (the run must count it and end, not
// wait forever for a request that was never added). This executable is linked with
// -Wl,--wrap for curl_multi_add_handle and curl_easy_init, so a test can make them fail.
#include <curl/curl.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>

#include "load/engine.hpp"
#include "scenario/parser.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;

namespace {

std::atomic<int> g_fail_every_add{0};  ///< 0: never; n: every n-th curl_multi_add_handle fails
std::atomic<int> g_adds{0};
std::atomic<int> g_fail_easy_inits{0};  ///< how many of the next curl_easy_init calls fail

}  // namespace

extern "C" {
CURLMcode __real_curl_multi_add_handle(CURLM* multi, CURL* easy);
CURL* __real_curl_easy_init();

CURLMcode __wrap_curl_multi_add_handle(CURLM* multi, CURL* easy) {
    const int every = g_fail_every_add.load();
    if (every > 0 && ++g_adds % every == 0)
        return CURLM_OUT_OF_MEMORY;
    return __real_curl_multi_add_handle(multi, easy);
}

CURL* __wrap_curl_easy_init() {
    if (g_fail_easy_inits.load() > 0) {
        --g_fail_easy_inits;
        return nullptr;
    }
    return __real_curl_easy_init();
}
}

namespace {

scenario::Scenario scenario_of(const std::string& text) {
    auto s = scenario::parse_scenario("name: engine\nrequests:\n" + text, "engine.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().message()));
    return *s;
}

load::RunResult run(const scenario::Scenario& s, std::uint16_t port, unsigned threads = 1) {
    load::EngineOptions options;
    options.target = net::endpoint_from_url("http://127.0.0.1:" + std::to_string(port));
    options.threads = threads;
    options.seed = 1;
    return load::run_load(s, options);
}

/// demoapp whose /api/slow always takes `delay`.
test_support::DemoApp slow_app(const std::string& delay) {
    return test_support::DemoApp(
        {"--slow-min", delay, "--slow-max", delay, "--db-min", "0ms", "--db-max", "0ms"});
}

}  // namespace

BOOST_AUTO_TEST_CASE(closed_model_runs_exactly_the_number_of_users_across_threads) {
    // Each request takes longer than the phase: every user sends exactly one, so the count of
    // requests is the count of users, split 3 + 2 over two threads.
    auto app = slow_app("600ms");
    const auto s = scenario_of("  - {path: /api/slow}\nphases:\n  - {duration: 300ms, vus: 5}\n");
    const auto result = run(s, app.port(), 2);
    const auto total = result.total();
    BOOST_TEST(total.sent == 5u);
    BOOST_TEST(total.status_class[2] == 5u);
    BOOST_TEST(total.dropped == 0u);
}

BOOST_AUTO_TEST_CASE(closed_model_users_wait_for_the_answer_and_think_between_requests) {
    auto app = slow_app("100ms");
    // 2 users, 100 ms answers, 200 ms think: a request every 300 ms each, so in 1 s each sends
    // at 0, 0.3, 0.6 and 0.9 s: 8 requests, and never two of one user at once.
    const auto s =
        scenario_of("  - {path: /api/slow}\nphases:\n  - {duration: 1s, vus: 2, think: 200ms}\n");
    const auto total = run(s, app.port()).total();
    BOOST_TEST(total.sent >= 6u);
    BOOST_TEST(total.sent <= 8u);
    BOOST_TEST(total.responses() == total.sent);
    // Without think time the same users send about every 100 ms: about 20.
    const auto busy = scenario_of("  - {path: /api/slow}\nphases:\n  - {duration: 1s, vus: 2}\n");
    const auto no_think = run(busy, app.port()).total();
    BOOST_TEST(no_think.sent >= 14u);
    BOOST_TEST(no_think.sent <= 20u);
}

BOOST_AUTO_TEST_CASE(a_user_whose_request_is_dropped_gets_the_next_free_slot) {
    // 4 users, 2 slots: 2 requests go, 2 are dropped and their users queue. When an answer
    // comes back its slot goes to a queued user, so all four keep sending (about 12 requests
    // in 1.2 s). Before: a dropped user stayed busy for the rest of the phase, and only two
    // users ever sent (6 requests).
    auto app = slow_app("100ms");
    const auto s = scenario_of(
        "  - {path: /api/slow}\nphases:\n"
        "  - {duration: 1200ms, vus: 4, think: 300ms, max_in_flight: 2}\n");
    const auto total = run(s, app.port()).total();
    BOOST_TEST(total.dropped >= 2u);
    BOOST_TEST(total.sent >= 10u);
    BOOST_TEST(total.responses() == total.sent);
}

BOOST_AUTO_TEST_CASE(a_request_libcurl_refuses_is_counted_and_the_run_ends) {
    test_support::DemoApp app;
    const auto s = scenario_of("  - {path: /health}\nphases:\n  - {duration: 200ms, rate: 100}\n");
    g_adds = 0;
    g_fail_every_add = 2;
    const auto started = std::chrono::steady_clock::now();
    const auto result = run(s, app.port());
    g_fail_every_add = 0;
    const auto total = result.total();
    BOOST_TEST(total.sent == 20u);
    BOOST_TEST(total.errors[static_cast<std::size_t>(load::ErrorKind::other)] == 10u);
    BOOST_TEST(total.status_class[2] == 10u);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
}

BOOST_AUTO_TEST_CASE(a_handle_libcurl_cannot_make_is_a_failed_request) {
    test_support::DemoApp app;
    const auto s = scenario_of("  - {path: /health}\nphases:\n  - {duration: 100ms, rate: 50}\n");
    g_fail_easy_inits = 1;
    const auto total = run(s, app.port()).total();
    BOOST_TEST(total.sent == 5u);
    BOOST_TEST(total.errors[static_cast<std::size_t>(load::ErrorKind::other)] == 1u);
    BOOST_TEST(total.status_class[2] == 4u);
}
