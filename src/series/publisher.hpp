#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "scenario/model.hpp"

namespace series {

/// The series of the scenario being run, as gauges for a scrape (`Collect`, prometheus-cpp's
/// `Collectable`: register it with an `Exposer` or a `Gateway`). All series of one metric name
/// are one family, labels as the scenario gives them, `job` and `instance` included (scrape
/// with `honor_labels: true` to keep them). Thread-safe: `begin` and `end` on one thread,
/// scrapes on the exposer's.
class Publisher : public prometheus::Collectable {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    /// `now` is the clock scrapes read (a fake one in tests).
    explicit Publisher(Clock now = [] { return std::chrono::steady_clock::now(); });

    /// From now on, serves `s.series` as `value_at` says, with elapsed = now - `origin` (the
    /// traffic's start), `scaled_phases` and `time_scale` as the run uses them. Replaces the
    /// scenario served before.
    void begin(const scenario::Scenario& s, std::vector<scenario::Phase> scaled_phases,
               double time_scale, std::chrono::steady_clock::time_point origin);
    /// Nothing is served after it (a scrape then marks every series stale).
    void end();

    std::vector<prometheus::MetricFamily> Collect() const override;

    /// (job, instance) of each series served, in order, without repeats ("" for a label the
    /// series does not have): the Pushgateway's grouping keys.
    std::vector<std::pair<std::string, std::string>> groups() const;
    /// Collect() of the series whose job and instance are these.
    std::vector<prometheus::MetricFamily> collect_group(const std::string& job,
                                                        const std::string& instance) const;

  private:
    std::vector<prometheus::MetricFamily> collect(const std::string* job,
                                                  const std::string* instance) const;

    Clock m_now;
    mutable std::mutex m_mutex;
    bool m_serving = false;
    std::string m_scenario;
    std::vector<scenario::SeriesSpec> m_series;
    std::vector<scenario::Phase> m_phases;
    double m_time_scale = 1;
    std::chrono::steady_clock::time_point m_origin;
};

}  // namespace series
