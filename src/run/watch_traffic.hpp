#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "run/steps.hpp"

namespace run {

/// What `obsctl verify` knows of the load it watches.
struct WatchSettings {
    std::string scenario;                ///< the client reports must be of this scenario
    std::chrono::nanoseconds window{0};  ///< how long the load lasts from now
    std::vector<verify::PhaseStart> phases;
    std::vector<std::filesystem::path> client_report;  ///< files or directories; may be empty
    std::chrono::milliseconds grace{60'000};  ///< past the window, to wait for those reports
    std::function<void()> announce;           ///< said when the watch starts
};

/// Load sent from elsewhere as a run's traffic: its window waited out or, with client reports,
/// the reports its senders wrote at their end (newer than this watch; of a directory, once they
/// hold every segment), their counts summed. A report obsctl refuses (another schema version,
/// another scenario) ends the wait at once and says why on the checks that needed its counts.
class WatchTraffic : public Traffic {
  public:
    explicit WatchTraffic(WatchSettings settings) : m_settings(std::move(settings)) {}
    Sent send(const std::atomic<bool>& interrupt, const std::atomic<bool>& halt) override;

  private:
    WatchSettings m_settings;
};

/// "a.json, b.json"
std::string names(const std::vector<std::filesystem::path>& paths);

}  // namespace run
