#include "verify/preflight.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include "util/poll.hpp"
#include "verify/diagnosis.hpp"
#include "verify/preflight_checks.hpp"

#include "promql/windows.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace verify {
namespace {

/// A failure judged on one of several rules of the same name: said, as a warning.
Check doubt_only(Check c) {
    if (!c.failed())
        return c;
    c.outcome = Outcome::passed;
    c.warning = true;
    c.scenario_error = false;
    c.detail += " (judged on the first of several loaded rules of this name)";
    return c;
}

}  // namespace

std::string host_port(const std::string& url) {
    std::string rest = url;
    std::string port = "80";
    if (auto scheme = rest.find("://"); scheme != std::string::npos) {
        if (rest.substr(0, scheme) == "https")
            port = "443";
        rest = rest.substr(scheme + 3);
    }
    rest = rest.substr(0, rest.find('/'));
    // "[::1]:5002" keeps its brackets; otherwise the last ':' separates the port.
    const std::size_t after_host = rest.starts_with("[") ? rest.find(']') + 1 : 0;
    std::string host = rest;
    if (auto colon = rest.find(':', after_host); colon != std::string::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (host == "localhost")
        host = "127.0.0.1";
    return host + ":" + port;
}

bool PreflightResult::passed() const {
    return std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed(); });
}

