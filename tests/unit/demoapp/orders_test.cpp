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

BOOST_AUTO_TEST_CASE(refuses_quantities_and_prices_that_would_make_the_total_infinite) {
    // Before: 201 with "total":inf in the body and order_value_dollars_sum +Inf for good.
    auto r = rejection(
        R"({"user_id": 1, "items": [{"sku": "A", "qty": 9223372036854775807, "price": 1e308}]})");
    BOOST_TEST(r.status == 422u);
    BOOST_TEST(r.field == "items[0].qty");
    r = rejection(R"({"user_id": 1, "items": [{"sku": "A", "qty": 2, "price": 1e308}]})");
    BOOST_TEST(r.status == 422u);
    BOOST_TEST(r.field == "items[0].price");
    BOOST_TEST(rejection(R"({"user_id": 1, "items": [{"sku": ")" + std::string(65, 'x') +
                         R"(", "qty": 1, "price": 1}]})")
                   .field == "items[0].sku");
    // The largest order accepted still has a finite total.
    std::string items;
    for (int i = 0; i < 100; ++i)
        items += std::string(i ? "," : "") + R"({"sku": "A", "qty": 10000, "price": 1000000})";
    auto parsed = parse_order(R"({"user_id": 1, "items": [)" + items + "]}");
    BOOST_REQUIRE(std::holds_alternative<Order>(parsed));
    BOOST_TEST(std::get<Order>(parsed).total() == 1e12);
}
