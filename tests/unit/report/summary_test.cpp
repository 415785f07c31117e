// The terminal summary's first line says what was run against what, and with which client.
#include <boost/test/unit_test.hpp>

#include <string>

#include "printed.hpp"
#include "report/summary.hpp"
#include "sample_run.hpp"

namespace {

/// print_summary's output for `run`, as the terminal shows it.
std::string summary_of(const load::RunResult& run) {
    return test_support::printed_by([&](std::FILE* out) { report::print_summary(out, run); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_summary_names_the_target_and_the_transport_that_sent) {
    auto run = test_support::sample_run();
    run.scenario = "orders";
    run.target = "http://127.0.0.1:5002";
    run.elapsed = std::chrono::seconds(10);
    run.transport = "http1";
    const auto http1 = summary_of(run);
    BOOST_TEST(
        http1.find("\norders against http://127.0.0.1:5002 (http1): 10.0s\n") != std::string::npos,
        http1);
    // A report older than the field names none, and the line says nothing of it.
    run.transport.clear();
    const auto older = summary_of(run);
    BOOST_TEST(older.find("\norders against http://127.0.0.1:5002: 10.0s\n") != std::string::npos,
               older);
}
