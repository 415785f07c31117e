#include "demoapp/orders.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace demoapp {
namespace {

using nlohmann::json;

// Bounds that keep every total finite and exact enough for a counter: at most 100 items x
// 10000 x 1e6 = 1e12 dollars an order (an order of 9223372036854775807 items at 1e308 made
// order_value_dollars_sum +Inf for the rest of the process's life).
constexpr std::size_t k_max_sku = 64;
constexpr std::int64_t k_max_qty = 10'000;
constexpr double k_max_price = 1'000'000;

OrderRejection bad_field(std::string field, std::string message) {
    return {422, std::move(field), std::move(message)};
}

bool is_positive_integer(const json& v) {
    return (v.is_number_integer() && v.get<std::int64_t>() > 0) ||
           (v.is_number_unsigned() && v.get<std::uint64_t>() > 0 &&
            v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX));
}

std::variant<OrderItem, OrderRejection> parse_item(const json& item, const std::string& path) {
    if (!item.is_object())
        return bad_field(path, path + " must be an object");
    OrderItem out;
    auto sku = item.find("sku");
    if (sku == item.end() || !sku->is_string() || sku->get_ref<const std::string&>().empty() ||
        sku->get_ref<const std::string&>().size() > k_max_sku) {
        return bad_field(path + ".sku", path + ".sku must be a string of 1 to 64 characters");
    }
    out.sku = sku->get<std::string>();
    auto qty = item.find("qty");
    if (qty == item.end() || !is_positive_integer(*qty) || qty->get<std::int64_t>() > k_max_qty) {
        return bad_field(path + ".qty", path + ".qty must be an integer from 1 to 10000");
    }
    out.qty = qty->get<std::int64_t>();
    auto price = item.find("price");
    if (price == item.end() || !price->is_number() || !std::isfinite(price->get<double>()) ||
        price->get<double>() < 0 || price->get<double>() > k_max_price) {
        return bad_field(path + ".price", path + ".price must be a number from 0 to 1000000");
    }
    out.price = price->get<double>();
    return out;
}

}  // namespace

double Order::total() const {
    double sum = 0;
    for (const auto& item : items)
        sum += static_cast<double>(item.qty) * item.price;
    return sum;
}

std::variant<Order, OrderRejection> parse_order(std::string_view body) {
    json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded())
        return OrderRejection{400, "", "body is not valid JSON"};
    if (!doc.is_object())
        return OrderRejection{400, "", "body must be a JSON object"};

    Order order;
    auto user = doc.find("user_id");
    if (user == doc.end() || !is_positive_integer(*user)) {
        return bad_field("user_id", "user_id must be a positive integer");
    }
    order.user_id = user->get<std::int64_t>();

    auto items = doc.find("items");
    if (items == doc.end() || !items->is_array() || items->empty()) {
        return bad_field("items", "items must be a non-empty array");
    }
    if (items->size() > 100)
        return bad_field("items", "items may hold at most 100 entries");
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto parsed = parse_item((*items)[i], "items[" + std::to_string(i) + "]");
        if (auto* rejection = std::get_if<OrderRejection>(&parsed))
            return std::move(*rejection);
        order.items.push_back(std::move(std::get<OrderItem>(parsed)));
    }
    if (auto payment = doc.find("payment"); payment != doc.end()) {
        const auto card = payment->is_object() ? payment->find("card") : payment->end();
        if (!payment->is_object() || card == payment->end() || !card->is_string())
            return bad_field("payment.card", "payment must be {\"card\": \"<12 to 19 digits>\"}");
        const auto& digits = card->get_ref<const std::string&>();
        if (digits.size() < 12 || digits.size() > 19 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            return bad_field("payment.card", "payment.card must be 12 to 19 digits");
        order.card = digits;
    }
    return order;
}

}  // namespace demoapp
