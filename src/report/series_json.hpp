#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "load/series.hpp"

namespace report {

/// The report's `series`: {"resolution_seconds": 1, "histogram": ..., "rows": [...]}, a row per
/// second, phase and request that had anything, one compact line each. Written as text row by
/// row: an hour at 30k/s is thousands of rows, never held as one JSON tree.
std::string series_json(const load::Series& series);

/// Reads `series` back (a report without one gives an empty Series); throws
/// std::invalid_argument naming what is wrong.
load::Series series_of(const nlohmann::json& series);

}  // namespace report
