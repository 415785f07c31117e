#include "verify/rendered_checks.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "capture/attribution.hpp"
#include "scenario/rendered_text.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace verify {
namespace {

using Captured = std::pair<Millis, capture::Notification>;

/// What a broken template leaves in its output (Go's formatting errors apart: "%!d(string=x)",
/// "%!(EXTRA ...)", "%!v(MISSING)", never "95%!").
constexpr const char* k_broken[] = {"<no value>", "<error expanding template"};

/// Where a Go formatting error (`%!` then an optional verb letter and `(`) starts in `text`.
std::size_t go_format_error(const std::string& text) {
    for (auto at = text.find("%!"); at != std::string::npos; at = text.find("%!", at + 2)) {
        auto next = at + 2;
        if (next < text.size() && std::isalpha(static_cast<unsigned char>(text[next])))
            ++next;
        if (next < text.size() && text[next] == '(')
            return at;
    }
    return std::string::npos;
}

/// `at` moved back to the start of the UTF-8 character it falls in.
std::size_t char_start(const std::string& text, std::size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at;
}

/// The field that titles a notification of each integration: empty or missing means the
/// person on call reads a message without a headline.
const char* title_field(const std::string& integration) {
    if (integration == "slack" || integration == "discord")
        return "title";
    if (integration == "email")
        return "subject";
    if (integration == "pagerduty")
        return "summary";
    if (integration == "opsgenie")
        return "message";
    return nullptr;
}

/// `text` quoted around position `at`, at most 60 characters, on one line.
std::string excerpt(const std::string& text, std::size_t at) {
    const std::size_t from = char_start(text, at > 20 ? at - 20 : 0);
    std::string out = text.substr(from, char_start(text, from + 60) - from);
    std::replace(out.begin(), out.end(), '\n', ' ');
    return "\"" + std::string(from > 0 ? "..." : "") + out +
           (from + 60 < text.size() ? "..." : "") + "\"";
}

/// The first broken-template mark in `value`, described; empty when there is none.
std::string broken_in(const std::string& value) {
    for (const char* mark : k_broken) {
        if (auto at = value.find(mark); at != std::string::npos)
            return "holds " + std::string(mark) + ": " + excerpt(value, at);
    }
    if (auto at = go_format_error(value); at != std::string::npos)
        return "holds a Go formatting error: " + excerpt(value, at);
    return {};
}

struct Finding {
    std::string text;
    bool ambiguous = false;
};

std::string where(const capture::Notification& n) {
    return n.receiver + " " + capture::integration_name(n);
}

void scan_notification(const capture::Notification& n, std::vector<Finding>& out) {
    const bool ambiguous = n.attribution == "ambiguous";
    for (const auto& f : n.fields) {
        if (auto what = broken_in(f.value); !what.empty())
            out.push_back({where(n) + " " + f.name + " " + what, ambiguous});
    }
    if (const char* title = title_field(n.integration); title != nullptr && n.unreadable.empty()) {
        const auto* value = n.field(title);
        if (value == nullptr || util::trim(*value).empty())
            out.push_back({where(n) + " " + title + " is empty", ambiguous});
    }
}

Check make(std::string name, Outcome o, std::string detail) {
    return {std::move(name), o, std::move(detail), false, {}};
}

/// The first firing notification of the alert from each of `receiver`'s integrations (of kind
/// `integration` when given), with any others of the same flush that obsctl could not tell apart
/// from it.
std::map<std::string, std::vector<const Captured*>> first_flushes(
    const std::vector<const Captured*>& all, const std::string& receiver,
    const std::string& integration) {
    std::map<std::string, std::vector<const Captured*>> out;
    for (const auto* c : all) {
        const auto& n = c->second;
        if (n.receiver != receiver || n.status == "resolved" ||
            (!integration.empty() && n.integration != integration))
            continue;
        auto& flush = out[capture::integration_name(n)];
        if (flush.empty() ||
            (flush.front()->second.attribution == "ambiguous" && n.attribution == "ambiguous" &&
             c->first - flush.front()->first <= capture::Attributor::k_window))
            flush.push_back(c);
    }
    return out;
}

/// What `spec` finds missing in `n`'s text; empty when it says all of it.
std::string missing_in(const capture::Notification& n,
                       const scenario::NotificationExpectation& spec) {
    const std::string text = readable_text(n);
    std::vector<std::string> missing;
    for (const auto& c : spec.contains) {
        if (text.find(c) == std::string::npos)
            missing.push_back("\"" + c + "\"");
    }
    if (!spec.matches.empty() && !scenario::regex_finds(spec.matches, text))
        missing.push_back("a match of /" + spec.matches + "/");
    return util::join(missing, ", ");
}

Check judge_notification(const AlertExpectation& e, const AlertTimeline& t,
                         const std::vector<const Captured*>& all, const JudgeRules& rules) {
    const auto& spec = *e.notification;
    const std::string receiver = spec.receiver.empty() ? e.receiver : spec.receiver;
    const std::string name = "notification " + e.alert + " -> " + receiver;
    const std::string what =
        receiver + (spec.integration.empty() ? "'s integrations" : "'s " + spec.integration);
    const auto flushes = first_flushes(all, receiver, spec.integration);
    if (flushes.empty()) {
        const Millis due = *t.firing() + rules.deliver.value;
        if (rules.ended_before(due))
            return make(name, Outcome::not_judged,
                        "not judged: the run ended before a notification was due");
        return make(
            name, Outcome::failed,
            "no firing notification of " + e.alert + " reached " + what + " (deliver says why)");
    }
    // Each integration is a message of its own: one that says all of it is enough.
    std::vector<std::string> lacking, undecided;
    for (const auto& [integration, flush] : flushes) {
        std::size_t failing = 0;
        std::string first_missing;
        for (const auto* c : flush) {
            auto missing = missing_in(c->second, spec);
            if (!missing.empty() && failing++ == 0)
                first_missing = std::move(missing);
        }
        const std::string seen =
            receiver + " " + integration + " +" + util::human_duration(flush.front()->first);
        if (failing == 0)
            return make(name, Outcome::passed, seen + " says all of it");
        if (failing == flush.size())
            lacking.push_back(seen + " lacks " + first_missing);
        else
            undecided.push_back(seen + ": " + std::to_string(flush.size()) +
                                " groups were notified at once and obsctl cannot tell which "
                                "message carried " +
                                e.alert + "; " + std::to_string(failing) + " of them lack " +
                                first_missing);
    }
    if (!undecided.empty())
        return make(name, Outcome::inconclusive,
                    "inconclusive: " + util::join(undecided, "; ") +
                        (lacking.empty() ? std::string() : "; " + util::join(lacking, "; ")));
    return make(name, Outcome::failed, util::join(lacking, "; "));
}

Check judge_annotations(const AlertExpectation& e, const AlertTimeline& t) {
    std::vector<std::string> bad, good;
    for (const auto& [key, pattern] : e.annotations) {
        const auto it = t.annotations().find(key);
        if (it == t.annotations().end())
            bad.push_back("no annotation " + key);
        else if (!scenario::regex_finds(pattern, it->second))
            bad.push_back(key + " " + excerpt(it->second, 0) + " has no match of /" + pattern +
                          "/");
        else
            good.push_back(key + " " + excerpt(it->second, 0));
    }
    const std::string name = "annotations " + e.alert;
    if (!bad.empty())
        return make(name, Outcome::failed, util::join(bad, "; "));
    return make(name, Outcome::passed, util::join(good, "; "));
}

Check judge_template(const AlertExpectation& e, const AlertTimeline& t,
                     const std::vector<const Captured*>& all, const Record& record,
                     const JudgeRules& rules) {
    std::vector<Finding> findings;
    std::vector<std::string> annotation_names;
    for (const auto& [key, value] : t.annotations()) {
        annotation_names.push_back(key);
        if (auto what = broken_in(value); !what.empty())
            findings.push_back({"annotation " + key + " " + what, false});
        else if (key == "summary" && util::trim(value).empty())
            findings.push_back({"annotation summary is empty", false});
    }
    // An integration of a receiver it was routed to whose template Alertmanager could not
    // render, and that never brought this alert. A send that failed on the way (EOF, refused,
    // a timeout) says nothing of the template: `deliver` judges whether a message came.
    std::set<std::string> routed = t.receivers();
    if (!e.receiver.empty())
        routed.insert(e.receiver);
    for (const auto& err : record.notify_errors) {
        const auto slash = err.find('/');
        const auto colon = err.find(": ", slash == std::string::npos ? 0 : slash);
        if (slash == std::string::npos || colon == std::string::npos ||
            !routed.count(err.substr(0, slash)))
            continue;
        if (err.find("template") == std::string::npos)
            continue;
        const auto receiver = err.substr(0, slash);
        const auto integration = err.substr(slash + 1, colon - slash - 1);
        const bool brought = std::any_of(all.begin(), all.end(), [&](const Captured* c) {
            return c->second.receiver == receiver &&
                   capture::integration_name(c->second) == integration;
        });
        if (!brought)
            findings.push_back(Finding{"Alertmanager could not send " + err.substr(0, 300), false});
    }
    std::vector<std::string> read;
    for (const auto* c : all) {
        scan_notification(c->second, findings);
        const auto w = where(c->second);
        if (std::find(read.begin(), read.end(), w) == read.end())
            read.push_back(w);
    }
    const std::string name = "template " + e.alert;
    std::vector<std::string> sure, unsure;
    for (const auto& f : findings)
        (f.ambiguous ? unsure : sure).push_back(f.text);
    if (!sure.empty()) {
        if (sure.size() > 3)
            sure.resize(3);
        return make(name, Outcome::failed, util::join(sure, "; "));
    }
    if (!unsure.empty())
        return make(name, Outcome::inconclusive,
                    "inconclusive: " + unsure.front() + ", in a message obsctl cannot tie to " +
                        e.alert + " alone (several groups were notified at once)");
    if (all.empty() && rules.ended_before(*t.firing() + rules.deliver.value))
        return make(name, Outcome::not_judged,
                    "not judged: the run ended before a notification was due");
    std::string detail = "nothing broken in ";
    detail += annotation_names.empty() ? std::string("its annotations (it has none)")
                                       : "annotations " + util::join(annotation_names, ", ");
    detail += read.empty() ? std::string(" (no notification was captured)")
                           : " and the notifications of " + util::join(read, ", ");
    return make(name, Outcome::passed, detail);
}

}  // namespace

