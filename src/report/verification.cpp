#include "report/verification.hpp"

#include "report/notifications.hpp"

#include "util/duration.hpp"
#include "util/text.hpp"
#include "verify/verdict.hpp"

namespace report {
namespace {

std::string at(const std::optional<verify::Millis>& t) {
    return t ? "+" + util::human_duration(*t) : "-";
}

const char* verdict(const verify::Check& c) {
    return verify::outcome_word(c.outcome);
}

}  // namespace

void print_check(std::FILE* out, const verify::Check& c) {
    std::fprintf(out, "  %s  %-32s %s\n", c.warning ? "WARN" : (c.passed() ? "ok  " : "FAIL"),
                 c.name.c_str(), c.detail.c_str());
    for (const auto& line : c.why)
        std::fprintf(out, "        %s\n", line.c_str());
    std::fflush(out);
}

void print_verification(std::FILE* out, const verify::VerifyReport& report) {
    if (!report.alerts.empty())
        std::fprintf(out, "alerts (times from traffic start):\n");
    for (const auto& a : report.alerts) {
        const auto& t = a.timeline;
        auto joined = [](const std::set<std::string>& names) {
            return names.empty() ? std::string() : " (" + util::join(names, ",") + ")";
        };
        const char* overall = alert_word(a.checks);
        std::string line = "pending " + at(t.pending()) + "  firing " + at(t.firing()) +
                           "  alertmanager " + at(t.in_alertmanager()) + joined(t.receivers());
        if (report.webhooks)
            line += "  delivered " + at(t.delivered()) + joined(t.delivered_to());
        line += "  resolved " + at(t.resolved());
        std::fprintf(out, "  %-20s %s  %s\n", a.alert.c_str(), line.c_str(), overall);
        if (a.trigger) {
            auto since_phase = [&](const std::optional<verify::Millis>& when) {
                return when ? "+" + util::human_duration(*when - a.trigger->at) : "-";
            };
            std::fprintf(out, "    from phase %s (began +%s): pending %s, firing %s\n",
                         a.trigger->name.c_str(), util::human_duration(a.trigger->at).c_str(),
                         since_phase(t.pending()).c_str(), since_phase(t.firing()).c_str());
        }
        for (const auto& c : a.checks) {
            std::fprintf(out, "    %s  %-28s %s\n", verdict(c), c.name.c_str(), c.detail.c_str());
            for (const auto& finding : c.why)
                std::fprintf(out, "          why: %s\n", finding.c_str());
        }
        // What the person on call read first.
        if (const auto* first = first_firing(a.notifications)) {
            const auto lines = notification_lines(*first, 8);
            std::fprintf(out, "    notified %s\n", lines.front().c_str());
            for (std::size_t i = 1; i < lines.size(); ++i)
                std::fprintf(out, "      | %s\n", lines[i].c_str());
        }
    }
    std::fprintf(out, "  %s  quiet: %s\n", verdict(report.quiet), report.quiet.detail.c_str());
    for (const auto& o : report.outages)
        std::fprintf(out, "  note  %s\n", o.c_str());
    for (const auto& name : report.already_firing) {
        std::fprintf(out,
                     "  note  %s was already firing before traffic (not counted against quiet)\n",
                     name.c_str());
    }
    for (const auto& q : report.queries) {
        std::fprintf(out, "  %s  %s %s\n", verdict(q), q.name.c_str(), q.detail.c_str());
    }
}

const char* alert_word(const std::vector<verify::Check>& checks) {
    const auto v = verify::verdict_of(checks, false);
    if (v.counts.failed > 0)
        return "FAIL";
    if (v.counts.inconclusive > 0)
        return "INCONCLUSIVE";
    return v.counts.not_judged > 0 ? "NOT JUDGED" : "PASS";
}

std::vector<verify::Check> all_checks(const verify::VerifyReport* verification,
                                      const std::vector<ThresholdVerdict>& thresholds,
                                      bool traffic_cut_short) {
    std::vector<verify::Check> out;
    if (verification != nullptr)
        out = verification->all();
    for (const auto& t : thresholds) {
        // A threshold is about the whole traffic: cut short, it was not measured.
        if (traffic_cut_short) {
            out.push_back({"threshold " + t.name,
                           verify::Outcome::not_judged,
                           "not judged: the traffic was cut short (observed " + t.observed_text +
                               " until then)",
                           false,
                           {}});
        } else {
            out.push_back(
                verify::judged("threshold " + t.name, t.passed, "observed " + t.observed_text));
        }
    }
    return out;
}

}  // namespace report
