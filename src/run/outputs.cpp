#include "run/outputs.hpp"

#include <cstdio>

#include "grafana/annotations.hpp"
#include "html/render.hpp"
#include "report/actions.hpp"
#include "report/files.hpp"
#include "report/summary.hpp"
#include "report/verification.hpp"
#include "util/duration.hpp"
#include "util/poll.hpp"
#include "util/text.hpp"

namespace run {
namespace {

/// Posts the report's annotations to --grafana. A failure here is a warning: the verdict is
/// the alerts', and Grafana was reachable before the run.
void annotate(const OutputFiles& files, const report::Document& doc, bool quiet) {
    const auto grafana = grafana::endpoint(files.grafana, files.grafana_token_file);
    const auto posted = grafana ? grafana::post(*grafana, grafana::annotations_of(doc))
                                : util::Result<std::size_t>(std::unexpected(grafana.error()));
    if (!posted) {
        std::fprintf(stderr, "obsctl: warning: annotations not posted: %s\n",
                     posted.error().message().c_str());
    } else if (!quiet) {
        std::printf("grafana: %zu annotations posted to %s\n", *posted, grafana->display().c_str());
    }
}

}  // namespace

std::vector<std::string> wait_lines(const std::vector<verify::LiveAlert>& alerts) {
    std::vector<std::string> out;
    for (const auto& a : alerts) {
        std::string line = "  " + a.alert + "  " + a.state;
        if (a.state != "inactive" && a.state != "resolved")
            line += " " + util::human_duration(a.since);
        if (!a.receivers.empty())
            line += " -> " + util::join(a.receivers, ",");
        if (a.deadline_in) {
            line += "  " + a.awaiting + " " +
                    (a.deadline_in->count() >= 0
                         ? "within " + util::human_duration(*a.deadline_in)
                         : "overdue by " + util::human_duration(-*a.deadline_in));
        } else {
            line += "  done";
        }
        out.push_back(std::move(line));
    }
    return out;
}

std::string verdict_line(const report::Document& doc) {
    const auto v = doc.verdict();
    std::string line = doc.scenario + ": " + v.word;
    if (doc.stopped) {
        line += doc.interrupted ? " " + doc.stopped->text()
                                : " (--fail-fast stopped the run " + doc.stopped->text() + ")";
    }
    line += " (" + v.counts.text() + ")";
    if (doc.interrupted)
        line += "; the reports hold what was seen until then";
    return line;
}

Terminal::Terminal(OutputFiles files, bool quiet, bool live,
                   std::function<void(const verify::VerifyReport&)> on_verified)
    : m_files(std::move(files)),
      m_quiet(quiet),
      m_live(live && !quiet),
      m_on_verified(std::move(on_verified)) {}

Terminal::~Terminal() {
    wait_ends();
}

void Terminal::traffic_done(const Sent& sent) {
    if (!m_quiet && !sent.run.phases.empty())
        report::print_summary(stdout, sent.run);
}

void Terminal::wait_begins(const Stack& stack) {
    if (m_quiet)
        return;
    std::printf("waiting for alert verdicts...\n");
    std::fflush(stdout);
    if (!m_live)
        return;
    m_waiting = true;
    m_drawer = std::thread([this, &stack] {
        std::size_t drawn = 0;
        const auto erase = [&] {
            for (std::size_t i = 0; i < drawn; ++i)
                std::printf("\033[1A\r\033[K");
        };
        while (m_waiting) {
            const auto lines = wait_lines(stack.live());
            erase();
            for (const auto& l : lines)
                std::printf("%s\n", l.c_str());
            std::fflush(stdout);
            drawn = lines.size();
            util::sleep_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(500),
                              &m_stop_drawing);
        }
        erase();
        std::fflush(stdout);
    });
}

void Terminal::wait_ends() {
    m_waiting = false;
    m_stop_drawing = true;
    if (m_drawer.joinable())
        m_drawer.join();
    m_stop_drawing = false;
}

void Terminal::verified(const verify::VerifyReport& report) {
    if (!m_quiet)
        report::print_verification(stdout, report);
    if (m_on_verified)
        m_on_verified(report);
}

util::Result<void> Terminal::conclude(const report::Document& doc) {
    if (!m_quiet) {
        // Here, not in traffic_done: the undoing of the actions comes after the traffic.
        report::print_actions(stdout, doc.actions);
        report::print_thresholds(stdout, doc.threshold_checks());
    }
    if (!m_files.report.empty()) {
        if (auto ok = report::write_file(m_files.report, report::to_json(doc)); !ok)
            return std::unexpected(ok.error());
    }
    if (!m_files.junit.empty()) {
        if (auto ok = report::write_file(m_files.junit, report::junit_report(doc)); !ok)
            return std::unexpected(ok.error());
    }
    if (!m_files.html.empty()) {
        if (auto ok = report::write_file(m_files.html, html::render_page(doc)); !ok)
            return std::unexpected(ok.error());
    }
    if (!m_files.grafana.empty())
        annotate(m_files, doc, m_quiet);
    const auto v = doc.verdict();
    if (!m_quiet || v.exit_code != util::ExitCode::ok)
        std::printf("%s\n\n", verdict_line(doc).c_str());
    std::fflush(stdout);
    return {};
}

}  // namespace run
