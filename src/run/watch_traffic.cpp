#include "run/watch_traffic.hpp"

#include <map>
#include <set>

#include "report/client_report.hpp"
#include "report/merge.hpp"
#include "util/poll.hpp"

namespace run {
namespace {

using Clock = std::chrono::steady_clock;

/// The file's modification time, if it exists.
std::optional<std::chrono::system_clock::time_point> modified(const std::filesystem::path& file) {
    std::error_code ec;
    const auto at = std::filesystem::last_write_time(file, ec);
    if (ec)
        return std::nullopt;
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::file_clock::to_sys(at));
}

/// Until `done` holds, `until` passes, Ctrl-C or `halt` (--fail-fast).
void wait_for(Clock::time_point until, const std::atomic<bool>& interrupt,
              const std::atomic<bool>& halt, const std::function<bool()>& done) {
    util::poll_until(until, std::chrono::milliseconds(200), &interrupt,
                     [&] { return halt || done(); });
}

/// Waits out the traffic and says what is known of it: the window it was told (or the
/// scenario's length), or, with --client-report, the report that the sending run wrote at its
/// end, newer than this watch.
verify::Traffic await_traffic(const WatchSettings& o, const std::atomic<bool>& interrupt,
                              const std::atomic<bool>& halt) {
    const auto window = o.window;
    const auto wall_start = std::chrono::system_clock::now();
    const auto start = Clock::now();
    verify::Traffic traffic{wall_start, window, o.phases, std::nullopt, {}, true};
    if (o.client_report.empty()) {
        wait_for(start + window, interrupt, halt, [] { return false; });
        // Cut short by Ctrl-C or --fail-fast, the traffic window is what was watched.
        traffic.elapsed = std::min<std::chrono::nanoseconds>(window, Clock::now() - start);
        traffic.no_counts_reason =
            "the load came from elsewhere (--client-report names its "
            "obsctl run report)";
        return traffic;
    }
    // The reports: each file named must be written during this watch; of a directory, the
    // *.json written during it, once they hold every segment (0..N-1 of their --segment I/N).
    std::vector<std::filesystem::path> ready;
    // Polled every 200 ms for the whole traffic window: a report is read once per version.
    std::map<std::filesystem::path,
             std::pair<std::chrono::system_clock::time_point, std::optional<load::Segment>>>
        seen;
    std::optional<util::Error> refused;
    const auto fresh = [&] {
        ready.clear();
        std::set<unsigned> held;
        unsigned count = 1;
        for (const auto& arg : o.client_report) {
            const bool dir = std::filesystem::is_directory(arg);
            for (const auto& f : report::report_files({arg})) {
                const auto at = modified(f);
                if (!at || *at < wall_start) {
                    if (!dir)
                        return false;
                    continue;
                }
                auto& [when, seg] = seen[f];
                if (when != *at || !seg) {
                    when = *at;
                    auto read = report::segment_of(f);
                    if (!read) {
                        refused = read.error();  // a whole report obsctl will not read
                        return true;
                    }
                    seg = *read;
                }
                if (!seg)
                    return false;  // still being written: read it again later
                held.insert(seg->index);
                count = std::max(count, seg->count);
                ready.push_back(f);
            }
        }
        return !ready.empty() && held.size() >= count;
    };
    const auto grace = o.grace;
    wait_for(start + window + grace, interrupt, halt, fresh);
    traffic.skip_without_counts = false;
    const auto elapsed = [&] {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
    };
    if (refused) {
        traffic.elapsed = elapsed();
        traffic.no_counts_reason = refused->message();
        return traffic;
    }
    if (!fresh()) {
        traffic.elapsed = elapsed();
        traffic.no_counts_reason = names(o.client_report) + " not all written during the watch";
        return traffic;
    }
    std::vector<verify::Traffic> parts;
    for (const auto& file : ready) {
        auto read = report::read_client_report(file, o.scenario);
        if (!read) {
            traffic.elapsed = elapsed();
            traffic.no_counts_reason = read.error().message();
            return traffic;
        }
        parts.push_back(std::move(*read));
    }
    verify::Traffic merged = report::merge_traffic(parts);
    // The sender's phases, moved from its start to this watch's.
    const auto offset = std::chrono::duration_cast<verify::Millis>(merged.started - wall_start);
    for (auto& p : merged.phases)
        p.at += offset;
    return merged;
}

}  // namespace

std::string names(const std::vector<std::filesystem::path>& paths) {
    std::string out;
    for (const auto& p : paths)
        out += (out.empty() ? "" : ", ") + p.string();
    return out;
}

Sent WatchTraffic::send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) {
    if (m_settings.announce)
        m_settings.announce();
    Sent sent;
    // --fail-fast ends the watch as Ctrl-C would, without being an interruption.
    sent.traffic = await_traffic(m_settings, interrupt, halt);
    sent.run.scenario = m_settings.scenario;
    sent.run.started = sent.traffic.started;
    sent.run.elapsed = sent.traffic.elapsed;
    sent.run.interrupted = interrupt;
    sent.run.halted = halt;
    return sent;
}

}  // namespace run
