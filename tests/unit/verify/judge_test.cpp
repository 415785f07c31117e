// The collector on fake sources and a fake clock, and the judge on what it recorded.
#include <boost/test/unit_test.hpp>

#include <deque>

#include "support/test_support.hpp"
#include "verify/collector.hpp"
#include "verify/judge.hpp"

using namespace verify;
using namespace std::chrono_literals;
using promapi::AlertmanagerAlert;
using promapi::PrometheusAlert;

namespace {

class FakeClock : public Clock {
  public:
    std::chrono::steady_clock::time_point now() const override { return t; }
    std::chrono::steady_clock::time_point t{std::chrono::seconds(1000)};
};

/// The stack as a script: each poll takes the next state; `down` makes a source refuse.
struct State {
    std::vector<PrometheusAlert> prometheus;
    std::vector<AlertmanagerAlert> alertmanager;
    bool ruler_down = false, alertmanager_down = false;
};

class FakeSources : public AlertSources {
  public:
    State state;
    std::vector<promapi::Delivery> pending;
    util::Result<std::vector<PrometheusAlert>> alerts() override {
        if (state.ruler_down)
            return util::fail(util::ExitCode::stack_unavailable, "Couldn't connect to server");
        return state.prometheus;
    }
    util::Result<std::vector<promapi::AlertRule>> rules() override {
        if (state.ruler_down)
            return util::fail(util::ExitCode::stack_unavailable, "Couldn't connect to server");
        return std::vector<promapi::AlertRule>{};
    }
    util::Result<std::vector<AlertmanagerAlert>> alertmanager_alerts() override {
        if (state.alertmanager_down)
            return util::fail(util::ExitCode::stack_unavailable, "timeout");
        return state.alertmanager;
    }
    std::vector<promapi::Delivery> deliveries() override { return std::exchange(pending, {}); }
};

PrometheusAlert prom(const std::string& name, const std::string& state) {
    return {{{"alertname", name}}, {}, state, ""};
}

AlertmanagerAlert am(const std::string& name, const std::string& receiver) {
    AlertmanagerAlert a;
    a.labels = {{"alertname", name}};
    a.state = "active";
    a.receivers = {receiver};
    return a;
}

/// One run: a collector polled once a second through the script, then judged.
struct Run {
    FakeClock clock;
    FakeSources sources;
    std::chrono::steady_clock::time_point start = clock.t;
    Collector collector;
    AlertExpectation expect{"HighErrorRate", "oncall", {20s, "rule"}, {15s, "rule"}};
    JudgeRules rules;

    /// `silent`: the receivers that have no integration.
    explicit Run(std::set<std::string> silent = {})
        : collector({{"HighErrorRate", {}}}, {"Watchdog"}, {}, start, clock, {},
                    std::move(silent)) {
        rules.traffic_end = 30s;
        rules.quiet_until = 40s;
        rules.deliver = {6s, "routes"};
        rules.deliver_resolved = {6s, "routes"};
    }
    /// Polls at each second in [from, to) with `state`.
    void at(int from, int to, const State& state) {
        for (int s = from; s < to; ++s) {
            clock.t = start + std::chrono::seconds(s);
            sources.state = state;
            collector.poll(sources);
        }
    }
    void deliver(int second, const std::string& status, const std::string& receiver = "oncall",
                 std::optional<double> ended = std::nullopt) {
        sources.pending.push_back({receiver,
                                   status,
                                   {{"alertname", "HighErrorRate"}},
                                   start + std::chrono::seconds(second),
                                   {}});
        if (ended)
            sources.pending.back().ended =
                start + std::chrono::milliseconds(static_cast<long long>(*ended * 1000));
    }
    /// `after: outage`, the outage from +10 s to +20 s: fire due by +30 s, resolve from +20 s.
    void after_outage() {
        expect.after = "outage";
        expect.fire_from = 10s;
        expect.fire.value = 30s;
        expect.resolve_from = 20s;
    }
    /// The scenario expects the run's silence to hold the alert back (no route to check).
    void expect_silenced() {
        rules.webhooks = true;
        expect.receiver.clear();
        expect.silenced = true;
    }
    std::vector<Check> judge() {
        return judge_alert(expect, collector.record().timelines[0], "", collector.record(), rules);
    }
    const Check& check(const std::vector<Check>& checks, const std::string& name) {
        for (const auto& c : checks)
            if (c.name.starts_with(name))
                return c;
        BOOST_FAIL("no check " + name);
        return checks.front();
    }
};

/// HighErrorRate as Alertmanager shows it while the run's silence holds it back.
AlertmanagerAlert silenced_in_alertmanager() {
    AlertmanagerAlert held = am("HighErrorRate", "oncall");
    held.state = "suppressed";
    held.silenced_by = {"5f1c-silence"};
    return held;
}

const State k_quiet{};
const State k_pending{{prom("HighErrorRate", "pending")}, {}};
const State k_firing{{prom("HighErrorRate", "firing")}, {am("HighErrorRate", "oncall")}};

}  // namespace

