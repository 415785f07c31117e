// Every integration's parser and the capture path: a request anyone on the network can send.
#include <chrono>

#include "capture/http_payloads.hpp"
#include "fuzz_input.hpp"

namespace {
const char* const k_integrations[] = {"slack",     "pagerduty", "webhook",  "opsgenie",
                                      "victorops", "wechat",    "telegram", "discord",
                                      "webex",     "sns",       "email",    "unknown"};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte picks the integration and the method; then a line with a request target
    // (parsed as a capture path); the rest is the body.
    if (size == 0)
        return 0;
    constexpr std::size_t k_count = sizeof(k_integrations) / sizeof(k_integrations[0]);
    const char* integration = k_integrations[data[0] % k_count];
    const char* method = (data[0] / k_count) % 2 == 0 ? "POST" : "PUT";
    const std::string input = fuzz_text(data + 1, size - 1);
    const auto nl = input.find('\n');
    const std::string target = input.substr(0, nl);
    const std::string body = nl == std::string::npos ? std::string{} : input.substr(nl + 1);
    if (auto path = capture::parse_capture_path(target)) {
        FUZZ_ASSERT(!path->receiver.empty());
        FUZZ_ASSERT(path->index >= 0 && path->index <= 9999);
        const auto url = capture::capture_url(1, path->receiver, path->integration, path->index);
        const auto again = capture::parse_capture_path(url.substr(url.find("/capture/")));
        FUZZ_ASSERT(again && again->receiver == path->receiver);
    }
    const capture::CapturePath path{"r", integration, 0, "v2/alerts"};
    const auto n = capture::parse_http_notification(path, method, target, body,
                                                    std::chrono::steady_clock::now());
    if (n) {
        FUZZ_ASSERT(n->raw.size() <= 64 * 1024);
        FUZZ_ASSERT(n->unreadable.empty() || (n->fields.empty() && n->alerts.empty()));
        FUZZ_ASSERT(n->status.empty() || n->status == "firing" || n->status == "resolved");
    }
    FUZZ_ASSERT(capture::answer_http(path, method, target).status / 100 == 2);
    return 0;
}
