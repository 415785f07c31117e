#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace stack {

/// A scrape job the user names: `--scrape api=127.0.0.1:8080,127.0.0.1:8081`.
struct ScrapeJob {
    std::string job;
    std::vector<std::string> targets;  ///< host:port, each on this machine
};

/// The files a local stack is rendered from. The shipped stack is this with stack/'s files
/// (`shipped_sources`); `--rules`, `--alertmanager-config`, `--prometheus-config` and `--scrape`
/// replace parts of it. One code path renders both.
struct StackSources {
    std::filesystem::path prometheus_config;        ///< global.external_labels and jobs
    std::vector<std::filesystem::path> rule_files;  ///< alerting and recording rules
    std::filesystem::path alertmanager_config;      ///< routes, receivers (replaced), inhibits
    std::vector<ScrapeJob> scrape;                  ///< the user's apps
    bool demoapp = true;                            ///< start demoapp and scrape it as `demoapp`
    bool shipped_rules = true;                      ///< rule_files are stack/'s own
    bool shipped_prometheus_config = true;          ///< prometheus_config is stack/'s own
};

/// stack/prometheus/prometheus.yml, stack/prometheus/rules/*.yml (sorted) and
/// stack/alertmanager/alertmanager.yml under `stack_dir`.
StackSources shipped_sources(const std::filesystem::path& stack_dir);

/// `--rules` arguments: files, directories (their *.yml and *.yaml) and glob patterns, in the
/// order given, each file once. A pattern or directory that matches nothing is exit 2.
util::Result<std::vector<std::filesystem::path>> expand_rule_paths(
    const std::vector<std::string>& args);

/// "api=127.0.0.1:8080,localhost:8081": exit 2 naming the mistake (no '=', a bad job name,
/// a target without a port or off this machine).
util::Result<ScrapeJob> parse_scrape(const std::string& arg);

/// The host of a target as written: "127.0.0.1" of "127.0.0.1:9100", "[::1]" of "[::1]:9090",
/// "127.0.0.1" of "http://user@127.0.0.1:8080/health" (a URL is never read as host "http").
std::string target_host(std::string_view address);

/// Whether a host is this machine: 127.0.0.0/8, localhost or [::1].
bool loopback_host(std::string_view host);

/// Whether a target (HOST:PORT, HOST, or a URL) is on this machine.
bool loopback_target(std::string_view address);

}  // namespace stack
