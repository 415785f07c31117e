#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace stack {

/// An alerting rule as its file declares it, before any time scaling.
struct DeclaredRule {
    std::string name;
    std::chrono::milliseconds for_duration{0};
    std::filesystem::path file;
};

/// The alerting rules of Prometheus rule files (`groups[].rules[]` with `alert:`), in file
/// order. An unreadable file, or a `for` that is not a duration, is an Error naming the file
/// (exit 2); promtool judges the rest of the file.
util::Result<std::vector<DeclaredRule>> declared_alert_rules(
    const std::vector<std::filesystem::path>& files);

}  // namespace stack
