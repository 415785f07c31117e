#include <boost/test/unit_test.hpp>
#include <set>

#include "scenario/template.hpp"

using scenario::RenderContext;
using scenario::Template;

namespace {

Template compiled(const std::string& text) {
    Template t;
    std::string error;
    BOOST_REQUIRE_MESSAGE(Template::compile(text, t, error), error);
    return t;
}

}  // namespace

BOOST_AUTO_TEST_CASE(renders_each_function_within_its_bounds) {
    scenario::Rng rng(3);
    RenderContext ctx{rng, 41};
    const auto t = compiled("/u/{{randint 5 7}}/{{choice red green}}/{{seq}}");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i)
        seen.insert(t.render(ctx));
    for (const auto& s : seen)
        BOOST_TEST((s.starts_with("/u/5/") || s.starts_with("/u/6/") || s.starts_with("/u/7/")), s);
    BOOST_TEST(seen.size() == 6u);  // 3 ids x 2 colours, seq fixed at 41
    const double f = std::stod(compiled("{{randfloat 1.5 2.5}}").render(ctx));
    BOOST_TEST((f >= 1.5 && f <= 2.5));
    const std::string uuid = compiled("{{uuid}}").render(ctx);
    BOOST_TEST(uuid.size() == 36u);
    BOOST_TEST(uuid[14] == '4');
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_text) {
    const auto t = compiled("{{randint 1 1000000}}-{{uuid}}");
    scenario::Rng a(9), b(9);
    RenderContext ca{a, 0}, cb{b, 0};
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(t.render(ca) == t.render(cb));
}

BOOST_AUTO_TEST_CASE(refuses_unknown_functions_and_bad_arguments) {
    Template t;
    std::string error;
    BOOST_TEST(!Template::compile("{{randint 9 1}}", t, error));
    BOOST_TEST(error.find("A <= B") != std::string::npos, error);
    BOOST_TEST(!Template::compile("{{choice}}", t, error));
    BOOST_TEST(!Template::compile("{{seq", t, error));
    BOOST_TEST(error.find("unclosed") != std::string::npos, error);
    BOOST_TEST(!Template::compile("{{uid}}", t, error));
    BOOST_TEST(error.find("unknown template function {{uid}}") != std::string::npos, error);
}
