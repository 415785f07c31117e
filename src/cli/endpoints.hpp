#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace cli {

/// Where a stack's APIs are, for the commands that look at any stack, not only the local one:
/// --prometheus / $OBSCTL_PROMETHEUS_URL, --alertmanager / $OBSCTL_ALERTMANAGER_URL,
/// --target for the app.
struct StackEndpoints {
    std::string target = "http://localhost:5002";
    std::string prometheus = "http://localhost:9090";
    std::string alertmanager = "http://localhost:9093";

    void add_to(CLI::App& cmd, bool with_target);
};

}  // namespace cli
