#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/model.hpp"
#include "verify/collector.hpp"
#include "verify/preflight.hpp"

namespace verify {

/// One expected alert as the judge needs it.
struct AlertExpectation {
    std::string alert;
    std::string receiver;  ///< expected route, may be empty
    Deadline fire;         ///< from traffic start (an `after` phase's start is in it)
    Deadline resolve;      ///< from traffic end, or from `resolve_from`
    /// Another expected alert that must inhibit this one, and by when (its fire deadline +
    /// slack) the inhibition must have been seen.
    std::string inhibited_by;
    Millis inhibit_deadline{0};
    /// Must be silenced by the run's silence: `silenced X` replaces deliver and route.
    bool silenced = false;
    /// expect.fire[].annotations and .notification: what the rendered text must say.
    std::map<std::string, std::string> annotations;
    std::optional<scenario::NotificationExpectation> notification;
    /// `after: PHASE`: the resolve deadline counts from that phase's end (from traffic start).
    std::optional<Millis> resolve_from;
    std::string after;    ///< that phase's name (in verdicts: "resolved 4s after outage ended")
    Millis fire_from{0};  ///< `after`: that phase's start; a firing before it is not its doing
    /// Alertmanager must hold this alert back: its delivery and routing are not expected.
    bool suppressed() const { return silenced || !inhibited_by.empty(); }
};

/// How late a notification that came by a deadline may be known: the capture's wait for the
/// webhook post of the same flush (2 s) and one poll. Waits and --fail-fast allow it.
inline constexpr Millis k_capture_delay{3000};

/// The rest of what the verdicts depend on.
struct JudgeRules {
    bool resolve = true;    ///< expect.resolve
    bool quiet = true;      ///< expect.quiet
    bool webhooks = false;  ///< a webhook receiver ran: delivery and routing judged from it
    Deadline deliver, deliver_resolved;  ///< after firing / resolving
    Millis slack = k_slack;              ///< --slack: the allowance for the machinery
    Millis traffic_end{0};
    Millis quiet_until{0};  ///< quiet watches this long (traffic end + a few evaluations)
    /// The run ended here (Ctrl-C, --fail-fast) before every verdict was in: what was decided
    /// by then keeps its outcome (seen in time: passed; a deadline passed unmet: failed), every
    /// other check is not judged. None: the watch ran until no verdict could change.
    std::optional<Millis> ended;
    std::string ruler_name = "Prometheus", alertmanager_name = "Alertmanager";
    /// Alertmanager's receivers by name: whether each sends resolved notifications (a
    /// `deliver resolved` check only for an alert routed to one that does). Empty: unknown, all
    /// are taken to.
    std::map<std::string, promapi::ResolvedNotifications> receivers;

    /// Whether the run ended before `deadline`: a check that has not passed by then is not
    /// judged.
    bool ended_before(Millis deadline) const { return ended && *ended < deadline; }
};

/// When `e` must have resolved by (from traffic start): its resolve deadline from its `after`
/// phase's end, else from the traffic's end.
inline Millis resolve_by(const AlertExpectation& e, const JudgeRules& rules) {
    return e.resolve_from.value_or(rules.traffic_end) + e.resolve.value;
}

/// The verdicts on one expected alert from what was recorded: fire, then deliver, route,
/// resolve, deliver resolved (each only when asked for). Pure: no clock, no network.
/// A verdict the record shows passing passes; one it shows failing fails, unless a source it
/// depends on was unreachable during its window, which makes it inconclusive naming the span.
/// An alert that never fired fails once (fire); the checks after it are skipped.
/// With `rules.ended`, a check that had not passed and whose deadline lies after it is not
/// judged (and so is every check after a fire check that is not judged).
/// With `e.inhibited_by`, `inhibitor` is that alert's timeline: the check `inhibited X by Y`
/// replaces deliver and route (X must be suppressed, with inhibitedBy, while Y fires, and no
/// firing notification of X may arrive after Y fired).
std::vector<Check> judge_alert(const AlertExpectation& e, const AlertTimeline& t,
                               const std::string& rule_problem, const Record& record,
                               const JudgeRules& rules, const AlertTimeline* inhibitor = nullptr);

/// `quiet`: fails on every unexpected alert seen firing; passes when the ruler was watched the
/// whole time (or its outages were backfilled from Prometheus's ALERTS); else inconclusive.
/// Not judged when the run ended before `quiet_until` with nothing unexpected seen.
Check judge_quiet(const Record& record, const JudgeRules& rules);

/// Whether a verdict on `e` can still change at `now` (the verifier keeps polling while any can).
bool awaiting(const AlertExpectation& e, const AlertTimeline& t, const JudgeRules& rules,
              Millis now);

/// Whether a resolved notification of the alert is expected: it was routed (by what reached
/// the webhook, else by Alertmanager) to a receiver that sends them, or to one obsctl does not
/// know. When not, `why_not` says which receivers send none and why.
bool resolved_notification_expected(const AlertTimeline& t, const JudgeRules& rules,
                                    std::string* why_not = nullptr);

/// The next thing awaited of `e` at `now` and its deadline (time since traffic start): "fire",
/// "delivery", "resolve" (only once traffic has ended) or "resolved notification"; none when
/// nothing is awaited.
std::optional<std::pair<std::string, Millis>> next_deadline(const AlertExpectation& e,
                                                            const AlertTimeline& t,
                                                            const JudgeRules& rules,
                                                            bool traffic_ended);

/// "Prometheus unreachable from +14.2s to +31.0s (connection refused)" for each outage.
std::string describe_outages(const std::vector<const Outage*>& outages, const JudgeRules& rules);

}  // namespace verify
