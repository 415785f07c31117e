// The engine against the real demoapp, on each transport: the closed model (exact user
// counts, think time, what a drop does) with real sockets and real answers. The scheduling's
// finer cases run on a fake transport in tests/unit/load/worker_test.cpp.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>

#include "load/engine.hpp"
#include "scenario/parser.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;

namespace load {
std::ostream& operator<<(std::ostream& out, TransportChoice choice) {
    return out << (choice == TransportChoice::http1 ? "http1" : "curl");
}
}  // namespace load

namespace {

scenario::Scenario scenario_of(const std::string& text) {
    auto s = scenario::parse_scenario("name: engine\nrequests:\n" + text, "engine.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().message()));
    return *s;
}

const load::TransportChoice k_transports[] = {load::TransportChoice::curl,
                                              load::TransportChoice::http1};

load::RunResult run(const scenario::Scenario& s, std::uint16_t port, load::TransportChoice how,
                    unsigned threads = 1) {
    load::EngineOptions options;
    options.target = net::endpoint_from_url("http://127.0.0.1:" + std::to_string(port));
    options.threads = threads;
    options.seed = 1;
    options.transport = how;
    auto result = load::run_load(s, options);
    BOOST_REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error().message()));
    BOOST_TEST(result->transport == (how == load::TransportChoice::http1 ? "http1" : "curl"));
    return std::move(*result);
}

/// demoapp whose /api/slow always takes `delay`.
test_support::DemoApp slow_app(const std::string& delay) {
    return test_support::DemoApp(
        {"--slow-min", delay, "--slow-max", delay, "--db-min", "0ms", "--db-max", "0ms"});
}

}  // namespace

BOOST_DATA_TEST_CASE(closed_model_runs_exactly_the_number_of_users_across_threads,
                     boost::unit_test::data::make(k_transports), how) {
    // Each request takes longer than the phase: every user sends exactly one, so the count of
    // requests is the count of users, split 3 + 2 over two threads.
    auto app = slow_app("600ms");
    const auto s = scenario_of("  - {path: /api/slow}\nphases:\n  - {duration: 300ms, vus: 5}\n");
    const auto result = run(s, app.port(), how, 2);
    const auto total = result.total();
    BOOST_TEST(total.sent == 5u);
    BOOST_TEST(total.status_class[2] == 5u);
    BOOST_TEST(total.dropped == 0u);
}

BOOST_DATA_TEST_CASE(closed_model_users_wait_for_the_answer_and_think_between_requests,
                     boost::unit_test::data::make(k_transports), how) {
    auto app = slow_app("100ms");
    // 2 users, 100 ms answers, 200 ms think: a request every 300 ms each, so in 1 s each sends
    // at 0, 0.3, 0.6 and 0.9 s: 8 requests, and never two of one user at once.
    const auto s =
        scenario_of("  - {path: /api/slow}\nphases:\n  - {duration: 1s, vus: 2, think: 200ms}\n");
    const auto total = run(s, app.port(), how).total();
    BOOST_TEST(total.sent >= 6u);
    BOOST_TEST(total.sent <= 8u);
    BOOST_TEST(total.responses() == total.sent);
    // Without think time the same users send about every 100 ms: about 20.
    const auto busy = scenario_of("  - {path: /api/slow}\nphases:\n  - {duration: 1s, vus: 2}\n");
    const auto no_think = run(busy, app.port(), how).total();
    BOOST_TEST(no_think.sent >= 14u);
    BOOST_TEST(no_think.sent <= 20u);
}

BOOST_DATA_TEST_CASE(a_user_whose_request_is_dropped_gets_the_next_free_slot,
                     boost::unit_test::data::make(k_transports), how) {
    // 4 users, 2 slots: 2 requests go, 2 are dropped and their users queue. When an answer
    // comes back its slot goes to a queued user, so all four keep sending (about 12 requests
    // in 1.2 s). Before: a dropped user stayed busy for the rest of the phase, and only two
    // users ever sent (6 requests).
    auto app = slow_app("100ms");
    const auto s = scenario_of(
        "  - {path: /api/slow}\nphases:\n"
        "  - {duration: 1200ms, vus: 4, think: 300ms, max_in_flight: 2}\n");
    const auto total = run(s, app.port(), how).total();
    BOOST_TEST(total.dropped >= 2u);
    BOOST_TEST(total.sent >= 10u);
    BOOST_TEST(total.responses() == total.sent);
}
