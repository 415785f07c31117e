#include "report/verification.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "util/duration.hpp"
#include "util/text.hpp"

namespace report {
namespace {

std::string at(const std::optional<verify::Millis>& t) {
    return t ? "+" + util::human_duration(*t) : "-";
}

const char* verdict(const verify::Check& c) {
    if (c.inconclusive)
        return "INCONCLUSIVE";
    return c.skipped ? "SKIP" : (c.passed ? "PASS" : "FAIL");
}

nlohmann::json check_json(const verify::Check& c) {
    nlohmann::json j{{"name", c.name}, {"passed", c.passed}, {"detail", c.detail}};
    if (c.skipped)
        j["skipped"] = true;
    if (c.inconclusive)
        j["inconclusive"] = true;
    if (!c.why.empty())
        j["why"] = c.why;
    return j;
}

/// The alert's state changes in time order: what the band of the HTML report draws.
nlohmann::json states_json(const verify::AlertTimeline& t) {
    using nlohmann::json;
    std::vector<std::pair<verify::Millis, json>> states;
    auto add = [&](const char* state, const std::optional<verify::Millis>& at, json extra = {}) {
        if (!at)
            return;
        json s{{"state", state}, {"at_ms", at->count()}};
        if (!extra.is_null())
            s["receivers"] = std::move(extra);
        states.emplace_back(*at, std::move(s));
    };
    add("pending", t.pending());
    add("firing", t.firing());
    add("in_alertmanager", t.in_alertmanager(), json(t.receivers()));
    add("delivered", t.delivered(), json(t.delivered_to()));
    add("resolved", t.resolved());
    add("resolved_delivered", t.resolved_delivered());
    std::stable_sort(states.begin(), states.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    json out = json::array();
    for (auto& s : states)
        out.push_back(std::move(s.second));
    return out;
}

nlohmann::json expression_json(const std::vector<verify::ExpressionSeries>& expression) {
    using nlohmann::json;
    json out = json::array();
    for (const auto& e : expression) {
        json series = json::array();
        for (const auto& one : e.series) {
            json points = json::array();
            for (const auto& [t, v] : one.points)
                points.push_back({t, v});
            series.push_back({{"labels", one.labels}, {"points", points}});
        }
        out.push_back({{"lhs", e.lhs},
                       {"op", e.op},
                       {"threshold", e.threshold},
                       {"series", series},
                       {"error", e.error.empty() ? json(nullptr) : json(e.error)}});
    }
    return out;
}

}  // namespace

void print_check(std::FILE* out, const verify::Check& c) {
    std::fprintf(out, "  %s  %-32s %s\n", c.warning ? "WARN" : (c.passed ? "ok  " : "FAIL"),
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
        const char* overall = "PASS";
        for (const auto& c : a.checks) {
            if (c.failed())
                overall = "FAIL";
            else if (c.inconclusive && std::string(overall) == "PASS")
                overall = "INCONCLUSIVE";
        }
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

std::vector<verify::Check> all_checks(const verify::VerifyReport* verification,
                                      const std::vector<ThresholdVerdict>& thresholds) {
    std::vector<verify::Check> out;
    if (verification != nullptr)
        out = verification->all();
    for (const auto& t : thresholds)
        out.push_back({"threshold " + t.name, t.passed, "observed " + t.observed_text});
    return out;
}

nlohmann::json verification_json(const verify::VerifyReport& report) {
    using nlohmann::json;
    auto ms = [](const std::optional<verify::Millis>& t) {
        return t ? json(t->count()) : json(nullptr);
    };
    json alerts = json::array();
    for (const auto& a : report.alerts) {
        json checks = json::array();
        for (const auto& c : a.checks)
            checks.push_back(check_json(c));
        const json receivers = a.timeline.receivers();
        const json delivered_to = a.timeline.delivered_to();
        alerts.push_back(
            {{"alert", a.alert},
             {"pending_ms", ms(a.timeline.pending())},
             {"firing_ms", ms(a.timeline.firing())},
             {"alertmanager_ms", ms(a.timeline.in_alertmanager())},
             {"resolved_ms", ms(a.timeline.resolved())},
             {"receivers", receivers},
             {"delivered_ms", ms(a.timeline.delivered())},
             {"resolved_delivered_ms", ms(a.timeline.resolved_delivered())},
             {"delivered_to", delivered_to},
             {"fire_deadline_ms", a.fire.value.count()},
             {"fire_deadline_source", a.fire.source},
             {"resolve_deadline_ms", a.resolve.value.count()},
             {"resolve_deadline_source", a.resolve.source},
             {"trigger_phase", a.trigger ? json(a.trigger->name) : json(nullptr)},
             {"trigger_phase_start_ms", a.trigger ? json(a.trigger->at.count()) : json(nullptr)},
             {"rule_problem", a.rule_problem},
             {"states", states_json(a.timeline)},
             {"expression", expression_json(a.expression)},
             {"checks", checks}});
    }
    json queries = json::array();
    for (const auto& q : report.queries)
        queries.push_back(check_json(q));
    return {{"alerts", alerts},
            {"quiet", check_json(report.quiet)},
            {"outages", report.outages},
            {"already_firing", report.already_firing},
            {"queries", queries},
            {"interrupted", report.interrupted},
            {"traffic_end_ms", report.traffic_end.count()}};
}

}  // namespace report
