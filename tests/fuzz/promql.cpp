// The PromQL readers on any expression: the range-window scanner (deadlines come from it) and
// the lexer behind selectors and comparisons (why an alert did not fire).
#include "util/promql.hpp"
#include "fuzz_input.hpp"
#include "util/promql_parts.hpp"

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

    // Every selector's metric is an identifier (or a __name__ value), every matcher's operator
    // one of PromQL's four.
    for (const auto& s : util::vector_selectors(expr)) {
        for (const auto& m : s.matchers)
            FUZZ_ASSERT(m.op == "=" || m.op == "!=" || m.op == "=~" || m.op == "!~");
    }
    // Both sides of a comparison are text of the expression, the operator one of six.
    for (const auto& c : util::top_level_comparisons(expr)) {
        FUZZ_ASSERT(c.op == "==" || c.op == "!=" || c.op == ">" || c.op == "<" || c.op == ">=" ||
                    c.op == "<=");
        FUZZ_ASSERT(c.lhs.size() <= expr.size() && c.rhs.size() <= expr.size());
    }
    return 0;
}
