// Synthetic series for real: a series::Server scraped by Debian's prometheus (1 s, with
// honor_labels), and a series::Pusher against Debian's prometheus-pushgateway, each on a free
// loopback port in a temp dir, stopped at the end of each case.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>

#include "promapi/http_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "scenario/parser.hpp"
#include "series/pusher.hpp"
#include "series/server.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"
#include "util/process.hpp"

using namespace std::chrono_literals;
using namespace test_support;

namespace {

const char* k_scenario = R"(name: worker
requests: [{name: home, path: /}]
phases:
  - {name: busy, duration: 1h, rate: 1}
series:
  - series: 'obsctl_test_queue_depth{job="queue", instance="worker-1", queue="orders"}'
    values: '0+10x1000'
    interval: 1s
  - series: 'obsctl_test_cert_expiry_seconds{job="certs", instance="web"}'
    phases: {busy: 42}
  - series: 'obsctl_test_gone{job="queue", instance="worker-1"}'
    values: '1x2 stale'
    interval: 1s
)";

/// A program of ours for the length of a case: SIGTERM (then SIGKILL) at scope exit.
struct Running {
    pid_t pid = 0;
    ~Running() {
        if (pid > 0)
            util::terminate(pid, 5s);
    }
};

scenario::Scenario worker() {
    auto s = scenario::parse_scenario(k_scenario, "worker.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message()));
    return *s;
}

std::optional<double> one_value(promapi::PrometheusClient& prometheus, const std::string& q,
                                promapi::Labels* labels = nullptr) {
    auto samples = prometheus.query(q);
    if (!samples || samples->size() != 1)
        return std::nullopt;
    if (labels)
        *labels = samples->front().labels;
    return samples->front().value;
}

}  // namespace