PreflightResult preflight(promapi::PrometheusClient& prometheus, promapi::PrometheusClient& ruler,
                          promapi::AlertmanagerClient& alertmanager, const scenario::Scenario& s,
                          const std::string& target, Millis settle,
                          const std::function<void(const Check&)>& report,
                          const std::atomic<bool>* stop, const std::vector<std::string>& app_jobs,
                          double time_scale, Millis slack) {
    PreflightResult result;
    auto add_check = [&](Check c) {
        report(c);
        result.checks.push_back(std::move(c));
    };
    auto add = [&](std::string name, bool passed, std::string detail, bool warning = false) {
        Check c = judged(std::move(name), passed, std::move(detail));
        c.warning = warning;
        add_check(std::move(c));
    };
    if (auto ready = prometheus.ready(); !ready) {
        add("prometheus ready", false, ready.error().message());
        return result;
    }
    add("prometheus ready", true, prometheus.url());
    // Prometheus adds them to the alerts it sends: Alertmanager routes on them.
    // Only when Prometheus is its own ruler: another ruler (vmalert, Thanos Ruler) adds its own.
    if (ruler.url() != prometheus.url()) {
        add("external labels", true,
            "not known: the ruler " + ruler.url() +
                " adds its own to the alerts it sends (expected labels are matched as it shows "
                "them)",
            true);
    } else if (auto labelling = prometheus.alert_labelling(); !labelling) {
        add("external labels", true, "not read: " + labelling.error().message(), true);
    } else {
        std::vector<std::string> shown;
        for (const auto& [name, value] : labelling->external)
            shown.push_back(name + "=\"" + value + "\"");
        if (!shown.empty())
            add("external labels", true, util::join(shown, ", "));
        if (labelling->relabels()) {
            const auto trial = promapi::relabel({{"alertname", "x"}}, labelling->relabel);
            if (trial.fate == promapi::Relabelled::Fate::unknown)
                add("alert relabelling", true,
                    "obsctl cannot follow alert_relabel_configs: " + trial.unknown +
                        "; expected labels are matched before it",
                    true);
            else
                add("alert relabelling", true,
                    std::to_string(labelling->relabel.size()) +
                        " alert_relabel_configs, applied to the labels Alertmanager gets");
        }
        result.labelling = std::move(*labelling);
    }

    // The app's scrape target, by the job the scenario names or by host:port.
    const std::string want = host_port(target);
    auto targets = prometheus.targets();
    if (!targets) {
        // Mimir and Cortex have no targets API: the interval stays assumed, the rest is checked.
        add("app scrape target", true,
            "not checked: " + targets.error().message() + " (deadlines assume a scrape every " +
                util::human_duration(result.scrape_interval) + ")",
            true);
    } else {
        // By the job the scenario names, else by the target's host:port, else the stack's app
        // jobs (a local stack scraping the user's app on its metrics port).
        std::vector<const promapi::ScrapeTarget*> found;
        auto match = [&](auto&& pred) {
            for (const auto& t : *targets) {
                if (pred(t))
                    found.push_back(&t);
            }
        };
        if (!s.expect.job.empty()) {
            match([&](const auto& t) { return t.job == s.expect.job; });
        } else {
            match([&](const auto& t) { return host_port("http://" + t.instance) == want; });
            if (found.empty()) {
                match([&](const auto& t) {
                    return std::find(app_jobs.begin(), app_jobs.end(), t.job) != app_jobs.end();
                });
            }
        }
        if (found.empty() && !s.expect.job.empty()) {
            // The scenario names it: without it the alerts can only fail, a minute later.
            add("app scrape target", false, job_not_scraped(s.expect.job, *targets));
        } else if (found.empty()) {
            // Not knowing which target is the app, the deadlines follow the interval most
            // targets have (the median: one slow exporter does not stretch every deadline).
            std::vector<Millis> intervals;
            for (const auto& t : *targets) {
                if (t.scrape_interval.count() > 0)
                    intervals.push_back(t.scrape_interval);
            }
            std::sort(intervals.begin(), intervals.end());
            if (!intervals.empty())
                result.scrape_interval = intervals[intervals.size() / 2];
            add("app scrape target", true,
                "no active target matches " + want +
                    " (set expect.job to name it); deadlines assume a scrape every " +
                    util::human_duration(result.scrape_interval) +
                    (intervals.empty() ? "" : ", the targets' median"),
                true);
        } else {
            bool up = true, known = true;
            Millis slowest{0};  // deadlines follow the slowest-scraped target
            std::vector<std::string> seen;
            for (const auto* t : found) {
                up = up && t->health == "up";
                known = known && t->scrape_interval.count() > 0;
                slowest = std::max(slowest, t->scrape_interval);
                seen.push_back("job " + t->job + " at " + t->instance + " is " + t->health +
                               (t->last_error.empty() ? "" : ": " + t->last_error));
            }
            if (known)
                result.scrape_interval = slowest;
            add("app scrape target", up,
                util::join(seen, "; ") +
                    (known ? ", scraped every " + util::human_duration(result.scrape_interval)
                           : ", scrape interval not reported (deadlines assume " +
                                 util::human_duration(result.scrape_interval) + ")"));
        }
    }

    auto rules = ruler.alert_rules();
    if (!rules) {
        add("alert rules", false, rules.error().message());
        return result;
    }
    // An alert over a recording rule waits for that rule's window too; a ruler that does not
    // list recording rules leaves the deadlines at the alert's own windows.
    if (auto recording = ruler.recording_rules())
        result.recording = std::move(*recording);
    result.loaded_rules = *rules;
    // Rules may share a name (community rules: one per severity, each with its own `for`): the
    // one whose fixed labels agree with the expectation's; when that leaves several, what the
    // preflight says of one of them is a doubt, never the scenario's mistake.
    std::set<std::string> ambiguous;
    // The rule's fixed labels as Alertmanager gets them (after the alert relabelling), which
    // is what an expectation names.
    auto agrees = [&](const promapi::AlertRule& r, const scenario::FireExpectation& e) {
        promapi::Labels fixed;
        for (const auto& [name, value] : r.labels)
            if (value.find("{{") == std::string::npos)
                fixed[name] = value;
        fixed["alertname"] = r.name;
        fixed = result.labelling.relabelled(std::move(fixed));
        for (const auto& [name, value] : e.labels) {
            const auto it = fixed.find(name);
            if (it != fixed.end() && r.labels.count(name) && it->second != value)
                return false;
        }
        return true;
    };
    for (const auto& expected : s.expect.fire) {
        std::vector<const promapi::AlertRule*> named, agreeing;
        for (const auto& r : *rules) {
            if (r.name == expected.alert) {
                named.push_back(&r);
                if (agrees(r, expected))
                    agreeing.push_back(&r);
            }
        }
        const auto& candidates = agreeing.empty() ? named : agreeing;
        if (candidates.size() > 1)
            ambiguous.insert(expected.alert);
        const auto it = candidates.empty() ? rules->end()
                                           : rules->begin() + (candidates.front() - rules->data());
        if (it == rules->end()) {
            add("rule " + expected.alert, false,
                rule_not_loaded(expected.alert, *rules, ruler.url()));
        } else if (it->health != "ok" && it->health != "unknown") {
            add("rule " + expected.alert, false, "health " + it->health + ": " + it->last_error);
        } else {
            result.rules[expected.alert] = *it;
            add("rule " + expected.alert, true,
                "loaded, for " + util::human_duration(it->for_duration) + ", evaluated every " +
                    util::human_duration(it->group_interval));
            if (auto c = deadline_check(expected, *it, time_scale, slack))
                add_check(ambiguous.contains(expected.alert) ? doubt_only(std::move(*c)) : *c);
            // Seconds given as plain numbers are not durations: no time scale reaches them.
            if (const auto plain = promql::functions_with_seconds(it->query);
                time_scale != 1.0 && !plain.empty())
                add("time scale " + expected.alert, true,
                    util::join(plain, ", ") + " in its expression " +
                        (plain.size() == 1 ? "counts" : "count") +
                        " plain seconds, which --time-scale does not scale: its numbers keep "
                        "their real-time meaning",
                    true);
            // A misspelt metric or label makes an alert that can never fire: said before the
            // load starts (a warning: series may appear with traffic).
            const double now =
                std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
            std::set<std::string> served;  // the scenario's synthetic series: they come with it
            for (auto& problem : selector_problems(prometheus, it->query, result.recording,
                                                   {now - 600, now}, true)) {
                const auto metric = problem.substr(0, problem.find(' '));
                const bool ours = std::any_of(s.series.begin(), s.series.end(),
                                              [&](const auto& x) { return x.metric == metric; });
                if (ours && problem.ends_with("has no series yet (a typo, or one that appears "
                                              "with traffic?)")) {
                    served.insert(metric);
                    continue;
                }
                add("selectors " + expected.alert, true, std::move(problem), true);
            }
            if (!served.empty())
                add("series " + expected.alert, true,
                    util::join(std::vector<std::string>(served.begin(), served.end()), ", ") +
                        ": served by the scenario (series:) from the traffic's start");
        }
    }
    if (!result.passed())
        return result;

    // Before the wait for alerts to clear: a receiver no route reaches is the scenario's
    // mistake, said at once.
    if (auto ready = alertmanager.ready(); !ready) {
        add("alertmanager ready", false, ready.error().message());
        return result;
    }
    add("alertmanager ready", true, alertmanager.url());
    // Delivery deadlines follow the routes' timing; unreadable, Alertmanager's defaults.
    if (auto timing = alertmanager.route_timing()) {
        result.routes = *timing;
    } else {
        result.routes.tree_error = "Alertmanager's configuration: " + timing.error().message();
        add("alertmanager routes", true,
            "timing unknown, delivery deadlines assume Alertmanager's defaults: " +
                timing.error().message(),
            true);
    }
    for (const auto& expected : s.expect.fire) {
        if (!expected.receiver.empty())
            add_check(ambiguous.contains(expected.alert)
                          ? doubt_only(route_check(expected, result.rules.at(expected.alert),
                                                   result.labelling, result.routes))
                          : route_check(expected, result.rules.at(expected.alert), result.labelling,
                                        result.routes));
    }
    if (!result.passed())
        return result;

    // None of the expected alerts may be active already: wait for a previous run's to clear.
    std::vector<std::string> active;
    util::poll_until(std::chrono::steady_clock::now() + settle, std::chrono::seconds(1), stop, [&] {
        active.clear();
        auto alerts = ruler.alerts();
        if (!alerts) {
            active.push_back("unknown (" + alerts.error().message() + ")");
            return false;
        }
        result.firing_before = *alerts;
        for (const auto& a : *alerts) {
            for (const auto& expected : s.expect.fire) {
                if (a.name() == expected.alert)
                    active.push_back(a.name() + " (" + a.state + ")");
            }
        }
        return active.empty();
    });
    if (stop != nullptr && *stop) {
        add("expected alerts inactive", false, "interrupted");
        return result;
    }
    if (active.empty()) {
        add("expected alerts inactive", true, "none pending or firing");
    } else {
        add("expected alerts inactive", false,
            util::join(active, ", ") + " still active after " + util::human_duration(settle) +
                " (--settle)");
    }

    return result;
}

}  // namespace verify
