#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>

#include "stack/local_stack.hpp"
#include "util/locate.hpp"

namespace cli {

/// Options every `obsctl stack ...` subcommand shares: where stack/ and the state are.
struct StackLocation {
    std::filesystem::path stack_dir;  ///< empty: found next to obsctl (util::find_data_dir)
    std::filesystem::path state_dir = util::default_state_dir();

    void add_to(CLI::App& cmd, bool with_stack_dir);
};

/// Options that shape a stack: ports and time scale (up and render).
struct StackShape {
    stack::StackPorts ports;
    double time_scale = 1.0;

    void add_to(CLI::App& cmd);
};

/// What the stack is made of when it is not only the shipped one: the user's rules,
/// alertmanager.yml, prometheus.yml and apps (up, render and run --local-stack).
struct StackConfig {
    std::vector<std::string> rules;  ///< files, directories, globs
    std::filesystem::path alertmanager_config, prometheus_config;
    std::vector<std::string> scrape;  ///< JOB=HOST:PORT[,HOST:PORT...]
    bool no_demoapp = false;
    bool no_node_exporter = false;

    /// Adds the options; with `needs`, each requires that option (run's --local-stack).
    void add_to(CLI::App& cmd, CLI::Option* needs = nullptr);
};

/// StackOptions from the shared flags: finds stack/ (exit 2 if it cannot) and demoapp, and
/// takes the shipped files unless `config` replaces them (a missing file is exit 2).
util::Result<stack::StackOptions> stack_options(const StackLocation& location,
                                                const StackShape& shape,
                                                const StackConfig& config = {});

/// The sources alone (stack render).
util::Result<stack::StackSources> stack_sources(const std::filesystem::path& stack_dir,
                                                const StackConfig& config);

}  // namespace cli
