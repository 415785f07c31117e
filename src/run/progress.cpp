#include "run/progress.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include <sys/ioctl.h>
#include <unistd.h>

#include "util/duration.hpp"
#include "util/text.hpp"

namespace run {
namespace {

/// Which phase is running `elapsed` after traffic started.
std::size_t phase_at(const std::vector<scenario::Phase>& phases, std::chrono::nanoseconds elapsed) {
    std::size_t index = 0;
    std::chrono::nanoseconds edge{0};
    for (; index + 1 < phases.size() && elapsed >= edge + phases[index].duration; ++index)
        edge += phases[index].duration;
    return index;
}

/// The terminal's width; 0 when unknown.
std::size_t terminal_width() {
    winsize size{};
    return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

}  // namespace

std::string live_alerts_text(const std::vector<verify::LiveAlert>& alerts) {
    std::string out;
    for (const auto& a : alerts) {
        out += (out.empty() ? "" : "  ") + a.alert + " " + a.state;
        if (a.state != "inactive" && a.state != "resolved")
            out += " " + util::human_duration(a.since);
        if (!a.receivers.empty())
            out += " -> " + util::join(a.receivers, ",");
    }
    return out;
}

// Twice a second while the run lasts: the live line on a terminal (phase, elapsed of total,
// target vs achieved rate, failures, drops, p95, the expected alerts' states) and, once a
// second, obsctl's own metrics.
void watch_run(load::LiveStats& live, const scenario::Scenario& s,
               const std::vector<scenario::Phase>& phases, bool show,
               report::MetricsExporter* exporter, const run::Stack* stack, const Actions* actions,
               const std::atomic<bool>& done) {
    const auto start = std::chrono::steady_clock::now();
    std::chrono::nanoseconds total{0};
    for (const auto& p : phases)
        total += p.duration;
    std::uint64_t last_sent = 0;
    auto last = start;
    for (int tick = 1; !done; ++tick) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        const auto now = std::chrono::steady_clock::now();
        const auto elapsed = now - start;
        const std::size_t index = phase_at(phases, elapsed);
        if (exporter != nullptr && tick % 2 == 0)
            exporter->update(live.snapshot(), index);
        // Every 5 s to a Pushgateway, in the background (a slow gateway never holds this up).
        if (exporter != nullptr && tick % 10 == 0)
            (void)exporter->push(false);
        // Past the traffic's end (answers still draining) the line would say 0/s: it stops.
        if (!show || elapsed > total)
            continue;
        const auto& phase = phases[index];
        const std::uint64_t sent = live.sent.load();
        const double rate = static_cast<double>(sent - last_sent) /
                            std::chrono::duration<double>(now - last).count();
        last_sent = sent;
        last = now;
        double p95 = 0;
        {
            std::lock_guard lock(live.mutex);
            p95 = live.latency.percentile_seconds(95);
        }
        // The target now: a ramp's rate where the ramp is, not where it started.
        std::chrono::nanoseconds phase_start{0};
        for (std::size_t p = 0; p < index; ++p)
            phase_start += phases[p].duration;
        char target[32] = "closed";
        if (phase.open()) {
            const double into =
                std::clamp(std::chrono::duration<double>(elapsed - phase_start).count() /
                               std::chrono::duration<double>(phase.duration).count(),
                           0.0, 1.0);
            std::snprintf(target, sizeof target, "%.0f/s",
                          *phase.rate_from + (*phase.rate_to - *phase.rate_from) * into);
        }
        char line[256];
        std::snprintf(
            line, sizeof line,
            "%s %-10s %5.1fs/%.0fs  target %s achieved %.0f/s  failed %llu dropped %llu  "
            "p95 %s",
            s.name.c_str(), phase.name.c_str(), std::chrono::duration<double>(elapsed).count(),
            std::chrono::duration<double>(total).count(), target, rate,
            static_cast<unsigned long long>(live.failed.load()),
            static_cast<unsigned long long>(live.dropped.load()), util::human_seconds(p95).c_str());
        std::string text = line;
        if (actions != nullptr) {
            if (const auto last_action = actions->last(); !last_action.empty())
                text += "  | " + last_action;
        }
        if (stack != nullptr) {
            if (const auto alerts = live_alerts_text(stack->live()); !alerts.empty())
                text += "  | " + alerts;
        }
        // One terminal line: a wrapped one would not be redrawn in place.
        if (const auto width = terminal_width(); width > 1 && text.size() >= width)
            text.resize(width - 1);
        std::printf("\r\033[K%s", text.c_str());
        std::fflush(stdout);
    }
    if (show) {
        std::printf("\r\033[K");
        std::fflush(stdout);
    }
}

}  // namespace run
