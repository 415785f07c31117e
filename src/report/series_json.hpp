#pragma once

#include <string>
#include <utility>

#include <nlohmann/json_fwd.hpp>

#include "load/series.hpp"

namespace report {

/// The report's `series`: {"resolution_seconds": 1, "histogram": ..., "rows": [...]}, a row per
/// second, phase and request that had anything, one compact line each. Written as text row by
/// row: an hour at 30k/s is thousands of rows, never held as one JSON tree.
void append_series_json(std::string& out, const load::Series& series);

/// One row read back: its second and cell; throws std::invalid_argument on a wrong one.
std::pair<std::size_t, load::SeriesCell> series_row(const nlohmann::json& row);

/// Whether `value` is one of those rows (for a parse that sums them instead of keeping them).
bool is_series_row(const nlohmann::json& value);

/// Reads `series` back (a report without one gives an empty Series); throws
/// std::invalid_argument naming what is wrong.
load::Series series_of(const nlohmann::json& series);

}  // namespace report
