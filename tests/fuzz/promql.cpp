// The PromQL readers on any expression: the one lexer, the range-window scanner (deadlines come
// from it) and the selectors and comparisons read from its tokens (why an alert did not fire).
#include "fuzz_input.hpp"
#include "promql/lexer.hpp"
#include "promql/selectors.hpp"
#include "promql/windows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string expr = fuzz_text(data, size);
    // Tokens are the expression's own text, in order, never overlapping.
    std::size_t after = 0;
    for (const auto& t : promql::lex(expr)) {
        FUZZ_ASSERT(after <= t.begin && t.begin < t.end && t.end <= expr.size());
        FUZZ_ASSERT(t.text == std::string_view(expr).substr(t.begin, t.end - t.begin));
        after = t.end;
    }
    const auto windows = promql::range_windows(expr);
    util::Millis longest{0};
    for (const auto& w : windows) {
        FUZZ_ASSERT(w.begin < w.end && w.end <= expr.size());
        FUZZ_ASSERT(expr[w.begin] == '[' && expr[w.end - 1] == ']');
        longest = std::max(longest, w.range);
    }
    FUZZ_ASSERT(promql::longest_range_window(expr) == longest);

    // Every selector's metric is an identifier (or a __name__ value), every matcher's operator
    // one of PromQL's four.
    for (const auto& s : promql::vector_selectors(expr)) {
        for (const auto& m : s.matchers)
            FUZZ_ASSERT(m.op == "=" || m.op == "!=" || m.op == "=~" || m.op == "!~");
    }
    // Both sides of a comparison are text of the expression, the operator one of six.
    for (const auto& c : promql::top_level_comparisons(expr)) {
        FUZZ_ASSERT(c.op == "==" || c.op == "!=" || c.op == ">" || c.op == "<" || c.op == ">=" ||
                    c.op == "<=");
        FUZZ_ASSERT(c.lhs.size() <= expr.size() && c.rhs.size() <= expr.size());
    }
    return 0;
}
