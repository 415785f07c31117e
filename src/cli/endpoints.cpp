#include "cli/endpoints.hpp"

namespace cli {

void EndpointOptions::add_to(CLI::App& cmd, const char* target_help) {
    cmd.add_option("--endpoints", file,
                   "YAML file with prometheus, ruler, alertmanager and target: url plus "
                   "basic_auth, authorization, tls_config, headers, proxy_url, timeout "
                   "(docs/your-stack.md)")
        ->envname("OBSCTL_ENDPOINTS");
    if (target_help != nullptr)
        cmd.add_option("--target", target, target_help)->envname("OBSCTL_TARGET");
    cmd.add_option("--prometheus", prometheus, "Prometheus URL (default http://localhost:9090)")
        ->envname("OBSCTL_PROMETHEUS_URL");
    cmd.add_option("--ruler", ruler,
                   "Where alerting rules and alerts are read (vmalert, Thanos Ruler; default: "
                   "--prometheus)")
        ->envname("OBSCTL_RULER_URL");
    cmd.add_option("--alertmanager", alertmanager,
                   "Alertmanager URL (default http://localhost:9093)")
        ->envname("OBSCTL_ALERTMANAGER_URL");
    cmd.add_option("--header", headers,
                   "'Name: value' sent to Prometheus, the ruler and Alertmanager (repeatable; "
                   "e.g. X-Scope-OrgID)");
}

namespace {

/// The file's endpoint with the flag's URL, or the flag's, or the default's.
net::Endpoint pick(const std::optional<net::Endpoint>& from_file, const std::string& flag,
                   const std::string& fallback) {
    net::Endpoint e = from_file ? *from_file : net::endpoint_from_url(fallback);
    if (!flag.empty()) {
        // The flag's URL; its userinfo, if any, replaces the file's basic auth.
        const net::Endpoint parsed = net::endpoint_from_url(flag);
        e.url = parsed.url;
        if (!parsed.username.empty()) {
            e.username = parsed.username;
            e.password = parsed.password;
        }
    }
    return e;
}

}  // namespace

util::Result<net::StackEndpoints> EndpointOptions::resolve(
    const std::string& default_target) const {
    net::EndpointsFile loaded;
    if (!file.empty()) {
        auto read = net::load_endpoints_file(file);
        if (!read)
            return std::unexpected(read.error());
        loaded = std::move(*read);
    }
    std::vector<std::pair<std::string, std::string>> extra;
    for (const auto& h : headers) {
        const auto colon = h.find(':');
        if (colon == std::string::npos || colon == 0) {
            return util::fail(util::ExitCode::usage, "expected 'Name: value', got '" + h + "'",
                              "--header");
        }
        std::string value = h.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        net::register_secret(value);
        extra.emplace_back(h.substr(0, colon), value);
    }
    net::StackEndpoints out;
    out.target = pick(loaded.target, target,
                      default_target.empty() ? "http://localhost:5002" : default_target);
    if (!loaded.target && target.empty() && default_target.empty())
        out.target.url.clear();  // the scenario's own target decides
    out.prometheus = pick(loaded.prometheus, prometheus, "http://localhost:9090");
    out.ruler =
        loaded.ruler || !ruler.empty()
            ? pick(loaded.ruler ? loaded.ruler : loaded.prometheus, ruler, "http://localhost:9090")
            : out.prometheus;
    out.alertmanager = pick(loaded.alertmanager, alertmanager, "http://localhost:9093");
    for (auto* e : {&out.prometheus, &out.ruler, &out.alertmanager})
        e->headers.insert(e->headers.end(), extra.begin(), extra.end());
    return out;
}

util::Result<void> require_target(const net::StackEndpoints& where,
                                  const std::vector<scenario::Scenario>& loaded) {
    if (!where.target.url.empty())
        return {};
    for (const auto& s : loaded) {
        if (s.target.empty()) {
            return util::fail(util::ExitCode::usage,
                              "the scenario has no target to send its traffic to", s.file.string(),
                              "give `target: URL` in the scenario, --target URL (or "
                              "OBSCTL_TARGET), or run it on a stack that runs the demo app "
                              "(--local-stack, or obsctl stack up first)");
        }
    }
    return {};
}

}  // namespace cli
