#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "stack/local_stack.hpp"

namespace test_support {

/// The shipped stack at time scale 0.1 on free loopback ports, state in `state_dir`, with the
/// build's demoapp; throws (failing the suite's fixture) if it does not come up.
inline std::unique_ptr<stack::LocalStack> start_test_stack(
    const std::filesystem::path& state_dir, std::vector<std::string> demoapp_args = {},
    const stack::Progress& progress = {}) {
    stack::StackOptions options;
    options.stack_dir = std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack";
    options.state_dir = state_dir;
    options.demoapp_binary = DEMOAPP_BINARY;
    options.ports = {0, 0, 0, 0};
    options.time_scale.factor = 0.1;
    options.demoapp_args = std::move(demoapp_args);
    auto started = stack::LocalStack::up(
        options, progress ? progress : [](const std::string&) {});
    if (!started)
        throw std::runtime_error(started.error().message());
    return std::move(*started);
}

}  // namespace test_support
