#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>

#include "load/latency_histogram.hpp"
#include "support/test_support.hpp"

using load::LatencyHistogram;

namespace {

using test_support::exact_percentile;

}  // namespace

BOOST_AUTO_TEST_CASE(percentiles_are_within_one_percent_of_exact_on_a_million_samples) {
    std::mt19937_64 rng(7);
    // Log-normal around 20 ms with a long tail, like service latencies: 50 us to minutes.
    std::lognormal_distribution<double> dist(std::log(20'000.0), 1.2);
    std::vector<std::uint64_t> values;
    values.reserve(1'000'000);
    LatencyHistogram h;
    for (int i = 0; i < 1'000'000; ++i) {
        const auto v = static_cast<std::uint64_t>(dist(rng)) + 1;
        values.push_back(v);
        h.record_micros(v);
    }
    std::sort(values.begin(), values.end());
    for (double p : {1.0, 10.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99}) {
        const double want = exact_percentile(values, p);
        const double got = h.percentile_seconds(p);
        BOOST_TEST(std::abs(got - want) / want < 0.01, "p" << p << ": " << got << " vs " << want);
    }
    BOOST_TEST(h.max_seconds() == static_cast<double>(values.back()) / 1e6);
    BOOST_TEST(h.count() == 1'000'000u);
}

BOOST_AUTO_TEST_CASE(buckets_tile_the_range_without_gaps) {
    std::uint64_t expected_low = 0;
    for (std::size_t i = 0; i < LatencyHistogram::k_buckets; ++i) {
        const auto [low, high] = LatencyHistogram::bucket_range(i);
        BOOST_REQUIRE_EQUAL(low, expected_low);
        BOOST_REQUIRE(high > low);
        BOOST_REQUIRE_EQUAL(LatencyHistogram::bucket_of(low), i);
        BOOST_REQUIRE_EQUAL(LatencyHistogram::bucket_of(high - 1), i);
        // Width at most 1/64 of the bucket's low end: the 0.78% midpoint bound.
        if (low >= LatencyHistogram::k_linear)
            BOOST_REQUIRE(64 * (high - low) <= low);
        expected_low = high;
    }
}

BOOST_AUTO_TEST_CASE(merging_equals_recording_everything_in_one) {
    LatencyHistogram a, b, all;
    for (std::uint64_t v = 1; v < 200'000; v += 37) {
        (v % 2 ? a : b).record_micros(v);
        all.record_micros(v);
    }
    a.merge(b);
    for (double p : {50.0, 99.0, 100.0})
        BOOST_TEST(a.percentile_seconds(p) == all.percentile_seconds(p));
    BOOST_TEST(a.count() == all.count());
    BOOST_TEST(a.mean_seconds() == all.mean_seconds(), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(a.min_seconds() == all.min_seconds());
}

BOOST_AUTO_TEST_CASE(an_empty_histogram_reports_zero) {
    LatencyHistogram h;
    BOOST_TEST(h.percentile_seconds(99) == 0.0);
    BOOST_TEST(h.mean_seconds() == 0.0);
    BOOST_TEST(h.min_seconds() == 0.0);
}
