#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

/// Prometheus's `tls_config`, same names.
struct TlsConfig {
    std::string ca_file;    ///< PEM bundle that signed the server's certificate
    std::string cert_file;  ///< client certificate (mutual TLS), with key_file
    std::string key_file;
    std::string server_name;  ///< the name to expect in the server's certificate (and SNI)
    bool insecure_skip_verify = false;
};

/// One HTTP endpoint and how to reach it: the names of Prometheus's own `http_config`
/// (basic_auth, authorization, tls_config, headers, proxy_url) plus a timeout. Built once per
/// part of the stack (Prometheus, ruler, Alertmanager, target) and handed to every client of
/// it. Secret values live only here: nothing prints an Endpoint but `display()`.
struct Endpoint {
    std::string url;  ///< base URL, no userinfo, no trailing '/'
    std::string username;
    std::string password;              ///< basic auth when username is set
    std::string auth_type = "Bearer";  ///< `authorization.type`
    std::string credentials;           ///< `authorization.credentials`: sent when non-empty
    TlsConfig tls;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string proxy_url;  ///< empty: no proxy (the proxy environment is ignored)
    std::chrono::milliseconds timeout{5000};

    /// Basic auth or an Authorization credential is configured.
    bool has_credentials() const { return !username.empty() || !credentials.empty(); }
    /// The URL to print: never holds a secret.
    std::string display() const { return url; }
};

/// An endpoint for `url`; userinfo in it (`https://user:pass@host`) becomes basic auth and is
/// removed from the URL, and its secret is registered for scrubbing. A trailing '/' is dropped.
Endpoint endpoint_from_url(std::string_view url);

/// Moves userinfo out of `endpoint.url` into basic auth (a no-op without userinfo).
void take_userinfo(Endpoint& endpoint);

/// `url` with any userinfo replaced by "<redacted>@", for messages about URLs not yet parsed.
std::string redact_url(std::string_view url);

/// Secrets that must never be printed: every password, credential and secret header value
/// obsctl was given. `scrub` replaces each occurrence with "<redacted>". Thread-safe.
void register_secret(std::string_view secret);
std::string scrub(std::string text);
/// Whether `text` holds a registered secret (scrub would change it).
bool holds_secret(std::string_view text);

}  // namespace net
