#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "series/publisher.hpp"
#include "util/error.hpp"

namespace prometheus {
class Gateway;
}  // namespace prometheus

namespace series {

/// Pushes a Publisher's series to a Prometheus Pushgateway, for a user's Prometheus that
/// scrapes one. The Pushgateway's grouping key overrides a pushed series' `job` and `instance`
/// (checked against Pushgateway 1.5), so each (job, instance) of the series is its own group,
/// PUT to /metrics/job/J/instance/I (a series without `job` goes to job "obsctl_series";
/// without `instance`, to /metrics/job/J, which the Pushgateway labels instance=""). Scrape
/// the Pushgateway with `honor_labels: true`. `finish` deletes every group it pushed, so no
/// series lingers on the Pushgateway after the run.
class Pusher {
  public:
    /// `url`: http://HOST:PORT of the Pushgateway (exit 2 otherwise). Pushes every `every`
    /// on its own thread from `start_pushing` to `finish`.
    static util::Result<std::unique_ptr<Pusher>> create(const std::string& url,
                                                        std::shared_ptr<Publisher> publisher,
                                                        std::chrono::milliseconds every);
    ~Pusher();  ///< finish()es
    Pusher(const Pusher&) = delete;
    Pusher& operator=(const Pusher&) = delete;

    /// Pushes every group now, each with PUT (prometheus-cpp 1.0's `PushAdd`; its `Push` is a
    /// POST, which would leave a series that stopped being served in the group). The first
    /// failure is exit 3.
    util::Result<void> push();
    /// Starts the thread that pushes every `every` (failures there are retried at the next).
    void start_pushing();
    /// Stops the thread, then deletes every group pushed (the Pushgateway answers 202 and
    /// applies it a moment later). The first failure is returned (exit 3); every group is still
    /// tried. Call push() first for a last push of the final values.
    util::Result<void> finish();

  private:
    Pusher() = default;
    struct Group;
    Group& gateway(const std::pair<std::string, std::string>& key);  ///< under m_push_mutex

    std::shared_ptr<Publisher> m_publisher;
    std::string m_url, m_host, m_port;
    std::chrono::milliseconds m_every{0};
    std::mutex m_mutex;  ///< m_stop, m_thread
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
    std::mutex m_push_mutex;  ///< m_groups: one push at a time
    std::map<std::pair<std::string, std::string>, std::unique_ptr<Group>> m_groups;
};

}  // namespace series
