#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "load/run_result.hpp"
#include "util/error.hpp"

namespace prometheus {
class Exposer;
class Gateway;
class Collectable;
class Registry;
}  // namespace prometheus

namespace report {

/// obsctl's own metrics while it runs (--metrics-listen), so Prometheus and Grafana can line
/// load phases up with the app's metrics:
///   obsctl_requests_total{scenario,phase,request,status}   status 2xx..5xx or error_<kind>
///   obsctl_dropped_requests_total{scenario,phase,request}
///   obsctl_request_duration_seconds{scenario,phase,request} histogram, 5 ms to 10 s
///   obsctl_phase{scenario,phase}                            1 for the phase running now
/// Fed from snapshots once a second, never from the request path. Served for scraping
/// (--metrics-listen) and/or pushed to a Prometheus Pushgateway (--metrics-push), grouped by
/// job="obsctl" and instance="<scenario>-<i>of<n>", so short-lived workers are seen too.
class MetricsExporter {
  public:
    struct Outputs {
        std::string listen;                  ///< HOST:PORT to serve /metrics on, or empty
        std::string push_url;                ///< http://HOST:PORT of a Pushgateway, or empty
        unsigned segment = 0, segments = 1;  ///< for the instance label
    };
    /// Serves /metrics on `listen` ("127.0.0.1:9464"; port 0 picks a free one, see port()) and
    /// gets ready to push to `push_url`. A bad or busy address or a bad URL is exit 2.
    static util::Result<std::unique_ptr<MetricsExporter>> start(const Outputs& outputs);
    static util::Result<std::unique_ptr<MetricsExporter>> start(const std::string& address) {
        return start(Outputs{address, {}, 0, 1});
    }
    ~MetricsExporter();

    /// Pushes the metrics to the Pushgateway (replacing this instance's group). `wait`: block
    /// for the answer and say what went wrong; else start a push in the background unless one
    /// is still under way. Without --metrics-push it does nothing.
    util::Result<void> push(bool wait);
    bool pushing() const { return !m_push_url.empty(); }

    /// The port it listens on.
    std::uint16_t port() const;

    /// Serves `more` on the same /metrics too (a scenario's synthetic series on the local stack,
    /// whose `obsctl` job keeps their own job and instance labels). Needs a listen address.
    void serve(const std::weak_ptr<prometheus::Collectable>& more);

    /// A scenario starts: its series are labelled with its name, phases and requests. Series of
    /// earlier scenarios stay as they were.
    void begin(std::string scenario, std::vector<std::string> phases,
               std::vector<std::string> requests);

    /// Brings the metrics up to `stats` [phase][request] (cumulative) and marks `phase` current.
    void update(const std::vector<std::vector<load::RequestStats>>& stats, std::size_t phase);

  private:
    MetricsExporter() = default;
    struct Families;
    std::shared_ptr<prometheus::Registry> m_registry;
    std::unique_ptr<prometheus::Exposer> m_exposer;
    std::unique_ptr<prometheus::Gateway> m_gateway;
    std::string m_push_url, m_push_host, m_push_port;
    unsigned m_segment = 0, m_segments = 1;
    struct PendingPush;
    std::unique_ptr<PendingPush> m_pending;
    std::unique_ptr<Families> m_families;
    std::string m_scenario;
    std::vector<std::string> m_phases, m_requests;
    /// What was exported so far, to turn cumulative snapshots into increments.
    std::map<std::tuple<std::size_t, std::size_t, std::string>, std::uint64_t> m_counted;
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::uint64_t>> m_bucketed;
    std::map<std::pair<std::size_t, std::size_t>, double> m_summed;
};

}  // namespace report
