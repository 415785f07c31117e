#pragma once

#include <string>

#include "net/endpoint.hpp"
#include "util/error.hpp"

namespace net {

/// The request headers an endpoint adds ("Name: value"), Authorization included.
std::vector<std::string> header_lines(const Endpoint& endpoint);

/// Sets on a libcurl easy handle (`CURL*`, opaque here) everything `endpoint` says about
/// reaching it except the URL and the headers (those belong to each request): basic auth, TLS
/// files and verification, proxy (none unless proxy_url: the proxy environment is ignored),
/// no signals. The control-plane client and the load engine both call it.
void configure_curl(void* curl, const Endpoint& endpoint);

/// With `tls.server_name`, `url` is rewritten to that host and the connection pinned to the
/// real one (curl's CONNECT_TO), so SNI and certificate verification use the name; returns
/// the CONNECT_TO entry ("name:port:host:port") or empty when nothing changes.
std::string apply_server_name(const Endpoint& endpoint, std::string& url);

/// One line for a failed transfer: what curl said, made plain for TLS problems (untrusted CA,
/// wrong host name, unreadable files), naming `url` (exit 3).
util::Error transport_error(int curl_code, const std::string& detail, const std::string& url);

/// A 401 or 403 as one line naming the URL: credentials refused (some were sent) or missing.
util::Error auth_error(long status, const Endpoint& endpoint, const std::string& url);

/// The libcurl obsctl runs with (curl_version_info at run time, not the headers it was built
/// against): "7.88.1", for `obsctl version`.
std::string curl_version();

}  // namespace net
