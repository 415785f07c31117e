// demoapp's order validation on any body: a rejection with a 4xx status, or an order whose
// total is finite (an infinite total made order_value_dollars_sum +Inf for good).
#include <cmath>

#include "demoapp/orders.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = demoapp::parse_order(fuzz_text(data, size));
    if (const auto* rejection = std::get_if<demoapp::OrderRejection>(&parsed)) {
        FUZZ_ASSERT(rejection->status >= 400 && rejection->status < 500);
        FUZZ_ASSERT(!rejection->message.empty());
        return 0;
    }
    const auto& order = std::get<demoapp::Order>(parsed);
    FUZZ_ASSERT(std::isfinite(order.total()) && order.total() >= 0);
    FUZZ_ASSERT(!order.items.empty() && order.items.size() <= 100);
    return 0;
}
