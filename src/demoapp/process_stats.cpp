#include "demoapp/process_stats.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace demoapp {
namespace {

std::optional<double> boot_time_seconds() {
    std::ifstream stat("/proc/stat");
    for (std::string key; stat >> key;) {
        if (key == "btime") {
            double value = 0;
            stat >> value;
            return value;
        }
        stat.ignore(4096, '\n');
    }
    return std::nullopt;
}

}  // namespace

std::optional<ProcessStats> read_process_stats() {
    std::ifstream in("/proc/self/stat");
    std::string line;
    if (!std::getline(in, line))
        return std::nullopt;
    // The command name (field 2) may hold spaces; fields are counted after its closing ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0, starttime = 0, rss_pages = 0;
    // rest starts at field 3 (state); utime is 14, stime 15, starttime 22, rss 24.
    for (int index = 3; rest >> field; ++index) {
        if (index == 14)
            utime = std::stod(field);
        if (index == 15)
            stime = std::stod(field);
        if (index == 22)
            starttime = std::stod(field);
        if (index == 24) {
            rss_pages = std::stod(field);
            break;
        }
    }
    const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const auto page = static_cast<double>(sysconf(_SC_PAGESIZE));
    ProcessStats stats;
    stats.cpu_seconds = (utime + stime) / ticks;
    stats.resident_bytes = rss_pages * page;
    stats.start_time_seconds = boot_time_seconds().value_or(0) + starttime / ticks;
    return stats;
}

}  // namespace demoapp
