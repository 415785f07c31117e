// The SMTP session: whatever a client on the network sends, in whatever chunks.
#include <cstring>

#include "capture/smtp_session.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte picks the chunk size (1..256), so splits are explored with the bytes.
    if (size == 0)
        return 0;
    const std::size_t chunk = static_cast<std::size_t>(data[0]) + 1;
    const std::string input = fuzz_text(data + 1, size - 1);
    capture::SmtpLimits limits;
    limits.max_message = 4096;  // small, so the oversize path is reached
    limits.max_line = 512;
    capture::SmtpSession session(limits);
    std::size_t kept = 0;
    for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
        const auto out = session.feed(std::string_view(input).substr(pos, chunk));
        // Every reply is whole lines of "DDD" codes; every message within the limit.
        FUZZ_ASSERT(out.reply.empty() || out.reply.ends_with("\r\n"));
        for (const auto& m : out.messages) {
            FUZZ_ASSERT(m.data.size() <= limits.max_message);
            FUZZ_ASSERT(!m.to.empty() && m.to.size() <= limits.max_recipients);
            kept += m.data.size();
        }
    }
    FUZZ_ASSERT(kept <= input.size());
    return 0;
}
