#include "stack/selftest.hpp"

#include "util/poll.hpp"

#include <sstream>
#include <thread>

#include "promapi/alertmanager_client.hpp"
#include "promapi/prometheus_client.hpp"
#include "util/duration.hpp"

namespace stack {
namespace {

using Clock = std::chrono::steady_clock;
using util::human_duration;
using util::Millis;

constexpr const char* k_alert = "ApplicationDown";

Millis since(Clock::time_point start) {
    return std::chrono::duration_cast<Millis>(Clock::now() - start);
}

/// Polls `probe` every 200 ms until it returns true or `deadline` passes.
bool poll_until(Clock::time_point deadline, const std::function<bool()>& probe) {
    return util::poll_until(deadline, std::chrono::milliseconds(200), nullptr, probe) || probe();
}

double prometheus_total(promapi::PrometheusClient& prometheus) {
    auto samples = prometheus.query("sum(http_requests_total{job=\"demoapp\"})");
    return samples && !samples->empty() ? samples->front().value : -1;
}

double app_total(promapi::HttpClient& http, const std::string& app_url) {
    auto response = http.get(app_url + "/metrics");
    if (!response)
        return -1;
    double total = 0;
    std::istringstream lines(response->body);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("http_requests_total{"))
            total += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return total;
}

SelftestCheck check_counting(promapi::HttpClient& http, promapi::PrometheusClient& prometheus,
                             const std::string& app_url, const Progress& progress) {
    SelftestCheck check{"traffic counted exactly"};
    const double before = app_total(http, app_url);
    poll_until(Clock::now() + std::chrono::seconds(10),
               [&] { return prometheus_total(prometheus) == before; });
    int sent = 0;
    for (int id = 1; id <= 100; ++id)
        sent += http.get(app_url + "/api/users/" + std::to_string(id)) ? 1 : 0;
    for (int i = 1; i <= 20; ++i) {
        const std::string order = R"({"user_id": )" + std::to_string(i) +
                                  R"(, "items": [{"sku": "SELFTEST", "qty": 1, "price": 5}]})";
        sent += http.post(app_url + "/api/orders", order, "application/json") ? 1 : 0;
    }
    const auto sent_at = Clock::now();
    check.passed = poll_until(sent_at + std::chrono::seconds(10),
                              [&] { return prometheus_total(prometheus) == before + sent; });
    const double counted = prometheus_total(prometheus) - before;
    check.detail = std::to_string(sent) + " requests sent, Prometheus counted " +
                   std::to_string(static_cast<long long>(counted)) + " after " +
                   human_duration(since(sent_at));
    progress("traffic: " + check.detail);
    return check;
}

}  // namespace

bool SelftestReport::passed() const {
    for (const auto& c : checks) {
        if (!c.passed)
            return false;
    }
    return !checks.empty();
}

SelftestReport run_selftest(LocalStack& stack, const Progress& progress) {
    SelftestReport report;
    const auto owner = promapi::make_http_client(net::Endpoint{.timeout = std::chrono::seconds(3)});
    promapi::HttpClient& http = *owner;
    promapi::PrometheusClient prometheus(http, stack.state().prometheus_url());
    promapi::AlertmanagerClient alertmanager(http, stack.state().alertmanager_url());
    report.checks.push_back(check_counting(http, prometheus, stack.state().app_url(), progress));

    // The deadline comes from the rule Prometheus actually loaded, not from a constant.
    SelftestCheck fire{std::string(k_alert) + " fires and reaches Alertmanager"};
    Millis deadline{0};
    if (auto rules = prometheus.alert_rules()) {
        for (const auto& rule : *rules) {
            if (rule.name == k_alert) {
                deadline =
                    rule.for_duration + 2 * rule.group_interval + Millis{1000} + Millis{5000};
                fire.detail = "deadline " + human_duration(deadline) + " = for " +
                              human_duration(rule.for_duration) + " + 2 x " +
                              human_duration(rule.group_interval) +
                              " evaluation + 1s scrape + 5s slack";
            }
        }
    }
    if (deadline.count() == 0) {
        fire.detail = "no alerting rule named " + std::string(k_alert) + " is loaded";
        report.checks.push_back(fire);
        return report;
    }

    stack.stop(Component::demoapp);
    const auto stopped = Clock::now();
    progress("demoapp stopped; waiting for " + std::string(k_alert) + " (" + fire.detail + ")");
    bool pending_seen = false;
    std::optional<Millis> firing_at, am_at;
    std::string receivers;
    poll_until(stopped + deadline + std::chrono::seconds(5), [&] {
        if (!firing_at) {
            if (auto alerts = prometheus.alerts()) {
                for (const auto& a : *alerts) {
                    if (a.name() != k_alert)
                        continue;
                    if (a.state == "pending" && !pending_seen) {
                        pending_seen = true;
                        progress(std::string(k_alert) + " pending +" +
                                 human_duration(since(stopped)));
                    }
                    if (a.state == "firing") {
                        firing_at = since(stopped);
                        progress(std::string(k_alert) + " firing +" + human_duration(*firing_at));
                    }
                }
            }
        }
        if (firing_at && !am_at) {
            if (auto alerts = alertmanager.alerts()) {
                for (const auto& a : *alerts) {
                    if (a.name() != k_alert || a.state != "active")
                        continue;
                    am_at = since(stopped);
                    for (const auto& r : a.receivers)
                        receivers += (receivers.empty() ? "" : ",") + r;
                    progress(std::string(k_alert) + " active in Alertmanager +" +
                             human_duration(*am_at) + ", receiver " + receivers);
                }
            }
        }
        return am_at.has_value();
    });
    fire.passed = firing_at && am_at && *firing_at <= deadline && !receivers.empty();
    fire.detail = (firing_at ? "firing +" + human_duration(*firing_at) : "never fired") +
                  (am_at ? ", Alertmanager +" + human_duration(*am_at) + " (" + receivers + ")"
                         : ", not in Alertmanager") +
                  "; " + fire.detail;
    report.checks.push_back(fire);

    SelftestCheck resolve{std::string(k_alert) + " resolves"};
    if (auto started = stack.start(Component::demoapp); !started) {
        resolve.detail = "demoapp did not restart: " + started.error().message();
        report.checks.push_back(resolve);
        return report;
    }
    const auto restarted = Clock::now();
    progress("demoapp restarted");
    std::optional<Millis> gone_prometheus, gone_am;
    poll_until(restarted + std::chrono::seconds(15), [&] {
        auto p = prometheus.alerts();
        auto a = alertmanager.alerts();
        const auto named = [](const auto& list) {
            for (const auto& x : list) {
                if (x.name() == k_alert)
                    return true;
            }
            return false;
        };
        if (!gone_prometheus && p && !named(*p))
            gone_prometheus = since(restarted);
        if (!gone_am && a && !named(*a))
            gone_am = since(restarted);
        return gone_prometheus && gone_am;
    });
    resolve.passed = gone_prometheus && gone_am;
    resolve.detail =
        "after restart: " +
        (gone_prometheus ? "gone from Prometheus +" + human_duration(*gone_prometheus)
                         : "still in Prometheus") +
        ", " +
        (gone_am ? "from Alertmanager +" + human_duration(*gone_am) : "still in Alertmanager") +
        " (deadline 15s)";
    progress(std::string(k_alert) + " resolved: " + resolve.detail);
    report.checks.push_back(resolve);
    return report;
}

}  // namespace stack
