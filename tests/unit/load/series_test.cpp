#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>

#include "load/arrival_schedule.hpp"
#include "load/series.hpp"
#include "support/test_support.hpp"
#include "util/base64.hpp"

using namespace std::chrono_literals;
using load::SecondHistogram;

namespace {

SecondHistogram histogram_of(const std::vector<std::uint64_t>& micros) {
    SecondHistogram::Dense dense{};
    std::uint64_t max = 0;
    for (auto v : micros) {
        ++dense[SecondHistogram::Buckets::bucket_of(v)];
        max = std::max(max, v);
    }
    return SecondHistogram::from_dense(dense, max);
}

using test_support::exact_percentile;

}  // namespace

BOOST_AUTO_TEST_CASE(a_second_histogram_is_within_its_stated_error_and_round_trips) {
    std::mt19937_64 random(7);
    std::lognormal_distribution<double> latency(std::log(3000.0), 1.2);  // ~3 ms, wide
    std::vector<std::uint64_t> values;
    for (int i = 0; i < 30'000; ++i)
        values.push_back(static_cast<std::uint64_t>(latency(random)));
    const auto h = histogram_of(values);
    std::sort(values.begin(), values.end());
    BOOST_TEST(h.count() == values.size());
    for (double p : {50.0, 90.0, 99.0}) {
        const double truth = exact_percentile(values, p);
        BOOST_TEST(std::abs(h.percentile_seconds(p) - truth) <= truth / 32 + 1e-6, p);
    }
    BOOST_TEST(h.percentile_seconds(100) == static_cast<double>(values.back()) / 1e6);  // exact
    // Sparse: a second at 30k/s over four decades of latency fills a fraction of 544 buckets.
    BOOST_TEST(h.bucket_count() < 200u);
    BOOST_TEST(h.encode().size() < 5 * h.bucket_count());  // ~3 bytes a bucket, in base64

    const auto back = SecondHistogram::decode(h.encode(), h.max_micros());
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST(back->encode() == h.encode());
    BOOST_TEST(back->percentile_seconds(99) == h.percentile_seconds(99));
    // Packed as (index step, count) varints: index 3 is step 4 from "-1".
    auto packed = [](std::string bytes) { return util::base64_encode(bytes); };
    const auto three = SecondHistogram::decode(packed("\x04\x01\x01\x02"), 10);
    BOOST_REQUIRE(three.has_value());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> seen;
    three->for_each([&](std::uint32_t i, std::uint32_t n) { seen.emplace_back(i, n); });
    BOOST_TEST((seen == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{3, 1}, {4, 2}}));
    BOOST_TEST(!SecondHistogram::decode(packed(std::string("\x04\x01\x00\x01", 4)), 10));  // again
    BOOST_TEST(!SecondHistogram::decode(packed("\xa1\x04\x01"), 1u << 30));  // no bucket 544+
    BOOST_TEST(!SecondHistogram::decode(packed("\x29\x01"), 3));  // max below a bucket hit
    BOOST_TEST(!SecondHistogram::decode(packed(std::string("\x02\x00", 2)), 1));  // count 0
    BOOST_TEST(!SecondHistogram::decode(packed("\x02"), 1));                      // cut short
    BOOST_TEST(!SecondHistogram::decode("3:1 2:1", 10));                          // not base64
}

BOOST_AUTO_TEST_CASE(merged_second_histograms_are_the_histogram_of_all_values) {
    std::vector<std::uint64_t> a{100, 200, 5000, 90'000}, b{150, 200, 7000, 2'000'000};
    auto merged = histogram_of(a);
    merged.merge(histogram_of(b));
    std::vector<std::uint64_t> all = a;
    all.insert(all.end(), b.begin(), b.end());
    BOOST_TEST(merged.encode() == histogram_of(all).encode());
    BOOST_TEST(merged.max_micros() == 2'000'000u);
    BOOST_TEST(merged.count() == 8u);
}

BOOST_AUTO_TEST_CASE(a_recorder_files_each_event_in_its_second_and_loses_none) {
    load::SeriesSink sink;
    const auto start = std::chrono::steady_clock::time_point(1000s);
    {
        load::SeriesRecorder r(start, sink);
        for (int ms = 0; ms < 3500; ms += 10) {  // 350 requests over 3.5 s, 2 requests names
            const auto t = start + std::chrono::milliseconds(ms);
            const std::size_t request = static_cast<std::size_t>(ms / 10) % 2;
            ++r.counts(t, 0, request).sent;
            ++r.counts(t + 5ms, 0, request).status_class[ms % 70 == 0 ? 5 : 2];
            r.latency(t + 5ms, 0, request, 5ms, 4ms);
        }
        ++r.counts(start + 2s, 1, 0).dropped;  // earlier than the open second: counted in it
    }                                          // the destructor seals the last second
    const auto& series = sink.series;
    BOOST_REQUIRE(series.seconds.size() == 4u);
    BOOST_TEST(series.seconds[0].size() == 2u);  // one cell per request
    std::uint64_t second0 = 0;
    for (const auto& c : series.seconds[0])
        second0 += c.counts.sent;
    BOOST_TEST(second0 == 100u);
    const auto total = series.total();
    BOOST_TEST(total.sent == 350u);
    BOOST_TEST(total.status_class[2] + total.status_class[5] == 350u);
    BOOST_TEST(total.status_class[5] == 50u);
    BOOST_TEST(total.dropped == 1u);
    BOOST_TEST(series.seconds[3].back().phase == 1u);  // the late drop, in the open second
    BOOST_TEST(series.seconds[1][0].latency.percentile_seconds(50) ==
               SecondHistogram::Buckets::representative(SecondHistogram::Buckets::bucket_of(5000)) /
                   1e6);
}

BOOST_AUTO_TEST_CASE(the_schedule_per_second_adds_up_to_each_segments_share) {
    const load::ArrivalSchedule schedule({{10s, 5, 40}, {5s, 0, 0}, {3s, 100, 100}});
    for (unsigned n : {1u, 3u}) {
        std::uint64_t all = 0;
        for (unsigned i = 0; i < n; ++i) {
            std::uint64_t sum = 0;
            for (int s = 0; s < 18; ++s) {
                sum += schedule.arrivals_before(std::chrono::seconds(s + 1), {i, n}) -
                       schedule.arrivals_before(std::chrono::seconds(s), {i, n});
            }
            BOOST_TEST(sum ==
                       schedule.count_in_phase(0, {i, n}) + schedule.count_in_phase(2, {i, n}));
            all += sum;
        }
        BOOST_TEST(all == schedule.total());
    }
    // The ramp's first second holds about 5 + 3.5/2, its last about 40 - 3.5/2; the closed
    // phase none; the constant phase exactly 100 a second.
    auto in = [&](int s) {
        return schedule.arrivals_before(std::chrono::seconds(s + 1)) -
               schedule.arrivals_before(std::chrono::seconds(s));
    };
    BOOST_TEST(in(0) >= 6u);
    BOOST_TEST(in(0) <= 8u);
    BOOST_TEST(in(9) >= 37u);
    BOOST_TEST(in(12) == 0u);
    BOOST_TEST(in(16) == 100u);
}
