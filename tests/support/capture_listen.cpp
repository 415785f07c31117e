// capture_listen: an SmtpListener on its own, for scripts/abuse.sh and by hand.
//   capture_listen HOST:PORT [IDLE_TIMEOUT_MS]
// Prints "listening on PORT", then each captured message as one JSON line (receiver,
// integration, index, fields, unreadable, raw_bytes), until SIGTERM or SIGINT.
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "capture/smtp_listener.hpp"

namespace {
volatile std::sig_atomic_t g_stop = 0;
}

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: capture_listen HOST:PORT [IDLE_TIMEOUT_MS]\n";
        return 2;
    }
    capture::SmtpLimits limits;
    if (argc == 3)
        limits.idle_timeout = std::chrono::milliseconds(std::stol(argv[2]));
    auto listener = capture::SmtpListener::start(argv[1], limits);
    if (!listener) {
        std::cerr << "capture_listen: " << listener.error().what << "\n";
        return 2;
    }
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::cout << "listening on " << (*listener)->port() << std::endl;
    while (g_stop == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (const auto& n : (*listener)->take()) {
            nlohmann::json fields = nlohmann::json::object();
            for (const auto& f : n.fields)
                fields[f.name] = f.value;
            nlohmann::json line = {{"receiver", n.receiver},     {"integration", n.integration},
                                   {"index", n.index},           {"fields", fields},
                                   {"unreadable", n.unreadable}, {"raw_bytes", n.raw.size()}};
            std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << std::endl;
        }
    }
    return 0;
}
