// Alertmanager's /api/v2/alerts and /api/v2/status parsers on any body.
#include "fuzz_input.hpp"
#include "promapi/alertmanager_client.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const promapi::HttpResponse response{200, fuzz_text(data, size)};
    const std::string url = "http://am/api/v2/x";
    auto alerts = promapi::parse_alertmanager_alerts(response, url);
    if (!alerts)
        FUZZ_ASSERT(alerts.error().message().find(url) != std::string::npos);
    auto timing = promapi::parse_route_timing(response, url);
    if (!timing)
        FUZZ_ASSERT(timing.error().message().find(url) != std::string::npos);
    return 0;
}
