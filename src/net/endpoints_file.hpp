#pragma once

#include <filesystem>
#include <optional>

#include "net/endpoint.hpp"
#include "util/error.hpp"

namespace net {

/// The parts of a stack obsctl talks to.
struct StackEndpoints {
    Endpoint target;        ///< the app the traffic goes to
    Endpoint prometheus;    ///< queries, targets, readiness
    Endpoint ruler;         ///< /api/v1/rules and /api/v1/alerts (Prometheus, vmalert, Thanos)
    Endpoint alertmanager;  ///< /api/v2/alerts, /api/v2/status, silences
};

/// What an `--endpoints` file says; a key it leaves out is empty.
struct EndpointsFile {
    std::optional<Endpoint> target, prometheus, ruler, alertmanager;
};

/// Reads an `--endpoints` YAML file: top-level keys prometheus, ruler, alertmanager, target,
/// each with `url` and Prometheus's http_config blocks (basic_auth {username, password |
/// password_file}, authorization {type, credentials | credentials_file}, tls_config {ca_file,
/// cert_file, key_file, server_name, insecure_skip_verify}, headers, proxy_url) and `timeout`.
/// `${VAR}` and `${VAR:-default}` in any value are expanded by util::expand_env; relative
/// *_file paths are relative to the file. Every secret read is registered for scrubbing.
/// A mistake is one Error "file:line:col: key: what" with exit 2.
util::Result<EndpointsFile> load_endpoints_file(const std::filesystem::path& path);

}  // namespace net
