// Durations: whatever parses is within k_max_duration and formats back to the same value.
#include "util/duration.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz_text(data, size);
    const auto d = util::parse_duration(text);
    if (!d)
        return 0;
    FUZZ_ASSERT(d->count() >= 0 && *d <= util::k_max_duration);
    FUZZ_ASSERT(util::parse_duration(util::format_duration(*d)) == d);
    (void)util::human_duration(*d);
    FUZZ_ASSERT(!util::duration_too_long(text));
    return 0;
}
