#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace verify {

/// Alertmanager's own words for the notifications it could not send, from its log lines
/// (logfmt, as Alertmanager 0.25 writes them): `msg="Notify for alerts failed"` gives its
/// `err` ("oncall/slack[0]: notify retry canceled ...: template: ..."); `msg="Notify attempt
/// failed, will retry later"` gives "RECEIVER/INTEGRATION: err". Other lines are ignored.
std::vector<std::string> notify_errors_in(std::string_view log);

/// Reads what a log file gained since the last call (from its size when made), whole lines only.
class LogTail {
  public:
    LogTail() = default;
    explicit LogTail(std::filesystem::path file);
    std::string read_new();

  private:
    std::filesystem::path m_file;
    std::uintmax_t m_offset = 0;
};

}  // namespace verify
