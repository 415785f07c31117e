#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace demoapp {

struct OrderItem {
    std::string sku;
    std::int64_t qty = 0;
    double price = 0;
};

/// Stripe's test card whose charges fail with `processing_error`: an order paid with it fails
/// (500) as one whose payment provider erred, so a scenario can make orders fail at will.
inline constexpr std::string_view k_processing_error_card = "4000000000000119";

struct Order {
    std::int64_t user_id = 0;
    std::vector<OrderItem> items;
    std::string card;  ///< `payment.card`, digits only; empty when the order gives none
    double total() const;
};

/// Why an order body was refused: the HTTP status (400 unreadable JSON, 422 a bad field),
/// the field path ("items[1].qty", empty for the body as a whole) and a sentence for people.
struct OrderRejection {
    unsigned status = 400;
    std::string field;
    std::string message;
};

/// Parses and validates `{"user_id": 1, "items": [{"sku": "A1", "qty": 2, "price": 9.5}]}`.
/// user_id a positive integer, items a non-empty array (at most 100) of objects with a
/// sku of 1 to 64 characters, an integer qty from 1 to 10000, a price from 0 to 1000000 (so a
/// total is always finite). Unknown keys are ignored,
/// as a lenient JSON API does.
std::variant<Order, OrderRejection> parse_order(std::string_view body);

}  // namespace demoapp
