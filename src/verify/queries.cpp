#include "verify/queries.hpp"

#include <cmath>
#include <cstdio>

#include "util/duration.hpp"

namespace verify {
namespace {

std::string number(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    return buf;
}

}  // namespace

Traffic traffic_of(const load::RunResult& run) {
    Traffic t{run.started, run.elapsed, {}, ClientCounts{}, {}};
    for (const auto& p : run.phases)
        t.phases.push_back({p.name, std::chrono::duration_cast<Millis>(p.start)});
    for (std::size_t r = 0; r < run.request_names.size(); ++r)
        (*t.answered)[run.request_names[r]] += run.for_request(r).responses();
    return t;
}

std::string run_window(const Traffic& traffic, Millis scrape) {
    const double seconds = std::chrono::duration<double>(traffic.elapsed).count();
    const Millis window{static_cast<long long>(std::ceil(seconds)) * 1000 + 2 * scrape.count()};
    return util::format_duration(window);
}

Check judge_query(const scenario::QueryExpectation& q,
                  const util::Result<std::vector<promapi::Sample>>& result,
                  const Traffic& traffic) {
    Check c = judged("query " + q.query, false, "");
    if (!q.matches_client.empty() && !traffic.answered) {
        if (traffic.skip_without_counts)
            c.outcome = Outcome::skipped;
        c.detail =
            "no client counts to match " + q.matches_client + ": " + traffic.no_counts_reason;
        return c;
    }
    if (!result) {
        // Prometheus unreachable or failing says nothing about the rule: inconclusive. A query
        // Prometheus refuses (bad PromQL, exit 2) is the scenario's mistake: a failure.
        if (result.error().code == util::ExitCode::stack_unavailable)
            c.outcome = Outcome::inconclusive;
        c.detail = result.error().message() + (c.inconclusive() ? " (inconclusive)" : "");
        return c;
    }
    if (result->empty()) {
        c.detail = "no data";
        return c;
    }
    double value = 0;
    for (const auto& sample : *result)
        value += sample.value;
    c.detail = "= " + number(value);
    bool passed = true;
    if (q.equals) {
        passed = passed && std::abs(value - *q.equals) <= q.tolerance * std::abs(*q.equals) + 1e-9;
        c.detail += "; expected " + number(*q.equals);
    }
    if (q.min) {
        passed = passed && value >= *q.min;
        c.detail += "; min " + number(*q.min);
    }
    if (q.max) {
        passed = passed && value <= *q.max;
        c.detail += "; max " + number(*q.max);
    }
    if (!q.matches_client.empty()) {
        const auto it = traffic.answered->find(q.matches_client);
        const double client = it == traffic.answered->end() ? 0.0 : static_cast<double>(it->second);
        passed = passed && std::abs(value - client) <= q.tolerance * std::max(client, 1.0);
        c.detail += "; obsctl counted " + number(client) + " answered " + q.matches_client;
    }
    if (q.tolerance > 0 && (q.equals || !q.matches_client.empty()))
        c.detail += " (tolerance " + number(q.tolerance * 100) + "%)";
    c.outcome = passed ? Outcome::passed : Outcome::failed;
    return c;
}

}  // namespace verify