std::vector<const Captured*> notifications_of(const AlertTimeline& t, const Record& record) {
    std::vector<const Captured*> out;
    for (const auto& c : record.notifications) {
        const auto& alerts = c.second.alerts;
        if (std::any_of(alerts.begin(), alerts.end(),
                        [&](const auto& labels) { return t.matcher().matches(labels); }))
            out.push_back(&c);
    }
    return out;
}

std::string readable_text(const capture::Notification& n) {
    std::string out;
    for (const auto& f : n.fields) {
        if (!out.empty())
            out += '\n';
        out += f.name + ": " + f.value;
    }
    return out;
}

std::vector<Check> judge_rendered(const AlertExpectation& e, const AlertTimeline& t,
                                  const Record& record, const JudgeRules& rules) {
    std::vector<Check> out;
    const bool notified = !e.suppressed();
    const std::string receiver =
        e.notification && !e.notification->receiver.empty() ? e.notification->receiver : e.receiver;
    if (!t.firing()) {
        const auto never = [&](std::string name) {
            if (rules.ended && *rules.ended < e.fire.value)
                return make(std::move(name), Outcome::not_judged,
                            "not judged: " + e.alert + " had not fired when the run ended");
            return make(std::move(name), Outcome::skipped, "skipped: " + e.alert + " never fired");
        };
        out.push_back(never("template " + e.alert));
        if (!e.annotations.empty())
            out.push_back(never("annotations " + e.alert));
        if (e.notification && notified)
            out.push_back(never("notification " + e.alert + " -> " + receiver));
        return out;
    }
    const auto all = notifications_of(t, record);
    out.push_back(judge_template(e, t, all, record, rules));
    if (!e.annotations.empty())
        out.push_back(judge_annotations(e, t));
    if (e.notification && notified)
        out.push_back(judge_notification(e, t, all, rules));
    return out;
}

}  // namespace verify
