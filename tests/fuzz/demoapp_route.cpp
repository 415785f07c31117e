// demoapp's router on any request target: a known route or `unmatched`, and a raw path never
// becomes a label value (the template is one of the fixed ones).
#include "demoapp/router.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz_text(data, size);
    const auto split = text.find(' ');
    const auto method = demoapp::parse_method(text.substr(0, split));
    (void)demoapp::method_name(method);
    const auto match =
        demoapp::match_route(split == std::string::npos ? text : text.substr(split + 1));
    const auto route = static_cast<std::size_t>(match.route);
    FUZZ_ASSERT(route < demoapp::k_route_count);
    const auto name = demoapp::route_template(match.route);
    FUZZ_ASSERT(name == "unmatched" || name.starts_with("/"));
    return 0;
}
