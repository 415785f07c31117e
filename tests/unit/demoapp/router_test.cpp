#include <boost/test/unit_test.hpp>

#include "demoapp/router.hpp"

using namespace demoapp;

BOOST_AUTO_TEST_CASE(labels_user_paths_with_their_template_not_the_id) {
    auto m = match_route("/api/users/42");
    BOOST_TEST(route_template(m.route) == "/api/users/<id>");
    BOOST_TEST(m.id == "42");
    BOOST_TEST(route_template(match_route("/api/users/abc").route) == "/api/users/<id>");
}

BOOST_AUTO_TEST_CASE(ignores_query_strings_and_one_trailing_slash) {
    BOOST_TEST(route_template(match_route("/api/users?page=2").route) == "/api/users");
    BOOST_TEST(route_template(match_route("/health/").route) == "/health");
    BOOST_TEST(route_template(match_route("/api/users/").route) == "/api/users");
    BOOST_TEST(route_template(match_route("/").route) == "/");
}

BOOST_AUTO_TEST_CASE(sends_every_unknown_path_to_one_unmatched_label) {
    for (const char* path :
         {"/nope", "/api/users/1/orders", "/../../etc/passwd", "", "*", "/api/users//"}) {
        BOOST_TEST(route_template(match_route(path).route) == "unmatched", path);
    }
}

BOOST_AUTO_TEST_CASE(bounds_the_method_label) {
    BOOST_TEST(method_name(parse_method("GET")) == "GET");
    BOOST_TEST(method_name(parse_method("DELETE")) == "DELETE");
    BOOST_TEST(method_name(parse_method("BREW")) == "other");
    BOOST_TEST(method_name(parse_method("get")) == "other");
}