BOOST_AUTO_TEST_CASE(prometheus_scrapes_the_series_with_their_own_job_and_moving_values) {
    const auto s = worker();
    auto publisher = std::make_shared<series::Publisher>();
    auto server = series::Server::start("127.0.0.1:0", publisher);
    BOOST_REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error().message()));
    const auto origin = std::chrono::steady_clock::now();
    publisher->begin(s, s.phases, 1, origin);

    TempDir dir;
    const auto port = util::free_loopback_port();
    std::ofstream(dir.path() / "prometheus.yml")
        << "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
           "scrape_configs:\n"
           "  - job_name: obsctl_series\n"
           "    honor_labels: true\n"
           "    static_configs: [{targets: ['127.0.0.1:"
        << (*server)->port() << "']}]\n";
    Running prometheus;
    auto pid =
        util::spawn({{"prometheus", "--config.file=" + (dir.path() / "prometheus.yml").string(),
                      "--storage.tsdb.path=" + (dir.path() / "data").string(),
                      "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                     dir.path() / "prometheus.log"});
    BOOST_REQUIRE_MESSAGE(pid.has_value(), (pid ? "" : pid.error().message()));
    prometheus.pid = *pid;

    promapi::CurlHttpClient http{net::Endpoint{.timeout = 5s}};
    promapi::PrometheusClient client(http, "http://127.0.0.1:" + std::to_string(port));
    BOOST_REQUIRE_MESSAGE(
        wait_until([&] { return one_value(client, "up{job=\"obsctl_series\"}") == 1.0; }, 30s),
        "the series endpoint never came up: " << util::tail_lines(dir.path() / "prometheus.log",
                                                                  5));

    // Their own job and instance, as the scenario gives them (honor_labels).
    promapi::Labels labels;
    const std::string depth = R"(obsctl_test_queue_depth{job="queue", instance="worker-1"})";
    BOOST_REQUIRE(wait_until([&] { return one_value(client, depth, &labels).has_value(); }, 10s));
    BOOST_TEST(labels["queue"] == "orders");
    BOOST_TEST(one_value(client, R"(obsctl_test_cert_expiry_seconds{job="certs", instance="web"})")
                   .value_or(-1) == 42.0);

    // Moving as 0+10x1000 every second: multiples of 10, rising, never ahead of the clock.
    const auto first = one_value(client, depth).value_or(-1);
    BOOST_TEST(
        wait_until([&] { return one_value(client, depth).value_or(-1) >= first + 20; }, 10s));
    const auto later = one_value(client, depth).value_or(-1);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count();
    BOOST_TEST(std::fmod(later, 10) == 0.0);
    BOOST_TEST(later <= 10 * std::floor(seconds));
    // `1x2 stale`: served for 3 s, then gone (a staleness marker, not the last value).
    BOOST_TEST(wait_until(
        [&] { return !one_value(client, R"(obsctl_test_gone{job="queue"})").has_value(); }, 10s));

    // After end(), nothing is served: Prometheus marks every series stale.
    publisher->end();
    BOOST_TEST(wait_until([&] { return !one_value(client, depth).has_value(); }, 10s));
    BOOST_TEST(one_value(client, "up{job=\"obsctl_series\"}").value_or(0) == 1.0);
}

BOOST_AUTO_TEST_CASE(pushes_each_job_and_instance_as_its_own_group_and_deletes_them_at_the_end) {
    const auto s = worker();
    TempDir dir;
    const auto port = util::free_loopback_port();
    Running gateway;
    auto pid = util::spawn(
        {{"prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + std::to_string(port),
          "--persistence.file="},
         dir.path() / "pushgateway.log"});
    BOOST_REQUIRE_MESSAGE(pid.has_value(), (pid ? "" : pid.error().message()));
    gateway.pid = *pid;
    BOOST_REQUIRE(wait_until([&] { return status_of(http_get(port, "/-/ready")) == 200; }, 10s));

    auto publisher = std::make_shared<series::Publisher>();
    publisher->begin(s, s.phases, 1, std::chrono::steady_clock::now());
    auto pusher = series::Pusher::create("http://127.0.0.1:" + std::to_string(port), publisher, 1s);
    BOOST_REQUIRE_MESSAGE(pusher.has_value(), (pusher ? "" : pusher.error().message()));
    auto pushed = (*pusher)->push();
    BOOST_REQUIRE_MESSAGE(pushed.has_value(), (pushed ? "" : pushed.error().message()));
    const auto metrics = body_of(http_get(port, "/metrics"));
    BOOST_TEST(
        metrics.find(
            R"(obsctl_test_queue_depth{instance="worker-1",job="queue",queue="orders"} 0)") !=
            std::string::npos,
        metrics);
    BOOST_TEST(metrics.find(R"(obsctl_test_cert_expiry_seconds{instance="web",job="certs"} 42)") !=
                   std::string::npos,
               metrics);
    BOOST_TEST(metrics.find(R"(push_time_seconds{instance="web",job="certs"})") !=
               std::string::npos);

    BOOST_TEST(metrics.find("obsctl_test_gone{") != std::string::npos);

    // The background pushes keep the groups current: the queue moves, and `1x2 stale` leaves
    // its group (each push replaces the whole group, so a series gone is gone there too).
    (*pusher)->start_pushing();
    BOOST_TEST(wait_until(
        [&] {
            const auto now = body_of(http_get(port, "/metrics"));
            return now.find(R"(queue="orders"} 0)") == std::string::npos &&
                   now.find("obsctl_test_gone{") == std::string::npos;
        },
        10s));
    BOOST_TEST(body_of(http_get(port, "/metrics")).find("obsctl_test_queue_depth{") !=
               std::string::npos);
    auto finished = (*pusher)->finish();
    BOOST_TEST(finished.has_value(), (finished ? "" : finished.error().message()));
    // The Pushgateway answers a DELETE 202 and applies it a moment later.
    std::string after;
    BOOST_TEST(wait_until(
                   [&] {
                       after = body_of(http_get(port, "/metrics"));
                       return after.find("obsctl_test_") == std::string::npos &&
                              after.find("push_time_seconds{") == std::string::npos;
                   },
                   5s),
               after);
    BOOST_TEST(after.find(R"(method="put")") != std::string::npos);  // PUT: replace the group
}
