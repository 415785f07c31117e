#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "run/steps.hpp"

namespace run {

/// Where one scenario's results are written; an empty path writes nothing.
struct OutputFiles {
    std::filesystem::path report, junit, html;
    std::string grafana;             ///< --grafana URL: annotations posted there
    std::string grafana_token_file;  ///< its service account token
};

/// The real Output: the terminal (summary, the wait's live lines on a terminal, timelines,
/// the verdict line) and the files (JSON, JUnit, the page) and Grafana's annotations, all
/// from one Document.
class Terminal : public Output {
  public:
    /// `on_verified` is told each scenario's verdicts (coverage); `live` draws the wait's
    /// lines in place (stdout is a terminal and not quiet).
    Terminal(OutputFiles files, bool quiet, bool live,
             std::function<void(const verify::VerifyReport&)> on_verified = {});
    ~Terminal() override;

    void traffic_done(const Sent& sent) override;
    void wait_begins(const Stack& stack) override;
    void wait_ends() override;
    void verified(const verify::VerifyReport& report) override;
    util::Result<void> conclude(const report::Document& doc) override;

  private:
    OutputFiles m_files;
    bool m_quiet, m_live;
    std::function<void(const verify::VerifyReport&)> m_on_verified;
    std::atomic<bool> m_waiting{false}, m_stop_drawing{false};
    std::thread m_drawer;
};

/// The wait's lines: one per expected alert, "  HighErrorRate  firing 12.0s -> oncall  resolve
/// in 31.0s" (what is awaited next and the time left to its deadline).
std::vector<std::string> wait_lines(const std::vector<verify::LiveAlert>& alerts);

/// The verdict line: "errors: FAILED (3 of 8 checks passed, 1 failed, 4 skipped)", with where
/// an interrupted or --fail-fast run stopped.
std::string verdict_line(const report::Document& doc);

}  // namespace run
