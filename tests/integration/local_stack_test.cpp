// The local stack for real: demoapp, prometheus and prometheus-alertmanager started by
// stack::LocalStack on free loopback ports at time scale 0.1. What a user of the stack sees:
// Prometheus counts exactly the requests sent, every dashboard query has data, and
// ApplicationDown fires, reaches Alertmanager's oncall route and resolves.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "support/local_stack_fixture.hpp"
#include "support/test_support.hpp"
#include "util/duration.hpp"
#include "util/process.hpp"

using namespace test_support;
using Clock = std::chrono::steady_clock;

namespace {

struct Stack {
    TempDir dir;
    std::unique_ptr<stack::LocalStack> local;
    promapi::CurlHttpClient http{net::Endpoint{.timeout = std::chrono::seconds(5)}};
    std::unique_ptr<promapi::PrometheusClient> prometheus;
    std::unique_ptr<promapi::AlertmanagerClient> alertmanager;

    Stack() {
        local = start_test_stack(
            dir.path(), {"--db-max", "5ms", "--error-rate", "0.5"},
            [](const std::string& line) { BOOST_TEST_MESSAGE("stack: " << line); });
        prometheus =
            std::make_unique<promapi::PrometheusClient>(http, local->state().prometheus_url());
        alertmanager =
            std::make_unique<promapi::AlertmanagerClient>(http, local->state().alertmanager_url());
    }
};

Stack* g_stack = nullptr;

struct StackFixture {
    StackFixture() { g_stack = new Stack(); }
    ~StackFixture() {
        delete g_stack;  // stops every process it started
        g_stack = nullptr;
    }
};
BOOST_TEST_GLOBAL_FIXTURE(StackFixture);

std::string app_url() {
    return g_stack->local->state().app_url();
}

/// sum(http_requests_total) as Prometheus last scraped it; -1 if no answer.
double prometheus_request_total() {
    auto samples = g_stack->prometheus->query("sum(http_requests_total{job=\"demoapp\"})");
    if (!samples || samples->empty())
        return -1;
    return samples->front().value;
}

/// When Prometheus last scraped the app (Unix seconds), -1 if unknown.
double last_scrape() {
    auto samples = g_stack->prometheus->query("timestamp(up{job=\"demoapp\"})");
    if (!samples || samples->empty())
        return -1;
    return samples->front().value;
}

/// sum(http_requests_total) read straight from the app's /metrics.
double app_request_total() {
    auto response = g_stack->http.get(app_url() + "/metrics");
    BOOST_REQUIRE(response.has_value());
    double total = 0;
    std::istringstream lines(response->body);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("http_requests_total{"))
            total += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return total;
}

/// A mix touching every endpoint and metric the dashboard shows. Returns how many were sent.
int send_mixed_traffic() {
    auto& http = g_stack->http;
    int sent = 0;
    auto get = [&](const std::string& path) {
        BOOST_REQUIRE(http.get(app_url() + path).has_value());
        ++sent;
    };
    for (int id = 1; id <= 60; ++id)
        get("/api/users/" + std::to_string(id));
    for (int i = 0; i < 20; ++i)
        get("/api/users");
    for (int i = 0; i < 30; ++i)
        get("/api/error");
    for (int i = 0; i < 15; ++i)
        get("/api/metrics-demo");
    for (int i = 0; i < 10; ++i)
        get("/no/such/page");
    for (int i = 0; i < 10; ++i)
        get("/health");
    for (int i = 0; i < 40; ++i) {
        const std::string order = R"({"user_id": )" + std::to_string(i + 1) +
                                  R"(, "items": [{"sku": "S)" + std::to_string(i) +
                                  R"(", "qty": 2, "price": 12.5}]})";
        BOOST_REQUIRE(http.post(app_url() + "/api/orders", order, "application/json").has_value());
        ++sent;
    }
    BOOST_REQUIRE(
        http.post(app_url() + "/api/orders", "{not json", "application/json").has_value());
    return sent + 1;
}

struct DashboardQuery {
    std::string panel;
    std::string expr;
};

