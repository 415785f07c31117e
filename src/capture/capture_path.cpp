#include <charconv>

#include "capture/notification.hpp"
#include "capture/text_codec.hpp"
#include "promapi/http_client.hpp"

namespace capture {

namespace {

constexpr std::string_view k_prefix = "/capture/";
/// An integration's index is its position in a receiver's list: no config has thousands.
constexpr int k_max_index = 9999;

bool is_integration_name(std::string_view name) {
    if (name.empty() || name.size() > 32)
        return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

}  // namespace

std::optional<CapturePath> parse_capture_path(const std::string& target) {
    std::string_view path(target);
    path = path.substr(0, path.find_first_of("?#"));
    if (!path.starts_with(k_prefix))
        return std::nullopt;
    path.remove_prefix(k_prefix.size());

    const auto first = path.find('/');
    if (first == std::string_view::npos)
        return std::nullopt;
    const auto second = path.find('/', first + 1);
    const std::string_view receiver = path.substr(0, first);
    const std::string_view integration = path.substr(first + 1, second - first - 1);
    const std::string_view index =
        second == std::string_view::npos
            ? std::string_view{}
            : path.substr(second + 1, path.find('/', second + 1) - second - 1);
    if (second == std::string_view::npos || !is_integration_name(integration) || index.empty() ||
        index.size() > 4)
        return std::nullopt;

    CapturePath out;
    const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), out.index);
    if (ec != std::errc{} || end != index.data() + index.size() || out.index < 0 ||
        out.index > k_max_index)
        return std::nullopt;
    auto decoded = percent_decode(receiver, false);
    if (!decoded || decoded->empty())
        return std::nullopt;
    out.receiver = std::move(*decoded);
    out.integration = std::string(integration);

    // What the integration appended: "v2/alerts", "gettoken", "botTOKEN/sendMessage"... Slashes
    // that a base URL with a trailing '/' doubled are not part of it.
    std::string_view rest = path.substr(second + 1 + index.size());
    while (rest.starts_with('/'))
        rest.remove_prefix(1);
    out.rest = std::string(rest);
    return out;
}

std::string capture_url(std::uint16_t port, const std::string& receiver,
                        const std::string& integration, int index, bool trailing_slash) {
    std::string url = "http://127.0.0.1:" + std::to_string(port) + std::string(k_prefix) +
                      promapi::url_encode(receiver) + "/" + integration + "/" +
                      std::to_string(index);
    if (trailing_slash)
        url += '/';
    return url;
}

}  // namespace capture
