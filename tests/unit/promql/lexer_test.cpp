#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "promql/lexer.hpp"

namespace {

/// Each token as KIND:text, one space apart.
std::string describe(std::string_view expr) {
    std::string out;
    for (const auto& t : promql::lex(expr)) {
        static const char* const kinds[] = {"id", "num", "dur", "str", "#", "(", ")", "op"};
        out += std::string(out.empty() ? "" : " ") + kinds[static_cast<int>(t.kind)] + ":" +
               std::string(t.text);
        BOOST_TEST(expr.substr(t.begin, t.end - t.begin) == t.text);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_selector_with_its_range_and_comparison) {
    BOOST_TEST(describe(R"(rate(job:x_total{a=~"5.."}[5m]) >= 0.05)") ==
               R"(id:rate (:( id:job:x_total (:{ id:a op:=~ str:"5.." ):} (:[ dur:5m ):] ):) )"
               R"(op:>= num:0.05)");
}

BOOST_AUTO_TEST_CASE(keeps_escaped_quotes_inside_their_string) {
    const auto t = promql::lex(R"(x{a="say \"hi\" \\", b='it\'s'} # done)");
    BOOST_TEST_REQUIRE(t.size() == 11u);
    BOOST_TEST(t[4].text == R"("say \"hi\" \\")");
    BOOST_TEST(promql::string_value(t[4]) == R"(say "hi" \)");
    BOOST_TEST(promql::string_value(t[8]) == "it's");
    BOOST_TEST((t[10].kind == promql::Kind::comment));
}

BOOST_AUTO_TEST_CASE(reads_backtick_strings_raw) {
    const auto t = promql::lex(R"(x{path=~`C:\dir\`} == 1)");
    BOOST_TEST_REQUIRE(t.size() == 8u);
    BOOST_TEST((t[4].kind == promql::Kind::string));
    BOOST_TEST(promql::string_value(t[4]) == R"(C:\dir\)");
    BOOST_TEST(t[5].text == "}");
}

BOOST_AUTO_TEST_CASE(a_comment_hides_brackets_and_quotes_to_the_end_of_its_line) {
    BOOST_TEST(describe("a # (b[5m] \"c 'd\n+ e") == "id:a #:# (b[5m] \"c 'd op:+ id:e");
    const auto code = promql::code_tokens("a # [1h]\n> 1 # ]");
    BOOST_TEST_REQUIRE(code.size() == 3u);
    BOOST_TEST(code[1].text == ">");
}

BOOST_AUTO_TEST_CASE(tells_durations_from_numbers) {
    BOOST_TEST(describe("1h30m 5m 500ms 2y 1e3 1.5e-3 0x1f .5 Inf -nan 1.5h") ==
               "dur:1h30m dur:5m dur:500ms dur:2y num:1e3 num:1.5e-3 num:0x1f num:.5 num:Inf op:- "
               "num:nan num:1.5h");
    // A name that only begins like one is a name.
    BOOST_TEST(describe("Infinity nan_total") == "id:Infinity id:nan_total");
}

BOOST_AUTO_TEST_CASE(reads_a_colon_in_brackets_as_a_subquery_step_and_elsewhere_as_a_name) {
    BOOST_TEST(describe("x[30m:1m] :y") == "id:x (:[ dur:30m op:: dur:1m ):] id::y");
}

BOOST_AUTO_TEST_CASE(runs_an_unterminated_string_to_the_end) {
    const std::string expr = R"(x{a="b\"})";
    const auto t = promql::lex(expr);
    BOOST_TEST_REQUIRE(t.size() == 5u);
    BOOST_TEST(t[4].end == expr.size());
    BOOST_TEST(promql::string_value(t[4]) == "b\"}");
}

BOOST_AUTO_TEST_CASE(reads_keywords_in_any_case) {
    const auto t = promql::lex("x OFFSET 5m");
    BOOST_TEST(promql::is_word(t[1], "offset"));
    BOOST_TEST(!promql::is_word(t[0], "offset"));
}
