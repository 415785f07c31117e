// The coverage table and the --coverage file.
#include <nlohmann/json.hpp>

#include <map>

#include "coverage/coverage.hpp"
#include "util/text.hpp"
#include "util/text_file.hpp"

namespace coverage {

void print(std::FILE* out, const Coverage& c) {
    std::fprintf(out, "rule coverage: %zu of %zu alerting rules (%.0f%%)\n", c.covered(),
                 c.rules.size(), c.percent());
    std::size_t name_width = 4, group_width = 5;
    for (const auto& r : c.rules) {
        name_width = std::max(name_width, r.name.size());
        group_width = std::max(group_width, r.group.size());
    }
    const int nw = static_cast<int>(name_width), gw = static_cast<int>(group_width);
    std::fprintf(out, "  %-*s  %-*s  %-9s  %-18s  %s\n", nw, "rule", gw, "group", "severity",
                 "status", "scenarios");
    // severity -> (covered, total), in name order
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_severity;
    for (const auto& r : c.rules) {
        const auto scenarios = r.scenarios();
        std::fprintf(out, "  %-*s  %-*s  %-9s  %-18s  %s\n", nw, r.name.c_str(), gw,
                     r.group.c_str(), r.severity.empty() ? "-" : r.severity.c_str(),
                     r.status().c_str(),
                     scenarios.empty() ? "-" : util::join(scenarios, ", ").c_str());
        auto& count = by_severity[r.severity.empty() ? "(none)" : r.severity];
        count.first += r.covered() ? 1 : 0;
        ++count.second;
    }
    std::vector<std::string> parts;
    for (const auto& [severity, count] : by_severity) {
        parts.push_back(severity + " " + std::to_string(count.first) + " of " +
                        std::to_string(count.second));
    }
    if (!parts.empty())
        std::fprintf(out, "  by severity: %s\n", util::join(parts, ", ").c_str());
}

std::string to_json(const Coverage& c) {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& r : c.rules) {
        nlohmann::json outcomes = nlohmann::json::array();
        for (const auto& o : r.outcomes) {
            outcomes.push_back({{"scenario", o.scenario},
                                {"expected", o.expected},
                                {"pending", o.pending},
                                {"fired", o.fired},
                                {"passed", o.passed},
                                {"not_judged", o.not_judged}});
        }
        rules.push_back({{"name", r.name},
                         {"group", r.group},
                         {"severity", r.severity},
                         {"status", r.status()},
                         {"outcomes", outcomes}});
    }
    nlohmann::json doc{{"obsctl_coverage", 1},
                       {"covered", c.covered()},
                       {"rules_total", c.rules.size()},
                       {"percent", c.percent()},
                       {"rules", rules}};
    return doc.dump(2) + "\n";
}

util::Result<Coverage> read_file(const std::filesystem::path& file) {
    auto text = util::read_text_file(file, 64u << 20, "coverage file");
    if (!text)
        return std::unexpected(text.error());
    return parse(*text, file.string());
}

util::Result<Coverage> parse(const std::string& text, const std::string& where) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    auto refuse = [&](const std::string& why) {
        return util::fail(util::ExitCode::usage, "not an obsctl coverage file: " + why, where,
                          "write one with obsctl run ... --coverage FILE");
    };
    if (doc.is_discarded() || !doc.is_object() || doc.value("obsctl_coverage", 0) != 1)
        return refuse("no \"obsctl_coverage\": 1");
    Coverage c;
    try {
        for (const auto& r : doc.at("rules")) {
            Rule rule{r.at("name").get<std::string>(),
                      r.value("group", std::string()),
                      r.value("severity", std::string()),
                      {}};
            for (const auto& o : r.at("outcomes")) {
                rule.outcomes.push_back({o.at("scenario").get<std::string>(),
                                         o.value("expected", false), o.value("pending", false),
                                         o.value("fired", false), o.value("passed", false),
                                         o.value("not_judged", false)});
            }
            c.rules.push_back(std::move(rule));
        }
    } catch (const nlohmann::json::exception& e) {
        return refuse(e.what());
    }
    return c;
}

}  // namespace coverage
