// obsctl verify: the alert checks of `obsctl run` around load that something else sends.
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "cli/check_options.hpp"
#include "cli/command.hpp"
#include "cli/interrupt.hpp"
#include "load/engine.hpp"
#include "report/client_report.hpp"
#include "report/files.hpp"
#include "report/merge.hpp"
#include "run/steps.hpp"
#include "util/duration.hpp"
#include "util/poll.hpp"

namespace cli {
namespace {

using Clock = std::chrono::steady_clock;

struct VerifyCli {
    CheckOptions check;
    double duration_scale = 1.0;
    std::optional<double> traffic_seconds;
    std::vector<std::filesystem::path> client_report;  ///< files or directories
    double client_report_grace = 60;
};

/// The file's modification time, if it exists.
std::optional<std::chrono::system_clock::time_point> modified(const std::filesystem::path& file) {
    std::error_code ec;
    const auto at = std::filesystem::last_write_time(file, ec);
    if (ec)
        return std::nullopt;
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::file_clock::to_sys(at));
}

std::string names(const std::vector<std::filesystem::path>& paths) {
    std::string out;
    for (const auto& p : paths)
        out += (out.empty() ? "" : ", ") + p.string();
    return out;
}

/// Until `done` holds, `until` passes, Ctrl-C or `halt` (--fail-fast).
void wait_for(Clock::time_point until, const std::atomic<bool>& halt,
              const std::function<bool()>& done) {
    util::poll_until(until, std::chrono::milliseconds(200), &interrupted(),
                     [&] { return halt || done(); });
}

/// Waits out the traffic and says what is known of it: the window it was told (or the
/// scenario's length), or, with --client-report, the report that the sending run wrote at its
/// end, newer than this watch.
verify::Traffic await_traffic(const VerifyCli& o, const scenario::Scenario& s,
                              std::chrono::nanoseconds window,
                              std::vector<verify::PhaseStart> phases,
                              const std::atomic<bool>& halt) {
    const auto wall_start = std::chrono::system_clock::now();
    const auto start = Clock::now();
    verify::Traffic traffic{wall_start, window, std::move(phases), std::nullopt, {}, true};
    if (o.client_report.empty()) {
        wait_for(start + window, halt, [] { return false; });
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
                    seg = report::segment_of(f);
                }
                if (!seg)
                    return false;  // still being written, or not a report: read it again later
                held.insert(seg->index);
                count = std::max(count, seg->count);
                ready.push_back(f);
            }
        }
        return !ready.empty() && held.size() >= count;
    };
    const auto grace =
        std::chrono::milliseconds(static_cast<long long>(o.client_report_grace * 1000));
    wait_for(start + window + grace, halt, fresh);
    traffic.skip_without_counts = false;
    const auto elapsed = [&] {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
    };
    if (!fresh()) {
        traffic.elapsed = elapsed();
        traffic.no_counts_reason = names(o.client_report) + " not all written during the watch";
        return traffic;
    }
    std::vector<verify::Traffic> parts;
    for (const auto& file : ready) {
        auto read = report::read_client_report(file, s.name);
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

/// Load sent from elsewhere as a run's traffic: its window waited out (or its sender's
/// --client-report read).
class WatchTraffic : public run::Traffic {
  public:
    WatchTraffic(const VerifyCli& o, const scenario::Scenario& s, std::chrono::nanoseconds window,
                 std::vector<verify::PhaseStart> phases)
        : m_o(o), m_scenario(s), m_window(window), m_phases(std::move(phases)) {}

    std::function<void()> announce;  ///< said when the watch starts

    run::Sent send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) override {
        if (announce)
            announce();
        run::Sent sent;
        // --fail-fast ends the watch as Ctrl-C would, without being an interruption.
        sent.traffic = await_traffic(m_o, m_scenario, m_window, m_phases, halt);
        sent.run.scenario = m_scenario.name;
        sent.run.started = sent.traffic.started;
        sent.run.elapsed = sent.traffic.elapsed;
        sent.run.interrupted = interrupt;
        sent.run.halted = halt;
        if (!m_o.check.quiet && !interrupted()) {
            std::printf("traffic over; ");
            std::fflush(stdout);
        }
        return sent;
    }

  private:
    const VerifyCli& m_o;
    const scenario::Scenario& m_scenario;
    std::chrono::nanoseconds m_window;
    std::vector<verify::PhaseStart> m_phases;
};

