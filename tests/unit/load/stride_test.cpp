#include <boost/test/unit_test.hpp>

#include <vector>

#include "load/stride.hpp"

BOOST_AUTO_TEST_CASE(the_parts_of_a_stride_partition_it_and_count_what_they_take) {
    for (unsigned n = 1; n <= 4; ++n) {
        for (unsigned threads = 1; threads <= 4; ++threads) {
            for (std::uint64_t total = 0; total <= 50; ++total) {
                std::vector<int> taken(total, 0);
                for (unsigned i = 0; i < n; ++i) {
                    const load::Stride segment{i, n};
                    std::uint64_t in_segment = 0;
                    for (unsigned j = 0; j < threads; ++j) {
                        const load::Stride part = segment.part(j, threads);
                        std::uint64_t counted = 0;
                        for (std::uint64_t k = 0; part.at(k) < total; ++k, ++counted)
                            ++taken[part.at(k)];
                        BOOST_TEST(part.count_below(total) == counted);
                        in_segment += counted;
                    }
                    BOOST_TEST(segment.count_below(total) == in_segment);
                }
                for (std::uint64_t k = 0; k < total; ++k)
                    BOOST_TEST(taken[k] == 1);
            }
        }
    }
}
