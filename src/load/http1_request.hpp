#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/request_mix.hpp"
#include "net/endpoint.hpp"

namespace load {

/// Where a plain http:// target is: what getaddrinfo needs and what the Host header says.
struct Http1Origin {
    std::string prefix;  ///< "http://authority" as the target URL spells it
    std::string host;    ///< the name or address to resolve (an IPv6 address without brackets)
    std::uint16_t port = 80;
    std::string host_header;  ///< "host[:port]", brackets kept, the port only when not 80 (libcurl)
};

/// The origin of `url`, or nullopt when it is not `http://host[:port][/path]` (https, userinfo,
/// a bad port).
std::optional<Http1Origin> parse_http1_origin(std::string_view url);

/// `url` is on `origin`: it starts with its prefix, followed by nothing, '/', '?' or '#'.
bool on_http1_origin(std::string_view url, const Http1Origin& origin);

/// Serializes requests to one target into the bytes libcurl sends with the engine's options
/// (engine.cpp header_list, set_method, net::configure_curl), checked against libcurl 7.88 on a
/// recording listener:
/// - `METHOD target HTTP/1.1`: GET, HEAD, POST with a body as set_method leaves them to libcurl
///   (a GET with a body goes as POST, POSTFIELDS' default), any other method as CUSTOMREQUEST;
///   the target is the URL's path and query, dot segments removed, the fragment dropped;
/// - `Host: host[:port]` first, or the first Host header given in its place (`Host:` removes it);
/// - `Authorization: Basic base64(user:pass)` for basic auth unless an Authorization header is
///   given;
/// - the target's header lines, then the request's, in order: a header with an empty value is
///   not sent (libcurl's way to remove one), `Name;` is sent as `Name:`, a Content-Length of
///   our own is dropped when there is a body;
/// - with a body (not for HEAD): `Content-Length`, then `Content-Type:
///   application/x-www-form-urlencoded` unless a Content-Type header is given;
/// - no Accept, User-Agent or Expect.
class Http1RequestWriter {
  public:
    Http1RequestWriter(const net::Endpoint& target, Http1Origin origin);

    /// Replaces `out` with the request's bytes (its capacity kept). False: the URL is not on the
    /// target, or holds a byte libcurl refuses in a URL (space, control character): libcurl
    /// fails such a request, which counts as `other`.
    bool write(std::string_view method, const BuiltRequest& request, std::string& out) const;

    const Http1Origin& origin() const { return m_origin; }

  private:
    Http1Origin m_origin;
    std::vector<std::string> m_endpoint_lines;  ///< net::header_lines(target)
    std::string m_basic_auth;                   ///< the Authorization line, or empty
};

}  // namespace load
