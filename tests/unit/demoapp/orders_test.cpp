#include <boost/test/unit_test.hpp>

#include "demoapp/orders.hpp"

using namespace demoapp;

namespace {

OrderRejection rejection(std::string_view body) {
    auto parsed = parse_order(body);
    BOOST_REQUIRE(std::holds_alternative<OrderRejection>(parsed));
    return std::get<OrderRejection>(parsed);
}

}  // namespace

BOOST_AUTO_TEST_CASE(accepts_a_valid_order_and_totals_it) {
    auto parsed = parse_order(
        R"({"user_id": 7, "items": [{"sku": "A1", "qty": 2, "price": 9.5}, {"sku": "B", "qty": 1, "price": 1}]})");
    BOOST_REQUIRE(std::holds_alternative<Order>(parsed));
    const auto& order = std::get<Order>(parsed);
    BOOST_TEST(order.user_id == 7);
    BOOST_TEST(order.items.size() == 2u);
    BOOST_TEST(order.total() == 20.0);
}

BOOST_AUTO_TEST_CASE(refuses_a_body_that_is_not_json_with_400) {
    auto r = rejection("{user_id: 7");
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(rejection("[1, 2]").status == 400u);
}

BOOST_AUTO_TEST_CASE(names_the_bad_field_with_422) {
    struct Case {
        const char* body;
        const char* field;
    };
    for (
        const Case& c : {
            Case{R"({"items": [{"sku": "A", "qty": 1, "price": 1}]})", "user_id"},
            Case{R"({"user_id": -3, "items": [{"sku": "A", "qty": 1, "price": 1}]})", "user_id"},
            Case{R"({"user_id": "7", "items": [{"sku": "A", "qty": 1, "price": 1}]})", "user_id"},
            Case{R"({"user_id": 7, "items": []})", "items"},
            Case{R"({"user_id": 7})", "items"},
            Case{R"({"user_id": 7, "items": [{"qty": 1, "price": 1}]})", "items[0].sku"},
            Case{
                R"({"user_id": 7, "items": [{"sku": "A", "qty": 1, "price": 1}, {"sku": "B", "qty": 0, "price": 1}]})",
                "items[1].qty"},
            Case{R"({"user_id": 7, "items": [{"sku": "A", "qty": 1.5, "price": 1}]})",
                 "items[0].qty"},
            Case{R"({"user_id": 7, "items": [{"sku": "A", "qty": 1, "price": -1}]})",
                 "items[0].price"},
            Case{R"({"user_id": 7, "items": [{"sku": "A", "qty": 1}]})", "items[0].price"},
            Case{R"({"user_id": 7, "items": [3]})", "items[0]"},
        }) {
        auto r = rejection(c.body);
        BOOST_TEST(r.status == 422u, c.body);
        BOOST_TEST(r.field == c.field, c.body);
        BOOST_TEST(r.message.find(c.field) != std::string::npos, r.message);
    }
}
