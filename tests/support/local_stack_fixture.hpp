#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "stack/local_stack.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"

namespace test_support {

/// The shipped stack at time scale 0.1 on free loopback ports, state in `state_dir`, with the
/// build's demoapp; throws (failing the suite's fixture) if it does not come up. Its
/// Prometheus scrapes obsctl's metrics at state().ports.obsctl, a port nothing else uses.
inline std::unique_ptr<stack::LocalStack> start_test_stack(
    const std::filesystem::path& state_dir, std::vector<std::string> demoapp_args = {},
    const stack::Progress& progress = {}) {
    stack::StackOptions options;
    options.sources = stack::shipped_sources(std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack");
    options.state_dir = state_dir;
    options.demoapp_binary = DEMOAPP_BINARY;
    options.ports = {0, 0, 0, 0, util::free_loopback_port()};  // obsctl's metrics: see below
    options.time_scale.factor = 0.1;
    // The tests judge the app's alerts; a CI host busy compiling would fire HighCPUUsage.
    options.node_exporter = false;
    options.demoapp_args = std::move(demoapp_args);
    auto started = stack::LocalStack::up(
        options, progress ? progress : [](const std::string&) {});
    if (!started)
        throw std::runtime_error(started.error().message());
    return std::move(*started);
}

/// One test stack for a whole test program (`BOOST_TEST_GLOBAL_FIXTURE(SharedStack)`):
/// started before the first case, stopped after the last; `SharedStack::get()` in between.
class SharedStack {
  public:
    SharedStack() : m_local(start_test_stack(m_dir.path())) { s_current = m_local.get(); }
    ~SharedStack() { s_current = nullptr; }
    SharedStack(const SharedStack&) = delete;
    SharedStack& operator=(const SharedStack&) = delete;
    static stack::LocalStack& get() { return *s_current; }

  private:
    TempDir m_dir;
    std::unique_ptr<stack::LocalStack> m_local;
    static inline stack::LocalStack* s_current = nullptr;
};

}  // namespace test_support
