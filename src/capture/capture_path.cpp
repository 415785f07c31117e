#include "capture/notification.hpp"
#include "promapi/http_client.hpp"

namespace capture {

// The capture listeners' parser (parse_capture_path) lands with the capture subsystem; the
// renderer only needs the URL it will read.

std::string capture_url(std::uint16_t port, const std::string& receiver,
                        const std::string& integration, int index, bool trailing_slash) {
    std::string url = "http://127.0.0.1:" + std::to_string(port) + "/capture/" +
                      promapi::url_encode(receiver) + "/" + integration + "/" +
                      std::to_string(index);
    if (trailing_slash)
        url += '/';
    return url;
}

}  // namespace capture
