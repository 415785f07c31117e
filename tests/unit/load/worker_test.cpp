// The scheduling (load::Worker) on a fake clock and a scripted transport: what is sent when,
// what is dropped, late or abandoned, and what each answer counts as, with no sockets.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <numeric>

#include "fake_transport.hpp"
#include "load/engine.hpp"
#include "load/plan.hpp"
#include "load/worker.hpp"
#include "scenario/parser.hpp"

using namespace std::chrono_literals;
using test_support::FakeClock;
using test_support::FakeTransport;

namespace {

scenario::Scenario worker_scenario(const std::string& text) {
    auto s = scenario::parse_scenario(
        "name: worker\ntarget: http://127.0.0.1:9\nrequests:\n" + text, "worker.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().message()));
    return *s;
}

load::Plan plan_for(const scenario::Scenario& s, unsigned threads = 1, load::Segment segment = {}) {
    load::EngineOptions options;
    options.target = net::endpoint_from_url(s.target);
    options.threads = threads;
    options.segment = segment;
    options.seed = 1;
    auto plan = load::make_plan(s, options);
    BOOST_REQUIRE(plan.has_value());
    return std::move(*plan);
}

/// Worker `index` of `plan` run to its end on its own fake clock and transport.
struct FakeRun {
    FakeClock clock;
    FakeTransport transport{clock};
    load::SeriesSink series;
    std::atomic<bool> stop{false};
    std::uint64_t abandoned = 0;
    load::RequestStats total;

    /// `start`: when the run begins, from now (negative: it began before this worker was ready).
    void run(load::Plan& plan, unsigned index = 0, std::chrono::milliseconds start = 20ms) {
        plan.start = clock.now() + start;
        load::Worker worker(plan, index, transport, clock, {&stop, nullptr, nullptr}, series);
        worker.run();
        for (const auto& phase : worker.stats()) {
            for (const auto& r : phase)
                total.merge(r);
        }
        abandoned = worker.abandoned();
    }
    std::uint64_t errors(load::ErrorKind kind) const {
        return total.errors[static_cast<std::size_t>(kind)];
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_open_model_sends_every_scheduled_arrival_on_time) {
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 1s, rate: 1000}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.run(plan);
    BOOST_TEST(r.total.sent == 1000u);
    BOOST_TEST(r.total.status_class[2] == 1000u);
    BOOST_TEST(r.total.dropped == 0u);
    BOOST_TEST(r.transport.numbers.size() == 1000u);
    // Sent when due, answered 1 ms later: the latency is the answer's time, within a bucket.
    BOOST_TEST(r.total.latency.percentile_seconds(99) == 0.001, boost::test_tools::tolerance(0.05));
}

BOOST_AUTO_TEST_CASE(a_stalled_worker_counts_its_delay_as_latency_not_service) {
    // The 11th send stalls the worker for 100 ms (a slow write). The arrivals due meanwhile go
    // late: their latency runs from when they were due, their service time from the send.
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 1s, rate: 100}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.script = [&r](std::size_t, std::uint64_t n) {
        if (n == 10)
            r.clock.advance_to(r.clock.now() + 100ms);
        return FakeTransport::Reply{};
    };
    r.run(plan);
    BOOST_TEST(r.total.sent == 100u);
    BOOST_TEST(r.total.dropped == 0u);
    // Arrivals 11-19 were due 10-90 ms before they went; the stalled one took 101 ms.
    BOOST_TEST(r.total.latency.percentile_seconds(100) >= 0.1);
    BOOST_TEST(r.total.latency.percentile_seconds(95) >= 0.03);
    BOOST_TEST(r.total.service.percentile_seconds(98) <= 0.0011);
}

BOOST_AUTO_TEST_CASE(arrivals_due_at_max_in_flight_are_dropped_never_delayed) {
    // 100/s, answers in 100 ms, at most 2 out: 2 of every 10 go, the rest are dropped when due.
    const auto s = worker_scenario(
        "  - {path: /}\nmax_in_flight: 2\nphases:\n  - {duration: 1s, rate: 100}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.script = [](std::size_t, std::uint64_t) { return FakeTransport::Reply{100ms}; };
    r.run(plan);
    BOOST_TEST(r.transport.most_out == 2u);
    BOOST_TEST(r.total.sent + r.total.dropped == 100u);
    BOOST_TEST(r.total.sent == 20u);
    BOOST_TEST(r.total.status_class[2] == 20u);
}

BOOST_AUTO_TEST_CASE(closed_model_users_split_across_threads_send_once_each_when_slow) {
    // Answers longer than the phase: each user sends exactly once, 3 + 2 over two threads.
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 300ms, vus: 5}\n");
    auto plan = plan_for(s, 2);
    std::uint64_t sent[2] = {};
    for (unsigned j = 0; j < 2; ++j) {
        FakeRun r;
        r.transport.script = [](std::size_t, std::uint64_t) { return FakeTransport::Reply{600ms}; };
        r.run(plan, j);
        sent[j] = r.total.sent;
        BOOST_TEST(r.total.status_class[2] == r.total.sent);
    }
    BOOST_TEST(sent[0] == 3u);
    BOOST_TEST(sent[1] == 2u);
}

BOOST_AUTO_TEST_CASE(closed_model_users_wait_for_the_answer_and_think) {
    // 2 users, 100 ms answers, 200 ms think: each sends at 0, 300, 600 and 900 ms.
    const auto s =
        worker_scenario("  - {path: /}\nphases:\n  - {duration: 1s, vus: 2, think: 200ms}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.script = [](std::size_t, std::uint64_t) { return FakeTransport::Reply{100ms}; };
    r.run(plan);
    BOOST_TEST(r.total.sent == 8u);
    BOOST_TEST(r.total.responses() == 8u);
    BOOST_TEST(r.transport.most_out == 2u);
}

BOOST_AUTO_TEST_CASE(a_user_whose_request_is_dropped_gets_the_next_free_slot) {
    // 4 users, 2 slots: 2 requests go, 2 are dropped and their users queue; each answer hands
    // its slot to a queued user, so all four keep sending.
    const auto s = worker_scenario(
        "  - {path: /}\nphases:\n  - {duration: 1200ms, vus: 4, think: 300ms, max_in_flight: 2}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.script = [](std::size_t, std::uint64_t) { return FakeTransport::Reply{100ms}; };
    r.run(plan);
    BOOST_TEST(r.total.dropped >= 2u);
    BOOST_TEST(r.total.sent >= 10u);
    BOOST_TEST(r.total.responses() == r.total.sent);
    BOOST_TEST(r.transport.most_out == 2u);
}

BOOST_AUTO_TEST_CASE(a_request_the_transport_refuses_is_a_failed_request_and_the_run_ends) {
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 200ms, rate: 100}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.refuse_every = 2;
    r.run(plan);
    BOOST_TEST(r.total.sent == 20u);
    BOOST_TEST(r.errors(load::ErrorKind::other) == 10u);
    BOOST_TEST(r.total.status_class[2] == 10u);
}

BOOST_AUTO_TEST_CASE(a_closed_model_user_whose_request_is_refused_thinks_and_sends_again) {
    // Every request refused (a URL the transport cannot send): the user is never stuck
    // waiting for a slot no answer will free; it sends every think time, each a failure.
    const auto s =
        worker_scenario("  - {path: /}\nphases:\n  - {duration: 1s, vus: 1, think: 100ms}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.refuse_every = 1;
    r.run(plan);
    BOOST_TEST(r.total.sent == 10u);
    BOOST_TEST(r.errors(load::ErrorKind::other) == 10u);
    BOOST_TEST(r.total.dropped == 0u);
}

BOOST_AUTO_TEST_CASE(every_error_category_is_counted_as_the_transport_answered) {
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 100ms, rate: 100}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.script = [](std::size_t, std::uint64_t n) {
        static constexpr load::ErrorKind kinds[] = {load::ErrorKind::connect,
                                                    load::ErrorKind::timeout,
                                                    load::ErrorKind::reset, load::ErrorKind::other};
        if (n % 5 == 4)
            return FakeTransport::Reply{1ms, 503u};
        return FakeTransport::Reply{1ms, std::unexpected(kinds[n % 5])};
    };
    r.run(plan);
    BOOST_TEST(r.total.sent == 10u);
    BOOST_TEST(r.errors(load::ErrorKind::connect) == 2u);
    BOOST_TEST(r.errors(load::ErrorKind::timeout) == 2u);
    BOOST_TEST(r.errors(load::ErrorKind::reset) == 2u);
    BOOST_TEST(r.errors(load::ErrorKind::other) == 2u);
    BOOST_TEST(r.total.status_class[5] == 2u);
    BOOST_TEST(r.total.failed() == 10u);
}

BOOST_AUTO_TEST_CASE(a_worker_ready_after_start_at_drops_what_was_due_as_late) {
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 1s, rate: 100}\n");
    auto plan = plan_for(s);
    plan.start_at = true;
    FakeRun r;
    r.run(plan, 0, -95ms);  // arrivals 0..9 (0, 10, ... 90 ms) are past
    BOOST_TEST(r.total.late == 10u);
    BOOST_TEST(r.total.dropped == 10u);
    BOOST_TEST(r.total.sent == 90u);
}

BOOST_AUTO_TEST_CASE(a_stopped_run_drains_then_abandons_what_is_still_out) {
    // Answers never come in time; Ctrl-C at the 50th send. The worker waits the drain (2 s)
    // and gives up the requests still out.
    const auto s = worker_scenario("  - {path: /}\nphases:\n  - {duration: 10s, rate: 100}\n");
    auto plan = plan_for(s);
    FakeRun r;
    r.transport.script = [&r](std::size_t, std::uint64_t n) {
        if (n == 49)
            r.stop = true;
        return FakeTransport::Reply{60s};
    };
    const auto began = r.clock.now();
    r.run(plan);
    BOOST_TEST(r.total.sent == 50u);
    BOOST_TEST(r.abandoned == 50u);
    BOOST_TEST((r.clock.now() - began >= 2s));
    BOOST_TEST((r.clock.now() - began < 3s));
}

BOOST_AUTO_TEST_CASE(segments_and_threads_send_every_arrival_exactly_once) {
    // 2 segments x 3 threads: the open arrivals 0..99 each go once, from exactly one sender;
    // the closed phase's 7 users split 2+1+1 / 1+1+1.
    const auto s = worker_scenario(
        "  - {path: /}\nphases:\n  - {duration: 100ms, rate: 1000}\n"
        "  - {duration: 100ms, vus: 7, think: 1s}\n");
    std::vector<std::uint64_t> open;
    unsigned users = 0;
    for (unsigned seg = 0; seg < 2; ++seg) {
        auto plan = plan_for(s, 3, {seg, 2});
        for (unsigned j = 0; j < 3; ++j) {
            FakeRun r;
            r.run(plan, j);
            for (const auto n : r.transport.numbers) {
                if (n < 100)
                    open.push_back(n);
                else
                    ++users;  // each user sends once: think is longer than the phase
            }
        }
    }
    std::sort(open.begin(), open.end());
    std::vector<std::uint64_t> all(100);
    std::iota(all.begin(), all.end(), 0);
    BOOST_TEST(open == all, boost::test_tools::per_element());
    BOOST_TEST(users == 7u);
}
