#pragma once

#include <atomic>

namespace cli {

/// Installs the SIGINT/SIGTERM handlers of run and verify: the first Ctrl-C sets the flag
/// (work stops, reports are written, exit 130), a second one exits at once.
void catch_interrupts();

/// Set by the first Ctrl-C.
std::atomic<bool>& interrupted();

}  // namespace cli