util::Result<util::ExitCode> verify_one(const VerifyCli& o, const net::StackEndpoints& where,
                                        const scenario::Scenario& s, bool several,
                                        promapi::WebhookReceiver* webhooks, CoverageTally& tally) {
    const CheckOptions& c = o.check;
    const std::string target = where.target.url.empty() ? s.target : where.target.url;
    auto stack = live_stack(c, where, s, target, webhooks);

    // The scenario's phases as the sender runs them; --traffic overrides their total length.
    std::chrono::nanoseconds window{0};
    std::vector<verify::PhaseStart> phases;
    for (const auto& p : load::scaled_phases(s, 1.0, o.duration_scale * c.time_scale)) {
        phases.push_back({p.name, std::chrono::duration_cast<verify::Millis>(window)});
        window += p.duration;
    }
    if (o.traffic_seconds) {
        window = std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::duration<double>(*o.traffic_seconds));
    }
    WatchTraffic traffic(o, s, window, std::move(phases));
    run::Plan plan{report::document_for(s), c.fail_fast};
    plan.base.mode = "verify";
    plan.base.client_report = names(o.client_report);
    {
        const auto urls = stack_urls(where);
        plan.base.stack.insert(urls.begin(), urls.end());
    }
    auto out = terminal_for(c, s.name, several, tally);
    // Said once the preflight has passed, just before the watch starts.
    if (!c.quiet) {
        traffic.announce = [&] {
            std::printf(
                "watching from now: send the load (%s of traffic%s)\n",
                util::human_duration(std::chrono::duration_cast<verify::Millis>(window)).c_str(),
                o.client_report.empty()
                    ? ""
                    : (", counts from " + names(o.client_report) + " when written").c_str());
            std::fflush(stdout);
        };
    }
    return run::run_scenario(plan, stack.get(), traffic, out, interrupted());
}

util::Result<util::ExitCode> verify_all(const VerifyCli& o) {
    catch_interrupts();
    const auto loaded = load_scenarios(o.check);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (auto ok = check_grafana(o.check); !ok)
        return std::unexpected(ok.error());
    auto where = o.check.endpoints.resolve();
    if (!where)
        return std::unexpected(where.error());
    auto webhooks = start_webhooks(o.check.webhook_listen);
    if (!webhooks)
        return std::unexpected(webhooks.error());
    CoverageTally tally;
    auto code = each_scenario(o.check, *loaded, [&](const scenario::Scenario& s, bool several) {
        return verify_one(o, *where, s, several, webhooks->get(), tally);
    });
    if (!code)
        return code;
    return tally.finish(o.check, *code);
}

}  // namespace

void setup_verify(CLI::App& parent, Action& action) {
    auto o = std::make_shared<VerifyCli>();
    auto* cmd = parent.add_subcommand(
        "verify",
        "Check a scenario's expected alerts around load sent from elsewhere: start it, then "
        "the load");
    o->check.add_to(*cmd,
                    "The app's base URL, to find its scrape target (default: the scenario's)");
    cmd->add_option("--duration-scale", o->duration_scale,
                    "The load's --duration-scale, for the length of its traffic")
        ->check(finite_range(0.001, 1000.0))
        ->capture_default_str();
    cmd->add_option("--traffic", o->traffic_seconds,
                    "Seconds the load lasts from now (default: the scenario's phases, scaled)")
        ->check(finite_range(0.0, 86400.0));
    cmd->add_option("--client-report", o->client_report,
                    "The JSON report(s) (`obsctl run --no-verify --report FILE`) of the run(s) "
                    "that send the load, or a directory of them (--segment runs): their counts "
                    "summed for matches_client, their times for the window");
    cmd->add_option("--client-report-grace", o->client_report_grace,
                    "Seconds past the traffic window to wait for --client-report to be written")
        ->capture_default_str();
    cmd->callback([o, &action] { action = [o] { return verify_all(*o); }; });
}

}  // namespace cli
