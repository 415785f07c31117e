#pragma once

#include <optional>

namespace demoapp {

/// This process's CPU time and resident memory, read from /proc/self/stat.
struct ProcessStats {
    double cpu_seconds = 0;  ///< user + system
    double resident_bytes = 0;
    double start_time_seconds = 0;  ///< since the Unix epoch
};

std::optional<ProcessStats> read_process_stats();

}  // namespace demoapp
