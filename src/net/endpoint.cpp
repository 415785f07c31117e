#include "net/endpoint.hpp"

#include <algorithm>
#include <mutex>

#include "util/text.hpp"

namespace net {
namespace {

struct SecretRegistry {
    std::mutex mutex;
    std::vector<std::string> values;
};

SecretRegistry& registry() {
    static SecretRegistry r;
    return r;
}

/// Where the userinfo of "scheme://userinfo@host/..." is: [begin, at) with `at` the '@'.
std::optional<std::pair<std::size_t, std::size_t>> userinfo(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return std::nullopt;
    const std::size_t begin = scheme + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", begin), url.size());
    const auto at = url.rfind('@', authority_end);
    if (at == std::string_view::npos || at < begin)
        return std::nullopt;
    return std::pair{begin, at};
}

std::string percent_decode(std::string_view text) {
    const auto hex = util::hex_value;
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
            hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

void take_userinfo(Endpoint& endpoint) {
    const auto found = userinfo(endpoint.url);
    if (found) {
        const auto [begin, at] = *found;
        const std::string info = endpoint.url.substr(begin, at - begin);
        const auto colon = info.find(':');
        endpoint.username = percent_decode(info.substr(0, colon));
        endpoint.password =
            colon == std::string::npos ? std::string() : percent_decode(info.substr(colon + 1));
        register_secret(endpoint.password);
        endpoint.url.erase(begin, at + 1 - begin);
    }
    while (endpoint.url.ends_with('/'))
        endpoint.url.pop_back();
}

Endpoint endpoint_from_url(std::string_view url) {
    Endpoint e;
    e.url = std::string(url);
    take_userinfo(e);
    return e;
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    if (const auto found = userinfo(out))
        out.replace(found->first, found->second - found->first, "<redacted>");
    return out;
}

void register_secret(std::string_view secret) {
    if (secret.size() < 3)
        return;  // too short to scrub without mangling ordinary text; still never printed
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    if (std::find(r.values.begin(), r.values.end(), secret) == r.values.end())
        r.values.emplace_back(secret);
}

bool holds_secret(std::string_view text) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto& secret : r.values) {
        if (text.find(secret) != std::string_view::npos)
            return true;
    }
    return false;
}

std::string scrub(std::string text) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto& secret : r.values) {
        for (std::size_t at; (at = text.find(secret)) != std::string::npos;)
            text.replace(at, secret.size(), "<redacted>");
    }
    return text;
}

}  // namespace net