/// Every Prometheus query of the shipped Grafana dashboards, with Grafana's interval
/// variables replaced by what they become at a 1 s scrape interval.
std::vector<DashboardQuery> dashboard_queries() {
    std::vector<DashboardQuery> out;
    const auto dir = std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack" / "grafana" / "dashboards";
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(file.path());
        auto dashboard = nlohmann::json::parse(in);
        for (const auto& panel : dashboard["panels"]) {
            if (panel.value("datasource", nlohmann::json::object()).value("type", "") !=
                "prometheus")
                continue;
            for (const auto& target : panel["targets"]) {
                std::string expr = target["expr"];
                for (std::size_t at; (at = expr.find("$__rate_interval")) != std::string::npos;) {
                    expr.replace(at, 16, "15s");
                }
                out.push_back({panel["title"], expr});
            }
        }
    }
    return out;
}

bool has_data(const std::string& expr) {
    auto samples = g_stack->prometheus->query(expr);
    return samples && !samples->empty();
}

template <typename Alert>
const Alert* find_alert(const std::vector<Alert>& alerts, const std::string& name) {
    for (const auto& a : alerts) {
        if (a.name() == name)
            return &a;
    }
    return nullptr;
}

std::set<std::string> g_queries_without_data;

struct Outcome {
    int exit_code = -1;
    std::string output;
};

/// obsctl as a user runs it, output captured.
Outcome obsctl(std::vector<std::string> args) {
    args.insert(args.begin(), OBSCTL_BINARY);
    auto out = util::run_command(args, g_stack->dir.path() / "obsctl.out");
    BOOST_REQUIRE(out.has_value());
    return {out->exit_status, out->output};
}

}  // namespace

BOOST_AUTO_TEST_CASE(prometheus_counts_exactly_the_requests_sent) {
    // Baseline: Prometheus has scraped everything the app counted so far.
    const double before = app_request_total();
    BOOST_REQUIRE(wait_until([&] { return prometheus_request_total() == before; }, 10s));

    const int sent = send_mixed_traffic();
    const bool seen = wait_until([&] { return prometheus_request_total() == before + sent; }, 10s);
    BOOST_TEST(seen, "Prometheus saw " << prometheus_request_total() - before << " of " << sent);
    // Two more scrapes later the count has not crept up: nothing is counted twice, and scrapes
    // of /metrics are not counted as traffic.
    const double scraped = last_scrape();
    BOOST_REQUIRE(wait_until([&] { return last_scrape() >= scraped + 2; }, 10s));
    BOOST_TEST(prometheus_request_total() == before + sent);
}

BOOST_AUTO_TEST_CASE(the_captured_responses_are_what_the_live_processes_answer) {
    // promapi's unit tests read captures (tests/data/promapi); they must still be the truth.
    const auto& st = g_stack->local->state();
    for (const auto& e : captured_errors()) {
        const auto base = e.api == "alertmanager" ? st.alertmanager_url() : st.prometheus_url();
        auto live = g_stack->http.get(base + e.path);
        BOOST_REQUIRE_MESSAGE(live.has_value(), e.file);
        BOOST_TEST(live->status == e.status, e.file);
        BOOST_TEST(live->body == e.body, e.file);
    }
    auto jobs = [](const util::Result<std::vector<promapi::ScrapeTarget>>& targets) {
        std::set<std::string> out;
        for (const auto& t : targets.value())
            out.insert(t.job);
        return out;
    };
    const auto captured_jobs =
        jobs(promapi::parse_targets_response({200, captured("targets.json")}, "capture"));
    BOOST_TEST(jobs(g_stack->prometheus->targets()) == captured_jobs);
    auto rules = g_stack->prometheus->alert_rules();
    BOOST_REQUIRE(rules.has_value());
    auto captured_rules = promapi::parse_rules_response({200, captured("rules.json")}, "capture");
    BOOST_TEST(rules->size() == captured_rules.value().size());
    const auto timing = g_stack->alertmanager->route_timing().value();
    const auto captured_timing =
        promapi::parse_route_timing({200, captured("am_status.json")}, "capture").value();
    BOOST_TEST(timing.group_wait.count() == captured_timing.group_wait.count());
    BOOST_TEST(timing.group_interval.count() == captured_timing.group_interval.count());
}