BOOST_AUTO_TEST_CASE(an_alert_that_fires_routes_and_resolves_in_time_passes_every_check) {
    Run r;
    r.rules.webhooks = true;
    r.at(0, 5, k_quiet);
    r.at(5, 10, k_pending);
    r.deliver(10, "firing");
    r.at(10, 32, k_firing);
    r.deliver(33, "resolved");
    r.at(32, 40, k_quiet);
    const auto checks = r.judge();
    BOOST_TEST(checks.size() == 5u);
    for (const auto& c : checks)
        BOOST_TEST(c.passed(), c.name << ": " << c.detail);
    BOOST_TEST(r.check(checks, "fire").detail.find("firing +10.0s") != std::string::npos,
               r.check(checks, "fire").detail);
    BOOST_TEST(judge_quiet(r.collector.record(), r.rules).passed());
}

BOOST_AUTO_TEST_CASE(an_alert_that_never_fires_fails_once_and_skips_the_rest) {
    Run r;
    r.rules.webhooks = true;
    r.at(0, 25, k_quiet);
    const auto checks = r.judge();
    BOOST_REQUIRE(checks.size() == 5u);
    BOOST_TEST(checks[0].failed());
    BOOST_TEST(checks[0].detail.find("never fired (fire <= 20.0s from rule)") == 0u,
               checks[0].detail);
    for (std::size_t i = 1; i < checks.size(); ++i) {
        BOOST_TEST(checks[i].skipped(), checks[i].name);
        BOOST_TEST(!checks[i].failed());
    }
}

BOOST_AUTO_TEST_CASE(an_outage_during_the_fire_window_makes_a_missing_alert_inconclusive) {
    Run r;
    r.at(0, 5, k_quiet);
    State down = k_quiet;
    down.ruler_down = true;
    r.at(5, 25, down);  // Prometheus killed at +5s, never back
    const auto checks = r.judge();
    const auto& fire = r.check(checks, "fire");
    BOOST_TEST(fire.inconclusive());
    BOOST_TEST(!fire.failed());
    BOOST_TEST(fire.detail.find("Prometheus unreachable from +5.0s to the end (last tried +24.0s) "
                                "(Couldn't connect to server)") != std::string::npos,
               fire.detail);
    const auto quiet = judge_quiet(r.collector.record(), r.rules);
    BOOST_TEST(quiet.inconclusive(), quiet.detail);
}

BOOST_AUTO_TEST_CASE(a_stack_that_comes_back_in_time_yields_normal_verdicts) {
    Run r;
    r.at(0, 5, k_pending);
    State down = k_pending;
    down.ruler_down = true;
    down.alertmanager_down = true;
    r.at(5, 10, down);  // stopped for 5 s
    r.at(10, 32, k_firing);
    r.at(32, 40, k_quiet);
    const auto checks = r.judge();
    for (const auto& c : checks) {
        // Without a webhook receiver, delivery is shown as not checked, never silently absent.
        if (c.name.starts_with("deliver"))
            BOOST_TEST((c.skipped() && c.detail.starts_with("not checked: no webhook receiver")),
                       c.name << ": " << c.detail);
        else
            BOOST_TEST((c.passed() && !c.inconclusive()), c.name << ": " << c.detail);
    }
    const auto& outages = r.collector.record().outages;
    BOOST_REQUIRE(outages.size() == 2u);
    BOOST_TEST(outages[0].blind_from.count() == 4000);
    BOOST_TEST(outages[0].blind_to.value().count() == 10000);
    // Quiet could have missed an alert in the gap until the gap is backfilled from history.
    BOOST_TEST(judge_quiet(r.collector.record(), r.rules).inconclusive());
    r.collector.backfill(r.collector.record().outages[0], {});
    BOOST_TEST(judge_quiet(r.collector.record(), r.rules).passed());
}

