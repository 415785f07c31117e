#include "cli/interrupt.hpp"

#include <unistd.h>

#include <csignal>

namespace cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    if (g_interrupted.exchange(true))
        _exit(130);  // a second Ctrl-C: stop now
}

}  // namespace

void catch_interrupts() {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
}

std::atomic<bool>& interrupted() {
    return g_interrupted;
}

}  // namespace cli
