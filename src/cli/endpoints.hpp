#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "net/endpoints_file.hpp"
#include "scenario/model.hpp"
#include "util/error.hpp"

namespace cli {

/// Where a stack's parts are and how to reach them, for every command that talks to a stack:
/// --endpoints FILE ($OBSCTL_ENDPOINTS), whose urls --prometheus ($OBSCTL_PROMETHEUS_URL),
/// --ruler ($OBSCTL_RULER_URL), --alertmanager ($OBSCTL_ALERTMANAGER_URL) and --target
/// ($OBSCTL_TARGET) override; --header adds a header to the three stack endpoints.
struct EndpointOptions {
    std::string file;
    std::string target, prometheus, ruler, alertmanager;  ///< empty: from the file or default
    std::vector<std::string> headers;                     ///< "Name: value"

    /// Registers the options; `target_help` null leaves --target out.
    void add_to(CLI::App& cmd, const char* target_help);

    /// The endpoints: a flag's URL over the file's (keeping the file's auth and TLS), over
    /// the defaults (localhost:9090, :9093, :5002, or `default_target` when given). The ruler
    /// defaults to the Prometheus endpoint. A bad file or header is exit 2.
    util::Result<net::StackEndpoints> resolve(const std::string& default_target = "") const;
};

/// Every scenario has somewhere to send its traffic: `where.target` (--target, $OBSCTL_TARGET,
/// the --endpoints file, or the demo app of the local or detached stack) or its own `target:`.
/// Else exit 2 naming the ways to give one; nothing falls back to localhost.
util::Result<void> require_target(const net::StackEndpoints& where,
                                  const std::vector<scenario::Scenario>& loaded);

}  // namespace cli