BOOST_AUTO_TEST_CASE(an_alert_seen_late_after_a_gap_is_inconclusive_not_failed) {
    Run r;
    r.at(0, 5, k_quiet);
    State down = k_quiet;
    down.ruler_down = true;
    r.at(5, 22, down);
    r.at(22, 40, k_firing);  // first seen at +22s, past the 20 s deadline: may have fired unseen
    const auto checks = r.judge();
    BOOST_TEST(r.check(checks, "fire").inconclusive());
}

BOOST_AUTO_TEST_CASE(a_late_alert_with_the_stack_watched_throughout_fails) {
    Run r;
    r.at(0, 21, k_quiet);
    r.at(21, 40, k_firing);  // first seen at +21s: deadline 20 s, every poll answered
    const auto checks = r.judge();
    const auto& fire = r.check(checks, "fire");
    BOOST_TEST(fire.failed());
    BOOST_TEST(fire.detail.find("firing +21.0s") == 0u, fire.detail);
}

BOOST_AUTO_TEST_CASE(a_deadline_on_the_edge_passes) {
    Run r;
    r.at(0, 20, k_quiet);
    r.at(20, 31, k_firing);  // first seen exactly at +20s, the deadline
    r.at(31, 60, k_quiet);   // resolved at +31s, traffic ended +30s: within 15 s
    const auto checks = r.judge();
    BOOST_TEST(r.check(checks, "fire").passed(), r.check(checks, "fire").detail);
    BOOST_TEST(r.check(checks, "resolve").passed(), r.check(checks, "resolve").detail);
}

BOOST_AUTO_TEST_CASE(notifications_sent_before_traffic_never_count) {
    Run r;
    r.rules.webhooks = true;
    r.sources.pending.push_back(
        {"oncall", "firing", {{"alertname", "HighErrorRate"}}, r.start - std::chrono::seconds(30)});
    r.at(0, 5, k_quiet);
    r.at(5, 30, k_firing);
    const auto checks = r.judge();
    const auto& deliver = r.check(checks, "deliver HighErrorRate");
    BOOST_TEST(deliver.failed());
    BOOST_TEST(deliver.detail.find("no firing notification reached obsctl") == 0u, deliver.detail);
    BOOST_TEST(r.check(checks, "route").failed());
}

BOOST_AUTO_TEST_CASE(routing_to_another_receiver_fails_naming_it) {
    Run r;
    r.at(0, 5, k_quiet);
    State elsewhere{{prom("HighErrorRate", "firing")}, {am("HighErrorRate", "team")}};
    r.at(5, 30, elsewhere);
    const auto checks = r.judge();
    const auto& route = r.check(checks, "route");
    BOOST_TEST(route.failed());
    BOOST_TEST(route.detail == "Alertmanager routed it to team");
}

BOOST_AUTO_TEST_CASE(quiet_fails_on_an_unexpected_alert_and_ignores_the_allowlist) {
    Run r;
    State noisy = k_quiet;
    noisy.prometheus = {prom("Watchdog", "firing"), prom("HighLatency", "firing")};
    r.at(0, 10, noisy);
    const auto quiet = judge_quiet(r.collector.record(), r.rules);
    BOOST_TEST(quiet.failed());
    BOOST_TEST(quiet.detail == "unexpected: HighLatency +0ms");
}

BOOST_AUTO_TEST_CASE(the_verifier_keeps_waiting_only_while_a_verdict_can_change) {
    Run r;
    r.at(0, 5, k_quiet);
    const auto& t = r.collector.record().timelines[0];
    BOOST_TEST(awaiting(r.expect, t, r.rules, 19s));
    BOOST_TEST(!awaiting(r.expect, t, r.rules, 20s));  // never fired by its deadline: done
    r.at(5, 30, k_firing);
    BOOST_TEST(awaiting(r.expect, r.collector.record().timelines[0], r.rules, 44s));
    BOOST_TEST(!awaiting(r.expect, r.collector.record().timelines[0], r.rules, 45s));
}

