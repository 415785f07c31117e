// The scenario parser on any YAML text: an error or a scenario within limits, never a crash,
// an exception, a hang or an allocation past the limits (libFuzzer's -rss_limit_mb).
#include "fuzz_input.hpp"
#include "scenario/limits.hpp"
#include "scenario/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto s = scenario::parse_scenario(fuzz_text(data, size), FUZZ_SCENARIO_NAME);
    if (s) {
        FUZZ_ASSERT(!s->phases.empty() && !s->requests.empty());
        FUZZ_ASSERT(s->duration() <= scenario::limits::k_run);
        for (const auto& p : s->phases)
            FUZZ_ASSERT(!p.open() || (*p.rate_from <= scenario::limits::k_rate &&
                                      *p.rate_to <= scenario::limits::k_rate));
    } else {
        // One line naming where: "f.yaml:3:7: ..." or "f.yaml: ...".
        FUZZ_ASSERT(s.error().message().starts_with(FUZZ_SCENARIO_NAME));
        FUZZ_ASSERT(static_cast<int>(s.error().code) == 2);
    }
    return 0;
}
