// A received email message: anything an SMTP client hands over after DATA.
#include <chrono>

#include "capture/email.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string message = fuzz_text(data, size);
    const auto n = capture::parse_email(message, std::chrono::steady_clock::now());
    FUZZ_ASSERT(n.integration == "email");
    FUZZ_ASSERT(n.raw.size() <= 64 * 1024);
    FUZZ_ASSERT(n.unreadable.empty() || n.fields.empty());
    for (const auto& f : n.fields)
        FUZZ_ASSERT(f.value.size() <= message.size());  // decoding never grows text
    return 0;
}
