// The PromQL range-window scanner (deadlines come from it) on any expression.
#include "util/promql.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string expr = fuzz_text(data, size);
    const auto windows = util::range_windows(expr);
    util::Millis longest{0};
    for (const auto& w : windows) {
        FUZZ_ASSERT(w.begin < w.end && w.end <= expr.size());
        FUZZ_ASSERT(expr[w.begin] == '[' && expr[w.end - 1] == ']');
        longest = std::max(longest, w.range);
    }
    FUZZ_ASSERT(util::longest_range_window(expr) == longest);
    return 0;
}