namespace {

AlertmanagerAlert inhibited(const std::string& name) {
    AlertmanagerAlert a = am(name, "oncall");
    a.state = "suppressed";
    a.inhibited_by = {"fingerprint-of-ApplicationDown"};
    return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_alert_suppressed_while_its_inhibitor_fires_passes_inhibited) {
    FakeClock clock;
    FakeSources sources;
    const auto start = clock.t;
    Collector c({{"HighErrorRate", {}}, {"ApplicationDown", {}}}, {}, {}, start, clock);
    auto poll = [&](int from, int to, State s) {
        for (int i = from; i < to; ++i) {
            clock.t = start + std::chrono::seconds(i);
            sources.state = s;
            c.poll(sources);
        }
    };
    const State errors{{prom("HighErrorRate", "firing")}, {am("HighErrorRate", "oncall")}};
    const State both{{prom("HighErrorRate", "firing"), prom("ApplicationDown", "firing")},
                     {inhibited("HighErrorRate"), am("ApplicationDown", "oncall")}};
    poll(0, 16, k_quiet);
    poll(16, 28, errors);
    poll(28, 40, both);
    JudgeRules rules;
    rules.resolve = false;
    rules.traffic_end = 40s;
    AlertExpectation e{"HighErrorRate", "", {50s, "rule"}, {38s, "rule"}, "ApplicationDown", 60s};
    const auto& r = c.record();
    auto checks = judge_alert(e, r.timelines[0], "", r, rules, &r.timelines[1]);
    BOOST_REQUIRE(checks.size() == 2u);
    BOOST_TEST(checks[1].name == "inhibited HighErrorRate by ApplicationDown");
    BOOST_TEST(checks[1].passed(), checks[1].detail);
    BOOST_TEST(checks[1].detail ==
               "suppressed in Alertmanager (inhibitedBy) +28.0s, ApplicationDown firing +28.0s");

    // Not suppressed while the inhibitor fires, and notified after it fired: fails, saying so.
    FakeClock clock2;
    Collector c2({{"HighErrorRate", {}}, {"ApplicationDown", {}}}, {}, {}, clock2.t, clock2);
    const auto start2 = clock2.t;
    const State not_inhibited{{prom("HighErrorRate", "firing"), prom("ApplicationDown", "firing")},
                              {am("HighErrorRate", "oncall"), am("ApplicationDown", "oncall")}};
    for (int i = 0; i < 40; ++i) {
        clock2.t = start2 + std::chrono::seconds(i);
        sources.state = i < 16 ? k_quiet : (i < 28 ? errors : not_inhibited);
        if (i == 30)
            sources.pending.push_back(
                {"oncall", "firing", {{"alertname", "HighErrorRate"}}, clock2.t});
        c2.poll(sources);
    }
    rules.webhooks = true;
    const auto& r2 = c2.record();
    checks = judge_alert(e, r2.timelines[0], "", r2, rules, &r2.timelines[1]);
    BOOST_TEST(checks[1].failed());
    BOOST_TEST(checks[1].detail ==
                   "never seen suppressed by an inhibit rule while ApplicationDown fired (+28.0s); "
                   "yet a firing notification arrived +30.0s while ApplicationDown fired",
               checks[1].detail);
}

BOOST_AUTO_TEST_CASE(a_notification_after_the_inhibitor_resolved_is_no_leak) {
    // HighErrorRate is held back while ApplicationDown fires (+28 s to +40 s); once that
    // resolves, Alertmanager notifies HighErrorRate as the rule says: the inhibition held.
    FakeClock clock;
    FakeSources sources;
    const auto start = clock.t;
    Collector c({{"HighErrorRate", {}}, {"ApplicationDown", {}}}, {}, {}, start, clock);
    const State errors{{prom("HighErrorRate", "firing")}, {am("HighErrorRate", "oncall")}};
    const State both{{prom("HighErrorRate", "firing"), prom("ApplicationDown", "firing")},
                     {inhibited("HighErrorRate"), am("ApplicationDown", "oncall")}};
    for (int i = 0; i < 70; ++i) {
        clock.t = start + std::chrono::seconds(i);
        sources.state = i < 16 ? k_quiet : (i < 28 || i >= 40 ? errors : both);
        if (i == 20 || i == 46)  // before ApplicationDown fired, and after it resolved
            sources.pending.push_back(
                {"oncall", "firing", {{"alertname", "HighErrorRate"}}, clock.t});
        if (i == 40)  // between the last poll that saw it held (+39 s) and the one that did not
            sources.pending.push_back(
                {"oncall", "firing", {{"alertname", "HighErrorRate"}}, start + 39700ms});
        c.poll(sources);
    }
    JudgeRules rules;
    rules.resolve = false;
    rules.webhooks = true;
    rules.traffic_end = 40s;
    AlertExpectation e{"HighErrorRate", "", {50s, "rule"}, {38s, "rule"}, "ApplicationDown", 60s};
    const auto& r = c.record();
    auto checks = judge_alert(e, r.timelines[0], "", r, rules, &r.timelines[1]);
    const auto& inhibited = checks[1];
    BOOST_TEST(inhibited.name == "inhibited HighErrorRate by ApplicationDown");
    BOOST_TEST(inhibited.passed(), inhibited.detail);
}

BOOST_AUTO_TEST_CASE(a_silenced_alert_passes_only_when_held_back_and_never_notified) {
    Run r;
    r.expect_silenced();
    const AlertmanagerAlert held = silenced_in_alertmanager();
    r.at(0, 10, k_quiet);
    r.at(10, 30, State{{prom("HighErrorRate", "firing")}, {held}});
    r.at(30, 45, k_quiet);
    auto checks = r.judge();
    const auto& silenced = r.check(checks, "silenced");
    BOOST_TEST(silenced.passed(), silenced.detail);
    BOOST_TEST(silenced.detail == "suppressed in Alertmanager (silencedBy) +10.0s");
    for (const auto& c : checks)
        BOOST_TEST(!c.name.starts_with("deliver"), c.name << ": delivery is not expected");

    Run leaked;
    leaked.rules.webhooks = true;
    leaked.expect.silenced = true;
    leaked.at(0, 10, k_quiet);
    leaked.deliver(11, "firing");
    leaked.at(10, 30, k_firing);  // the silence did not match: active, and notified
    checks = leaked.judge();
    const auto& failed = leaked.check(checks, "silenced");
    BOOST_TEST(failed.failed());
    BOOST_TEST(failed.detail ==
                   "never seen silenced in Alertmanager after firing +10.0s; yet a "
                   "firing notification arrived +11.0s",
               failed.detail);
}

BOOST_AUTO_TEST_CASE(an_interrupt_keeps_what_was_decided_and_judges_nothing_else) {
    // Fired at +10 s (fire passes), traffic ended at +30 s, Ctrl-C at +33 s: the resolve
    // deadline (+45 s) and the resolved notification are still ahead, quiet watches to +40 s.
    Run r;
    r.rules.webhooks = true;
    r.at(0, 10, k_pending);
    r.deliver(10, "firing");
    r.at(10, 34, k_firing);
    r.rules.ended = 33s;
    const auto checks = r.judge();
    BOOST_TEST(r.check(checks, "fire").passed(), r.check(checks, "fire").detail);
    BOOST_TEST(r.check(checks, "deliver HighErrorRate").passed());
    const auto& resolve = r.check(checks, "resolve");
    BOOST_TEST(resolve.not_judged(), resolve.detail);
    BOOST_TEST(resolve.detail.find("the run ended +33.0s, before its deadline +45.0s") !=
                   std::string::npos,
               resolve.detail);
    BOOST_TEST(r.check(checks, "deliver resolved").not_judged());
    BOOST_TEST(judge_quiet(r.collector.record(), r.rules).not_judged());
}

BOOST_AUTO_TEST_CASE(an_interrupt_after_a_deadline_passed_unmet_keeps_the_failure) {
    // Never fired by the fire deadline (+20 s), interrupted at +25 s: that failure was decided.
    Run r;
    r.at(0, 26, k_quiet);
    r.rules.ended = 25s;
    auto checks = r.judge();
    BOOST_TEST(checks[0].failed(), checks[0].detail);
    // Interrupted at +12 s instead: nothing was decided, nothing after it either (delivery is
    // not checked at all without a webhook receiver).
    r.rules.ended = 12s;
    checks = r.judge();
    BOOST_TEST(checks[0].not_judged(), checks[0].detail);
    for (std::size_t i = 1; i < checks.size(); ++i) {
        BOOST_TEST((checks[i].not_judged() || checks[i].detail.starts_with("not checked")),
                   checks[i].name << ": " << checks[i].detail);
    }
}

BOOST_AUTO_TEST_CASE(an_unexpected_alert_fails_quiet_even_when_the_run_was_interrupted) {
    Run r;
    r.at(0, 5, {{prom("DiskFull", "firing")}, {}});
    r.rules.ended = 5s;
    const auto quiet = judge_quiet(r.collector.record(), r.rules);
    BOOST_TEST(quiet.failed(), quiet.detail);
}

BOOST_AUTO_TEST_CASE(a_silence_seen_holding_passes_only_once_a_leak_could_no_longer_come) {
    // Silenced at +10 s; a notification could still leak until firing + deliver (+16 s).
    Run r;
    r.expect_silenced();
    const AlertmanagerAlert held = silenced_in_alertmanager();
    r.at(0, 10, k_quiet);
    r.at(10, 13, State{{prom("HighErrorRate", "firing")}, {held}});
    r.rules.ended = 12s;
    auto silenced = r.check(r.judge(), "silenced");
    BOOST_TEST(silenced.not_judged(), silenced.detail);
    r.rules.ended = 17s;
    silenced = r.check(r.judge(), "silenced");
    BOOST_TEST(silenced.passed(), silenced.detail);
}

BOOST_AUTO_TEST_CASE(without_webhooks_a_route_is_decided_when_alertmanager_holds_the_alert) {
    // Alertmanager holds it from +10 s routed to "other": decided then, whenever the run ends.
    Run r;
    r.at(0, 10, k_quiet);
    r.at(10, 13, State{{prom("HighErrorRate", "firing")}, {am("HighErrorRate", "other")}});
    r.rules.ended = 12s;
    const auto checks = r.judge();
    const auto& route = r.check(checks, "route");
    BOOST_TEST(route.failed(), route.detail);
    BOOST_TEST(route.detail == "Alertmanager routed it to other", route.detail);
    // Not yet in Alertmanager when the run ended (+11 s < firing + 5 s slack): not judged.
    Run early;
    early.at(0, 10, k_quiet);
    early.at(10, 12, State{{prom("HighErrorRate", "firing")}, {}});
    early.rules.ended = 11s;
    BOOST_TEST(early.check(early.judge(), "route").not_judged());
}

BOOST_AUTO_TEST_CASE(a_receiver_that_sends_no_resolved_notifications_is_not_asked_for_one) {
    // Routed to an email-only receiver: Alertmanager sends it no resolved notification, so
    // obsctl neither waits for one nor fails without it.
    Run r;
    r.rules.webhooks = true;
    r.rules.receivers["oncall"] = {false, "email_configs send_resolved defaults to false"};
    r.at(0, 10, k_pending);
    r.deliver(10, "firing");
    r.at(10, 32, k_firing);
    r.at(32, 50, k_quiet);
    BOOST_TEST(!awaiting(r.expect, r.collector.record().timelines[0], r.rules, 33s));
    const auto checks = r.judge();
    const auto& resolved = r.check(checks, "deliver resolved");
    BOOST_TEST(resolved.skipped(), resolved.detail);
    BOOST_TEST(resolved.detail ==
               "skipped: oncall sends no resolved notifications: email_configs "
               "send_resolved defaults to false");
    BOOST_TEST(r.check(checks, "resolve").passed());
    // Routed to one that does: it is asked for, and missing fails.
    r.rules.receivers["oncall"] = {true, ""};
    BOOST_TEST(r.check(r.judge(), "deliver resolved").failed());
}

BOOST_AUTO_TEST_CASE(a_receiver_with_no_integration_is_routed_to_and_notifies_nobody) {
    // `receivers: [{name: blackhole}]`: Alertmanager routes the alert there and sends nothing
    // (an empty fanout). obsctl's webhook beside it on the local stack shows the route; its
    // posts are no delivery.
    Run r({"blackhole"});
    r.expect.receiver = "blackhole";
    r.rules.webhooks = true;
    r.rules.receivers["blackhole"] = {false, "it has no integration", false};
    const State to_blackhole{{prom("HighErrorRate", "firing")}, {am("HighErrorRate", "blackhole")}};
    r.at(0, 10, k_pending);
    r.deliver(10, "firing", "blackhole");
    r.at(10, 32, to_blackhole);
    r.deliver(33, "resolved", "blackhole");
    r.at(32, 50, k_quiet);
    const auto checks = r.judge();
    BOOST_TEST(r.check(checks, "route HighErrorRate -> blackhole").passed());
    const auto& deliver = r.check(checks, "deliver HighErrorRate");
    BOOST_TEST(deliver.failed(), deliver.detail);
    BOOST_TEST(test_support::contains(deliver.detail,
                                      "routed only to blackhole, which has no integration"));
    const auto& resolved = r.check(checks, "deliver resolved");
    BOOST_TEST(resolved.skipped(), resolved.detail);
    // The same posts from a receiver that has integrations are its deliveries.
    Run notified;
    notified.rules.webhooks = true;
    notified.at(0, 10, k_pending);
    notified.deliver(10, "firing");
    notified.at(10, 32, k_firing);
    BOOST_TEST(notified.check(notified.judge(), "deliver HighErrorRate").passed());
}

BOOST_AUTO_TEST_CASE(texts_keep_one_reference_point_and_say_how_late_an_alert_was) {
    Run r;
    r.rules.webhooks = true;
    r.at(0, 22, k_pending);
    r.deliver(22, "firing");
    r.at(22, 26, k_firing);  // resolved at +26 s, before traffic ends at +30 s
    r.deliver(27, "resolved");
    r.at(26, 40, k_quiet);
    const auto checks = r.judge();
    const auto& fire = r.check(checks, "fire");
    BOOST_TEST(fire.failed());
    BOOST_TEST(fire.detail.starts_with("firing +22.0s, 2.0s after its deadline (fire <= 20.0s"),
               fire.detail);
    const auto& resolve = r.check(checks, "resolve");
    BOOST_TEST(resolve.detail.starts_with("resolved 4.0s before traffic ended"), resolve.detail);
    const auto& notified = r.check(checks, "deliver resolved");
    BOOST_TEST(notified.detail.starts_with("resolved notification 1.0s after it was seen resolved"),
               notified.detail);
}

namespace {

/// Fires at +10 s (notified at once), seen resolved by the polls at +26 s; the resolved
/// notification arrives at `notified` carrying endsAt `ended`. Its `deliver resolved` check.
Check resolved_notification(int notified, double ended) {
    Run r;
    r.rules.webhooks = true;
    r.at(0, 10, k_pending);
    r.deliver(10, "firing");
    r.at(10, 26, k_firing);
    r.deliver(notified, "resolved", "oncall", ended);
    r.at(26, 40, k_quiet);
    const auto checks = r.judge();
    return r.check(checks, "deliver resolved");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_resolved_notification_is_measured_from_its_own_ends_at) {
    // The notification came with the poll that saw the resolve: measured from its endsAt.
    const auto early = resolved_notification(26, 25.5);
    BOOST_TEST(early.passed(), early.detail);
    BOOST_TEST(early.detail.starts_with("resolved notification 500ms after it ended (its endsAt)"),
               early.detail);
    // The ruler ended it at +20.5 s: a notification at +27 s is 6.5 s after the alert ended,
    // later than the 6 s Alertmanager allows, though only 1 s after the poll that saw it resolved.
    const auto slow = resolved_notification(27, 20.5);
    BOOST_TEST(slow.failed(), slow.detail);
    BOOST_TEST(slow.detail.starts_with("resolved notification 6.5s after it ended (its endsAt)"),
               slow.detail);
    // An endsAt 16 s before the polls saw the resolve (or after it) is another clock's: the
    // polls are the reference.
    for (double ended : {10.0, 30.0}) {
        const auto skewed = resolved_notification(27, ended);
        BOOST_TEST(skewed.passed(), skewed.detail);
        BOOST_TEST(skewed.detail.starts_with("resolved notification 1.0s after it was seen "
                                             "resolved (its endsAt, "),
                   skewed.detail);
    }
}

BOOST_AUTO_TEST_CASE(external_labels_match_on_the_prometheus_side_as_in_alertmanager) {
    // Expected with cluster="eu1", which only Prometheus's external_labels give: its own API
    // shows the alert without it, Alertmanager and the webhook with it.
    FakeClock clock;
    FakeSources sources;
    const AlertMatcher matcher{"HighErrorRate", {{"cluster", "eu1"}}};
    auto run = [&](promapi::Labels external) {
        Collector c({matcher}, {"Watchdog"}, {}, clock.t, clock, std::move(external));
        auto in_am = am("HighErrorRate", "oncall");
        in_am.labels["cluster"] = "eu1";
        for (int s = 0; s < 20; ++s) {
            clock.t += 1s;
            sources.state = s < 5 ? State{} : State{{prom("HighErrorRate", "firing")}, {in_am}};
            c.poll(sources);
        }
        return c;
    };
    JudgeRules rules;
    rules.traffic_end = 10s;
    rules.quiet_until = 15s;
    rules.resolve = false;
    const AlertExpectation expect{"HighErrorRate", "oncall", {20s, "rule"}, {15s, "rule"}};
    const auto with = run({{"cluster", "eu1"}});
    const auto checks = judge_alert(expect, with.record().timelines[0], "", with.record(), rules);
    BOOST_TEST(checks.front().passed(), checks.front().detail);
    BOOST_TEST(judge_quiet(with.record(), rules).passed());
    // Without them, the same stack looks like an alert that never fired and an intruder.
    const auto without = run({});
    BOOST_TEST(judge_alert(expect, without.record().timelines[0], "", without.record(), rules)
                   .front()
                   .failed());
    BOOST_TEST(judge_quiet(without.record(), rules).failed());
    // A label the alert has is never replaced by an external one.
    const auto kept = as_sent({{{{"alertname", "X"}, {"cluster", "us1"}}, {}, "firing", ""}},
                              promapi::AlertLabelling(promapi::Labels{{"cluster", "eu1"}}));
    BOOST_TEST(kept[0].labels.at("cluster") == "us1");
    // Then the alert relabelling: what Alertmanager, and so the expectation, see.
    const auto relabelled = as_sent(
        {{{{"alertname", "X"}, {"severity", "page"}}, {}, "firing", ""}},
        promapi::AlertLabelling(promapi::Labels{{"cluster", "eu1"}},
                                YAML::Load("[{source_labels: [severity], regex: page, "
                                           "target_label: severity, replacement: critical}]")));
    BOOST_TEST(relabelled[0].labels.at("severity") == "critical");
    BOOST_TEST(relabelled[0].labels.at("cluster") == "eu1");
}

BOOST_AUTO_TEST_CASE(a_resolved_notification_before_the_alert_fired_again_is_not_the_last_one) {
    // Resolved at +20 s and notified, fired again at +22 s, resolved at +30 s and never
    // notified: the last resolve had no notification.
    Run r;
    r.rules.webhooks = true;
    r.at(0, 10, k_pending);
    r.deliver(10, "firing");
    r.at(10, 20, k_firing);
    r.deliver(21, "resolved", "oncall", 20);
    r.at(20, 22, k_quiet);
    r.at(22, 30, k_firing);
    r.at(30, 45, k_quiet);
    const auto checks = r.judge();
    const auto& last = r.check(checks, "deliver resolved");
    BOOST_TEST(last.failed(), last.detail);
}

BOOST_AUTO_TEST_CASE(after_a_phase_counts_fire_from_its_start_and_resolve_from_its_end) {
    // `after: outage`, the outage from +10 s to +20 s: fire due by 10 + 20 s, resolve by
    // 20 + 15 s (before the traffic's end at 30 s + 15 s).
    Run r;
    r.after_outage();
    r.at(0, 12, k_quiet);
    r.at(12, 24, k_firing);
    r.at(24, 50, k_quiet);
    auto checks = r.judge();
    BOOST_TEST(r.check(checks, "fire").passed());
    const auto& resolve = r.check(checks, "resolve");
    BOOST_TEST(resolve.passed());
    BOOST_TEST(resolve.detail.starts_with("resolved 4.0s after outage ended"), resolve.detail);
    // Resolved after 35 s: late by its phase's end, though in time by the traffic's.
    Run late;
    late.after_outage();
    late.at(0, 12, k_quiet);
    late.at(12, 38, k_firing);
    late.at(38, 50, k_quiet);
    const auto late_checks = late.judge();
    BOOST_TEST(late.check(late_checks, "resolve").failed());
}

BOOST_AUTO_TEST_CASE(an_alert_that_fired_before_its_after_phase_began_fails_fire) {
    // The phase did not cause what was firing before it began.
    Run r;
    r.after_outage();
    r.at(0, 3, k_quiet);
    r.at(3, 30, k_firing);
    const auto checks = r.judge();
    const auto& fire = r.check(checks, "fire");
    BOOST_TEST(fire.failed());
    BOOST_TEST(fire.detail.starts_with("firing +3.0s, before outage began +10.0s"), fire.detail);
}
