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

/// StackOptions from the shared flags: finds stack/ (exit 2 if it cannot) and demoapp.
util::Result<stack::StackOptions> stack_options(const StackLocation& location,
                                                const StackShape& shape);

}  // namespace cli
