// The request template compiler and renderer: a compiled template renders without throwing.
#include "scenario/template.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    scenario::Template t;
    std::string error;
    if (!scenario::Template::compile(fuzz_text(data, size), t, error)) {
        FUZZ_ASSERT(!error.empty());
        return 0;
    }
    scenario::Rng rng(size);
    scenario::RenderContext ctx{rng, size};
    for (int i = 0; i < 3; ++i)
        (void)t.render(ctx);
    return 0;
}
