#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "load/run_result.hpp"
#include "promapi/prometheus_client.hpp"
#include "scenario/model.hpp"
#include "verify/preflight.hpp"

namespace verify {

/// Answered requests per request name, as the client that sent the load counted them.
using ClientCounts = std::map<std::string, std::uint64_t>;

/// What the verifier knows of the traffic it judges: when it ran and, when obsctl sent it
/// (or its report was handed over), what the client counted.
/// Where a phase of the traffic began, in time since the watch began.
struct PhaseStart {
    std::string name;
    Millis at{0};
};

struct Traffic {
    std::chrono::system_clock::time_point started;
    std::chrono::nanoseconds elapsed{0};
    std::vector<PhaseStart> phases;  ///< in order; for "the phase that triggered it"
    std::optional<ClientCounts> answered;
    std::string no_counts_reason;  ///< why `answered` is empty; shown on matches_client checks
    /// Without counts, matches_client checks are skipped (nobody offered counts) or, when
    /// counts were asked for and could not be had, failed.
    bool skip_without_counts = true;
};

/// The traffic of a run obsctl itself sent.
Traffic traffic_of(const load::RunResult& run);

/// `${run_window}`: the run's length rounded up to a second plus two scrapes (the queries run
/// two scrapes after traffic), as a PromQL
/// duration ("47s"), so the window covers every sample the traffic produced.
std::string run_window(const Traffic& traffic, Millis scrape);

/// One `queries:` expectation judged against the query's result (samples summed): `equals`
/// (within tolerance), `min`, `max`, `matches_client`. An empty result fails as "no data".
/// Without client counts a matches_client check is skipped or failed (see Traffic), saying why.
Check judge_query(const scenario::QueryExpectation& q,
                  const util::Result<std::vector<promapi::Sample>>& result, const Traffic& traffic);

}  // namespace verify
