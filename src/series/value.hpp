#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "scenario/model.hpp"

namespace series {

/// What `spec` serves `elapsed` after the traffic's start; nullopt: no sample (the series is
/// left out of the scrape). Pure: the Publisher calls it at every scrape.
///  - `values`: value i = floor(elapsed / (interval * time_scale)), the first at 0. `_` and
///    `stale` serve none. Past the last value the series keeps its last one (a `_` or `stale`
///    last keeps serving none): a scenario may outlast its values, and an alert on a level
///    should not resolve because the list ran out. promtool stops there instead, and PromQL
///    sees its last value for 5 minutes more.
///  - `phases`: over each named phase (as scaled: `scaled_phases`' durations), a line from
///    `from` at its start to `to` at its end; none in a phase not named; after the last phase
///    (the wait for verdicts) what the last phase ended on.
///  - A counter (a name ending `_total`, `_count`, `_sum` or `_bucket`) grows `time_scale` times
///    as much from its first value, so rate() over the scaled window reads the rate written.
/// Before the start (elapsed < 0) it serves none. `time_scale` > 0 (0.1: ten times faster).
///
/// Unlike promtool, where `_` leaves PromQL's lookback seeing the previous value, a scraped
/// series that is left out gets a staleness marker at once: `_` and `stale` read the same.
std::optional<double> value_at(const scenario::SeriesSpec& spec, std::chrono::nanoseconds elapsed,
                               const std::vector<scenario::Phase>& scaled_phases,
                               double time_scale);

/// The spec as one entry of a promtool rule test's `input_series` (two lines of YAML, starting
/// `- series: '...'`, indented by `indent` spaces), so a user can test their rules on what
/// obsctl serves. `interval` is the test group's (default: the spec's): `values` at their own
/// interval are written as they are; otherwise what value_at serves is sampled every
/// `interval` (time scale 1) over the values, or over `phases` (unscaled) for a series given
/// per phase, with `_` where it serves none. Values round-trip exactly (%.17g).
std::string promtool_input_series(const scenario::SeriesSpec& spec,
                                  const std::vector<scenario::Phase>& phases = {},
                                  std::optional<std::chrono::milliseconds> interval = {},
                                  int indent = 0);

}  // namespace series
