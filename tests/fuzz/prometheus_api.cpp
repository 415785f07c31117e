// Every Prometheus (and vmalert) response parser on the same body: whatever shape arrives,
// the answer is data or an Error naming the URL, never an exception or a crash.
#include "fuzz_input.hpp"
#include "promapi/prometheus_client.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const promapi::HttpResponse response{200, fuzz_text(data, size)};
    const std::string url = "http://ruler/api/v1/x";
    auto check = [&](const auto& result) {
        if (!result)
            FUZZ_ASSERT(result.error().message().find(url) != std::string::npos);
    };
    check(promapi::parse_query_response(response, url));
    check(promapi::parse_alerts_response(response, url));
    check(promapi::parse_targets_response(response, url));
    check(promapi::parse_rules_response(response, url));
    return 0;
}
