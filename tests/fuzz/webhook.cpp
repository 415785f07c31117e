// The embedded webhook receiver's payload parser: a body anyone on the network can post.
#include <chrono>

#include "fuzz_input.hpp"
#include "promapi/webhook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto deliveries = promapi::parse_webhook(fuzz_text(data, size), "/hooks/oncall",
                                                   std::chrono::steady_clock::now());
    // Every delivery is attributed to a receiver: the payload's, else the URL's last segment.
    for (const auto& d : deliveries)
        FUZZ_ASSERT(!d.receiver.empty());
    return 0;
}
