#include "verify/judge.hpp"

#include <algorithm>

#include "util/duration.hpp"
#include "util/text.hpp"

namespace verify {
namespace {

using util::human_duration;

std::string plus(Millis t) {
    return "+" + human_duration(t);
}

/// "6.0s after traffic ended", "2.0s before traffic ended": one reference point.
std::string from_traffic_end(Millis t, const JudgeRules& rules) {
    return t >= rules.traffic_end ? human_duration(t - rules.traffic_end) + " after traffic ended"
                                  : human_duration(rules.traffic_end - t) + " before traffic ended";
}

/// "1.2s after it was seen resolved" (a notification may beat the poll that sees the resolve).
/// Where a resolved notification is measured from: the alert's own `endsAt` as the
/// notification carries it, else the poll that saw it resolved; and the words for it.
/// An `endsAt` far from what the polls saw (another machine's clock, apart from obsctl's) is
/// not trusted: the polls are then the reference, and the text says why.
struct ResolvedAt {
    Millis at;
    std::string what;
};
ResolvedAt resolved_reference(const AlertTimeline& t, const JudgeRules& rules) {
    const Millis seen = *t.resolved();
    if (!t.resolved_ended())
        return {seen, "after it was seen resolved"};
    const Millis ended = *t.resolved_ended();
    // It ends before the poll that sees it gone: by a poll, an evaluation and the slack at most.
    const Millis tolerance = rules.slack + Millis{2000};
    if (ended <= seen + Millis{2000} && ended + tolerance >= seen)
        return {ended, "after it ended (its endsAt)"};
    return {seen, "after it was seen resolved (its endsAt, " +
                      human_duration(ended > seen ? ended - seen : seen - ended) +
                      (ended > seen ? " later" : " earlier") +
                      ", is not used: its clock and obsctl's are apart)"};
}

/// When no webhook receiver runs, delivery is not checked, and the checks say so.
const char* const k_no_webhook =
    "not checked: no webhook receiver (--webhook-listen ADDR, and Alertmanager's receivers "
    "must point at it)";

/// "6.0s after outage ended" for an alert expected `after: outage`, else from traffic's end.
std::string resolved_when(const AlertExpectation& e, Millis t, const JudgeRules& rules) {
    if (!e.resolve_from)
        return from_traffic_end(t, rules);
    const Millis end = *e.resolve_from;
    return (t >= end ? human_duration(t - end) + " after " : human_duration(end - t) + " before ") +
           e.after + " ended";
}

Check not_judged(std::string name, const std::string& seen, Millis deadline,
                 const JudgeRules& rules) {
    return {std::move(name),
            Outcome::not_judged,
            "not judged: the run ended " + plus(*rules.ended) + ", before its deadline " +
                plus(deadline) + " (seen so far: " + seen + ")",
            false,
            {}};
}

/// The verdict on a check due by `deadline`: passed; not judged when the run ended before the
/// deadline; inconclusive when `blind` is not empty (the stack hid its window); else failed.
Check verdict(std::string name, bool passed, std::string detail,
              const std::vector<const Outage*>& blind, const JudgeRules& rules, Millis deadline) {
    if (!passed && rules.ended_before(deadline))
        return not_judged(std::move(name), detail, deadline, rules);
    Check c = judged(std::move(name), passed, std::move(detail));
    if (!passed && !blind.empty()) {
        c.outcome = Outcome::inconclusive;
        c.detail += "; inconclusive: " + describe_outages(blind, rules);
    }
    return c;
}

Check skipped(std::string name, std::string why) {
    return {std::move(name), Outcome::skipped, std::move(why), false, {}};
}

/// Follows a check that was not judged: nothing can be said of it either.
Check unjudged_after(std::string name, const std::string& what) {
    return {std::move(name), Outcome::not_judged, "not judged: " + what, false, {}};
}

/// "; Alertmanager: oncall/slack[0]: ... template: ..." for the notifications Alertmanager
/// failed to send to `receiver` (to any receiver when none is expected), its last error each.
std::string alertmanager_errors(const Record& record, const std::string& receiver) {
    std::vector<std::string> seen;
    for (const auto& err : record.notify_errors) {
        if ((receiver.empty() || err.starts_with(receiver + "/")) &&
            std::find(seen.begin(), seen.end(), err) == seen.end())
            seen.push_back(err);
    }
    if (seen.size() > 3)
        seen.erase(seen.begin(), seen.end() - 3);
    return seen.empty() ? std::string() : "; Alertmanager: " + util::join(seen, "; ");
}

/// What the deliver check saw of an alert: its first firing notification, a route to receivers
/// that have no integration (obsctl's webhook beside them), or nothing.
std::string deliveries_seen(const AlertTimeline& t, const Record& record,
                            const std::string& receiver) {
    if (t.delivered())
        return "firing notification " + plus(*t.delivered()) + " (" +
               util::join(t.delivered_by(), ", ") + ")";
    if (!t.delivered_to().empty())
        return "routed only to " + util::join(t.delivered_to(), ", ") +
               ", which has no integration: nobody was notified";
    return "no firing notification reached obsctl" + alertmanager_errors(record, receiver);
}

template <typename T>
std::vector<T> merged(std::vector<T> a, const std::vector<T>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

std::string describe_outages(const std::vector<const Outage*>& outages, const JudgeRules& rules) {
    std::vector<std::string> parts;
    for (const auto* o : outages) {
        const auto& name = o->source == Source::ruler ? rules.ruler_name : rules.alertmanager_name;
        parts.push_back(name + " unreachable from " + plus(o->first_failed) + " to " +
                        (o->blind_to ? plus(o->last_failed)
                                     : "the end (last tried " + plus(o->last_failed) + ")") +
                        " (" + o->error + ")");
    }
    return util::join(parts, "; ");
}

namespace {

/// A check that Alertmanager held an alert back (silenced, inhibited): it passes only once its
/// deadline is behind (a notification could leak until then), and fails as soon as one did.
Check held_back(std::string name, bool seen, bool notified, std::string detail,
                const std::vector<const Outage*>& blind, const JudgeRules& rules, Millis deadline) {
    if (notified)  // decided, whenever the run ended
        return verdict(std::move(name), false, std::move(detail), blind, rules, Millis::min());
    if (seen && rules.ended_before(deadline))
        return not_judged(std::move(name), detail, deadline, rules);
    return verdict(std::move(name), seen, std::move(detail), blind, rules, deadline);
}

Check judge_inhibited(const AlertExpectation& e, const AlertTimeline& t, const Record& record,
                      const JudgeRules& rules, const AlertTimeline* inhibitor) {
    const std::string name = "inhibited " + e.alert + " by " + e.inhibited_by;
    if (inhibitor == nullptr || !inhibitor->firing()) {
        if (rules.ended_before(e.inhibit_deadline))
            return unjudged_after(name, e.inhibited_by + " had not fired when the run ended");
        return skipped(name, "skipped: " + e.inhibited_by + " never fired");
    }
    const Millis from = *inhibitor->firing();
    const Millis until = inhibitor->resolved().value_or(Millis::max());
    const bool seen =
        t.inhibited() && *t.inhibited() >= from - rules.slack && *t.inhibited() <= until;
    // A firing notification of X while Y fired means the inhibition did not hold. Once Y has
    // resolved, Alertmanager no longer mutes X (inhibit.go skips a resolved source): X's
    // notifications then are what the rule says, not a leak.
    // Until the last poll that saw Y held: Y may have resolved in Alertmanager any time after.
    const Millis held_until =
        inhibitor->resolved() ? inhibitor->last_held().value_or(from) + Millis{1} : Millis::max();
    const auto leak = rules.webhooks ? t.delivered_between(from, held_until) : std::nullopt;
    const bool notified = leak.has_value();
    std::string detail = seen ? "suppressed in Alertmanager (inhibitedBy) " + plus(*t.inhibited()) +
                                    ", " + e.inhibited_by + " firing " + plus(from)
                              : "never seen suppressed by an inhibit rule while " + e.inhibited_by +
                                    " fired (" + plus(from) + ")";
    if (notified)
        detail += "; yet a firing notification arrived " + plus(*leak) + " while " +
                  e.inhibited_by + " fired";
    return held_back(name, seen, notified, detail,
                     record.blind(Source::alertmanager, from, e.inhibit_deadline), rules,
                     e.inhibit_deadline);
}

Check judge_silenced(const AlertExpectation& e, const AlertTimeline& t, const Record& record,
                     const JudgeRules& rules) {
    const Millis firing = *t.firing();
    const bool seen = t.silenced().has_value();
    const bool notified = rules.webhooks && t.delivered();
    std::string detail = seen ? "suppressed in Alertmanager (silencedBy) " + plus(*t.silenced())
                              : "never seen silenced in Alertmanager after firing " + plus(firing);
    if (notified)
        detail += "; yet a firing notification arrived " + plus(*t.delivered());
    return held_back("silenced " + e.alert, seen, notified, detail,
                     record.blind(Source::alertmanager, firing, firing + rules.deliver.value),
                     rules, firing + rules.deliver.value);
}

}  // namespace

std::vector<Check> judge_alert(const AlertExpectation& e, const AlertTimeline& t,
                               const std::string& rule_problem, const Record& record,
                               const JudgeRules& rules, const AlertTimeline* inhibitor) {
    std::vector<Check> out;
    // An alert expected `after` a phase that fired before it began was not that phase's doing.
    const bool early = t.firing() && *t.firing() < e.fire_from;
    const bool fired = t.firing() && !early && *t.firing() <= e.fire.value;
    const std::string fire_deadline =
        " (fire <= " + human_duration(e.fire.value) + " from " + e.fire.source + ")";
    out.push_back(verdict(
        "fire " + e.alert, fired,
        (!t.firing() ? std::string("never fired")
                     : "firing " + plus(*t.firing()) +
                           (fired   ? std::string()
                            : early ? ", before " + e.after + " began " + plus(e.fire_from)
                                    : ", " + human_duration(*t.firing() - e.fire.value) +
                                          " after its deadline")) +
            fire_deadline + (!fired && !rule_problem.empty() ? "; " + rule_problem : std::string()),
        record.blind(Source::ruler, Millis{0}, e.fire.value), rules, e.fire.value));
    if (!t.firing()) {
        // Nothing after firing can be judged: one failure, not one per step. When the fire
        // check itself was not judged, neither is anything after it.
        const bool unjudged = out.back().not_judged();
        const auto after = [&](std::string name) {
            return unjudged ? unjudged_after(std::move(name),
                                             e.alert + " had not fired when the run ended")
                            : skipped(std::move(name), "skipped: " + e.alert + " never fired");
        };
        if (!e.inhibited_by.empty())
            out.push_back(after("inhibited " + e.alert + " by " + e.inhibited_by));
        if (e.silenced)
            out.push_back(after("silenced " + e.alert));
        if (!e.suppressed())
            out.push_back(rules.webhooks ? after("deliver " + e.alert)
                                         : skipped("deliver " + e.alert, k_no_webhook));
        if (!e.receiver.empty() && !e.suppressed())
            out.push_back(after("route " + e.alert + " -> " + e.receiver));
        if (rules.resolve)
            out.push_back(after("resolve " + e.alert));
        if (rules.resolve && !e.suppressed())
            out.push_back(rules.webhooks ? after("deliver resolved " + e.alert)
                                         : skipped("deliver resolved " + e.alert, k_no_webhook));
        return out;
    }
    const Millis firing = *t.firing();
    if (!e.inhibited_by.empty())
        out.push_back(judge_inhibited(e, t, record, rules, inhibitor));
    if (e.silenced)
        out.push_back(judge_silenced(e, t, record, rules));
    if (rules.webhooks && !e.suppressed()) {
        const Millis by = firing + rules.deliver.value;
        const bool in_time = t.delivered() && *t.delivered() <= by;
        out.push_back(verdict("deliver " + e.alert, in_time,
                              deliveries_seen(t, record, e.receiver) +
                                  " (<= " + human_duration(rules.deliver.value) +
                                  " after firing from " + rules.deliver.source + ")",
                              record.blind(Source::alertmanager, firing, by), rules, by));
    }
    if (!rules.webhooks && !e.suppressed())
        out.push_back(skipped("deliver " + e.alert, k_no_webhook));
    if (!e.receiver.empty() && !e.suppressed()) {
        // Judged from what arrived when the webhook receiver runs, else from the API; also from
        // the API for a receiver with no integration, which nothing posts for (obsctl's webhook
        // beside it exists only on the local stack).
        const auto it = rules.receivers.find(e.receiver);
        const bool arrivals =
            rules.webhooks && (it == rules.receivers.end() || it->second.integrated);
        const auto& seen_by = arrivals ? t.delivered_to() : t.receivers();
        const std::string seen = util::join(seen_by, ", ");
        const Millis by = firing + (arrivals ? rules.deliver.value : rules.slack);
        // Decided when the notifications are due (webhooks), or when Alertmanager holds the
        // alert: its receivers come with it.
        const Millis decided = !arrivals && t.in_alertmanager() ? *t.in_alertmanager() : by;
        out.push_back(
            verdict("route " + e.alert + " -> " + e.receiver, seen_by.count(e.receiver) > 0,
                    (arrivals ? "notifications of it arrived for " : "Alertmanager routed it to ") +
                        (seen.empty() ? std::string("nobody") : seen),
                    record.blind(Source::alertmanager, firing, by), rules, decided));
    }

    if (rules.resolve) {
        const Millis by = resolve_by(e, rules);
        const bool resolved = t.resolved() && *t.resolved() <= by;
        // Resolved means gone from both: either source's outage hides it.
        out.push_back(verdict("resolve " + e.alert, resolved,
                              (t.resolved() ? "resolved " + resolved_when(e, *t.resolved(), rules)
                                            : std::string("not resolved")) +
                                  " (resolve <= " + human_duration(e.resolve.value) + " from " +
                                  e.resolve.source + ")",
                              merged(record.blind(Source::ruler, firing, by),
                                     record.blind(Source::alertmanager, firing, by)),
                              rules, by));
        std::string why_not;
        if (e.suppressed()) {
            // A held-back alert's resolved notification is not expected either.
        } else if (!rules.webhooks) {
            out.push_back(skipped("deliver resolved " + e.alert, k_no_webhook));
        } else if (!resolved_notification_expected(t, rules, &why_not)) {
            out.push_back(skipped("deliver resolved " + e.alert, "skipped: " + why_not));
        } else if (!t.resolved() && out.back().not_judged()) {
            out.push_back(unjudged_after("deliver resolved " + e.alert,
                                         e.alert + " had not resolved when the run ended"));
        } else if (!t.resolved()) {
            out.push_back(
                skipped("deliver resolved " + e.alert, "skipped: " + e.alert + " did not resolve"));
        } else {
            const ResolvedAt from = resolved_reference(t, rules);
            const Millis after = from.at + rules.deliver_resolved.value;
            const bool in_time = t.resolved_delivered() && *t.resolved_delivered() <= after;
            out.push_back(verdict(
                "deliver resolved " + e.alert, in_time,
                (t.resolved_delivered()
                     ? "resolved notification " +
                           human_duration(std::max(*t.resolved_delivered() - from.at, Millis{0})) +
                           " " + from.what
                     : std::string("no resolved notification reached obsctl")) +
                    " (<= " + human_duration(rules.deliver_resolved.value) + " from " +
                    rules.deliver_resolved.source + ")",
                record.blind(Source::alertmanager, from.at, after), rules, after));
        }
    }
    return out;
}

Check judge_quiet(const Record& record, const JudgeRules& rules) {
    std::string intruders;
    for (const auto& u : record.quiet.unexpected())
        intruders += (intruders.empty() ? "" : ", ") + u.name + " " + plus(u.first_seen);
    if (!rules.quiet)
        return judged("quiet", true, "not asked for (expect.quiet: false)");
    if (!intruders.empty())
        return judged("quiet", false, "unexpected: " + intruders);
    if (rules.ended_before(rules.quiet_until))
        return not_judged("quiet", "nothing unexpected fired", rules.quiet_until, rules);
    std::vector<const Outage*> unseen;
    for (const auto* o : record.blind(Source::ruler, Millis{0}, rules.quiet_until)) {
        if (!o->backfilled)
            unseen.push_back(o);
    }
    return verdict("quiet", unseen.empty(), "no unexpected alert fired", unseen, rules,
                   rules.quiet_until);
}

bool awaiting(const AlertExpectation& e, const AlertTimeline& t, const JudgeRules& rules,
              Millis now) {
    if (!t.firing())
        return now < e.fire.value;
    const Millis firing = *t.firing();
    if (e.silenced)
        return (!t.silenced() && now < firing + rules.deliver.value) ||
               (rules.resolve && !t.resolved() && now < resolve_by(e, rules));
    if (!e.inhibited_by.empty())
        return (!t.inhibited() && now < e.inhibit_deadline) ||
               (rules.resolve && !t.resolved() && now < resolve_by(e, rules));
    const bool route_open = !e.receiver.empty() && !rules.webhooks && !t.in_alertmanager() &&
                            now < firing + rules.slack;
    const bool delivery_open =
        rules.webhooks && !t.delivered() && now < firing + rules.deliver.value + k_capture_delay;
    const bool resolve_open = rules.resolve && !t.resolved() && now < resolve_by(e, rules);
    const bool resolved_delivery_open =
        rules.webhooks && rules.resolve && t.resolved() && !t.resolved_delivered() &&
        now < *t.resolved() + rules.deliver_resolved.value + k_capture_delay &&
        resolved_notification_expected(t, rules);
    return route_open || delivery_open || resolve_open || resolved_delivery_open;
}

bool resolved_notification_expected(const AlertTimeline& t, const JudgeRules& rules,
                                    std::string* why_not) {
    // What arrived, else (nothing posted: a receiver with no integration) what Alertmanager
    // routed it to.
    const auto& routed =
        rules.webhooks && !t.delivered_to().empty() ? t.delivered_to() : t.receivers();
    if (routed.empty() || rules.receivers.empty())
        return true;
    std::vector<std::string> silent;
    for (const auto& name : routed) {
        const auto it = rules.receivers.find(name);
        if (it == rules.receivers.end() || it->second.sent)
            return true;
        silent.push_back(name + " sends no resolved notifications: " + it->second.why_not);
    }
    if (why_not != nullptr)
        *why_not = util::join(silent, "; ");
    return false;
}

std::optional<std::pair<std::string, Millis>> next_deadline(const AlertExpectation& e,
                                                            const AlertTimeline& t,
                                                            const JudgeRules& rules,
                                                            bool traffic_ended) {
    using Next = std::pair<std::string, Millis>;
    if (!t.firing())
        return Next{"fire", e.fire.value};
    const Millis firing = *t.firing();
    if (rules.webhooks && !e.suppressed() && !t.delivered())
        return Next{"delivery", firing + rules.deliver.value};
    if (!rules.resolve)
        return std::nullopt;
    if (!t.resolved())
        return traffic_ended ? std::optional<Next>(Next{"resolve", resolve_by(e, rules)})
                             : std::nullopt;
    if (rules.webhooks && !e.suppressed() && !t.resolved_delivered() &&
        resolved_notification_expected(t, rules))
        return Next{"resolved notification", *t.resolved() + rules.deliver_resolved.value};
    return std::nullopt;
}

}  // namespace verify
