#include "load/http1_request.hpp"

#include <strings.h>

#include <algorithm>
#include <charconv>

#include "net/curl_options.hpp"
#include "util/base64.hpp"

namespace load {
namespace {

/// `line` names header `name` ("Name:" or "Name;", any case), as libcurl's checkprefix does.
bool http1_header_is(std::string_view line, std::string_view name) {
    return line.size() > name.size() && (line[name.size()] == ':' || line[name.size()] == ';') &&
           strncasecmp(line.data(), name.data(), name.size()) == 0;
}

/// Whether the header after its colon is blank: libcurl sends none for it (a removal).
bool http1_value_blank(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return false;
    return line.find_first_not_of(" \t", colon + 1) == std::string_view::npos;
}

/// Appends `path` with its dot segments removed (RFC 3986 5.2.4), as libcurl's URL parser does.
void append_without_dots(std::string_view path, std::string& out) {
    const std::size_t base = out.size();
    auto drop_last = [&] {
        const auto slash = out.rfind('/');
        out.resize(slash == std::string::npos || slash < base ? base : slash);
    };
    while (!path.empty()) {
        if (path.starts_with("../")) {
            path.remove_prefix(3);
        } else if (path.starts_with("./") || path.starts_with("/./")) {
            path.remove_prefix(2);  // "./x" -> "x", "/./x" -> "/x"
        } else if (path == "/.") {
            path = "/";
        } else if (path.starts_with("/../")) {
            path.remove_prefix(3);
            drop_last();
        } else if (path == "/..") {
            path = "/";
            drop_last();
        } else if (path == "." || path == "..") {
            path = {};
        } else {
            const auto end = path.find('/', 1);
            const std::size_t n = end == std::string_view::npos ? path.size() : end;
            out.append(path.substr(0, n));
            path.remove_prefix(n);
        }
    }
}

}  // namespace

std::optional<Http1Origin> parse_http1_origin(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    if (!url.starts_with(scheme))
        return std::nullopt;
    const std::size_t end = std::min(url.find_first_of("/?#", scheme.size()), url.size());
    const std::string_view authority = url.substr(scheme.size(), end - scheme.size());
    if (authority.empty() || authority.find('@') != std::string_view::npos)
        return std::nullopt;
    Http1Origin origin;
    origin.prefix = std::string(url.substr(0, end));
    std::string_view host = authority, port;
    const std::size_t after_host = authority.starts_with('[') ? authority.find(']') : 0;
    if (after_host == std::string_view::npos)
        return std::nullopt;
    if (const auto colon = authority.find(':', after_host); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (!port.empty()) {
        unsigned number = 0;
        const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
        if (ec != std::errc{} || p != port.data() + port.size() || number == 0 || number > 65535)
            return std::nullopt;
        origin.port = static_cast<std::uint16_t>(number);
    }
    if (host.empty() || host == "[]")
        return std::nullopt;
    origin.host_header = std::string(host);
    if (origin.port != 80)
        origin.host_header += ":" + std::to_string(origin.port);
    if (host.starts_with('['))
        host = host.substr(1, host.size() - 2);
    origin.host = std::string(host);
    return origin;
}

bool on_http1_origin(std::string_view url, const Http1Origin& origin) {
    if (!url.starts_with(origin.prefix))
        return false;
    url.remove_prefix(origin.prefix.size());
    return url.empty() || url[0] == '/' || url[0] == '?' || url[0] == '#';
}

Http1RequestWriter::Http1RequestWriter(const net::Endpoint& target, Http1Origin origin)
    : m_origin(std::move(origin)), m_endpoint_lines(net::header_lines(target)) {
    if (!target.username.empty())
        m_basic_auth = "Authorization: Basic " +
                       util::base64_encode(target.username + ":" + target.password) + "\r\n";
}

bool Http1RequestWriter::write(std::string_view method, const BuiltRequest& request,
                               std::string& out) const {
    if (!on_http1_origin(request.url, m_origin))
        return false;
    std::string_view url = request.url;
    url = url.substr(m_origin.prefix.size(), url.find('#') - m_origin.prefix.size());
    if (std::any_of(url.begin(), url.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
        return false;
    const bool head = method == "HEAD";
    const bool body = request.has_body && !head;  // NOBODY wins over POSTFIELDS
    out.clear();
    out.append(method == "GET" && body ? "POST" : method).append(" ");
    const std::size_t query = std::min(url.find('?'), url.size());
    if (query == 0)
        out.append("/");
    append_without_dots(url.substr(0, query), out);
    out.append(url.substr(query)).append(" HTTP/1.1\r\n");

    const std::vector<std::string>* lists[] = {&m_endpoint_lines, &request.headers};
    auto find = [&](std::string_view name) -> const std::string* {
        for (const auto* list : lists)
            for (const auto& line : *list)
                if (http1_header_is(line, name))
                    return &line;
        return nullptr;
    };
    if (const std::string* host = find("Host"); host == nullptr)
        out.append("Host: ").append(m_origin.host_header).append("\r\n");
    else if (!http1_value_blank(*host))
        out.append("Host:").append(std::string_view(*host).substr(5)).append("\r\n");
    if (!m_basic_auth.empty() && find("Authorization") == nullptr)
        out.append(m_basic_auth);
    for (const auto* list : lists) {
        for (const auto& line : *list) {
            if (http1_header_is(line, "Host") || (body && http1_header_is(line, "Content-Length")))
                continue;
            const auto colon = line.find(':');
            if (colon == std::string::npos) {
                // "Name;" sends an empty header; anything else without a colon is not one.
                const auto semi = line.find(';');
                if (semi != std::string::npos &&
                    line.find_first_not_of(" \t", semi + 1) == std::string::npos)
                    out.append(line, 0, semi).append(":\r\n");
            } else if (!http1_value_blank(line)) {
                out.append(line).append("\r\n");
            }
        }
    }
    if (body) {
        out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
        if (find("Content-Type") == nullptr)
            out.append("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    out.append("\r\n");
    if (body)
        out.append(request.body);
    return true;
}

}  // namespace load