BOOST_AUTO_TEST_CASE(every_dashboard_query_returns_data_after_traffic) {
    const auto queries = dashboard_queries();
    BOOST_REQUIRE(queries.size() >= 10u);
    // The obsctl panels show obsctl's own metrics: a run serves them where the stack scrapes.
    const auto& st = g_stack->local->state();
    const auto scenario = g_stack->dir.path() / "client.yaml";
    std::ofstream(scenario) << "name: client\nrequests: [{name: health, path: /health}]\n"
                               "phases: [{name: steady, duration: 30s, rate: 20}]\n";
    auto sender = util::spawn(
        {{OBSCTL_BINARY, "run", scenario.string(), "--no-verify", "-q", "--target", st.app_url(),
          "--metrics-listen", "127.0.0.1:" + std::to_string(st.ports.obsctl)},
         g_stack->dir.path() / "sender.log"});
    BOOST_REQUIRE(sender.has_value());
    BOOST_TEST(
        wait_until([] { return has_data("rate(obsctl_requests_total{job=\"obsctl\"}[15s])"); },
                   15s),
        "Prometheus never scraped obsctl's metrics");
    for (const auto& q : queries) {
        if (!has_data(q.expr))
            g_queries_without_data.insert(q.expr);
    }
    util::terminate(*sender, 5s);
    // Only the alert table may be empty now: nothing fires yet. It is checked below while
    // ApplicationDown fires.
    for (const auto& expr : g_queries_without_data) {
        BOOST_TEST(expr.find("ALERTS") != std::string::npos, "no data for: " << expr);
    }
}

BOOST_AUTO_TEST_CASE(application_down_fires_reaches_oncall_and_resolves) {
    auto& s = *g_stack;
    // Scaled rule: `for: 1m` x 0.1 = 6 s.
    s.local->stop(stack::Component::demoapp);
    const auto stopped = Clock::now();
    auto since = [&] { return std::chrono::duration_cast<util::Millis>(Clock::now() - stopped); };

    std::optional<util::Millis> pending, firing;
    BOOST_REQUIRE(wait_until(
        [&] {
            auto alerts = s.prometheus->alerts();
            if (!alerts)
                return false;
            const auto* a = find_alert(*alerts, "ApplicationDown");
            if (a && a->state == "pending" && !pending)
                pending = since();
            if (a && a->state == "firing")
                firing = since();
            return firing.has_value();
        },
        30s, 200ms));
    BOOST_TEST_MESSAGE("ApplicationDown pending +"
                       << util::human_duration(pending.value_or(util::Millis{})) << " firing +"
                       << util::human_duration(*firing));
    BOOST_TEST(firing->count() >= 6000, "fired before its scaled for: 6s");
    BOOST_TEST(firing->count() <= 6000 + 2000 + 5000, "fired late: " << firing->count() << "ms");

    std::vector<std::string> receivers;
    BOOST_TEST(wait_until(
        [&] {
            auto alerts = s.alertmanager->alerts();
            const auto* a = alerts ? find_alert(*alerts, "ApplicationDown") : nullptr;
            if (a)
                receivers = a->receivers;
            return a != nullptr && a->state == "active";
        },
        5s, 100ms));
    BOOST_TEST(receivers == std::vector<std::string>{"oncall"});

    for (const auto& expr : g_queries_without_data) {
        BOOST_TEST(has_data(expr), "no data while an alert fires: " << expr);
    }
    // What a presenter sees meanwhile: `obsctl alerts` lists it, `obsctl status` fails on the app.
    const auto& st = s.local->state();
    const auto listed = obsctl(
        {"alerts", "--prometheus", st.prometheus_url(), "--alertmanager", st.alertmanager_url()});
    BOOST_TEST(listed.output.find("ApplicationDown") != std::string::npos, listed.output);
    BOOST_TEST(listed.output.find("-> oncall") != std::string::npos, listed.output);
    const auto status = obsctl({"status", "--target", st.app_url(), "--prometheus",
                                st.prometheus_url(), "--alertmanager", st.alertmanager_url()});
    BOOST_TEST(status.exit_code == 3, status.output);
    BOOST_TEST(status.output.find("demoapp down") != std::string::npos, status.output);

    BOOST_REQUIRE(s.local->start(stack::Component::demoapp).has_value());
    const auto restarted = Clock::now();
    BOOST_TEST(wait_until(
                   [&] {
                       auto alerts = s.prometheus->alerts();
                       return alerts && find_alert(*alerts, "ApplicationDown") == nullptr;
                   },
                   20s, 200ms),
               "ApplicationDown still active in Prometheus");
    BOOST_TEST(wait_until(
                   [&] {
                       auto alerts = s.alertmanager->alerts();
                       return alerts && find_alert(*alerts, "ApplicationDown") == nullptr;
                   },
                   20s, 200ms),
               "ApplicationDown still active in Alertmanager");
    BOOST_TEST_MESSAGE(
        "ApplicationDown resolved "
        << util::human_duration(std::chrono::duration_cast<util::Millis>(Clock::now() - restarted))
        << " after demoapp restarted");
}
