#include <cstdio>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "cli/scenario_files.hpp"
#include "stack/rule_files.hpp"
#include "stack/sources.hpp"
#include "util/duration.hpp"
#include "util/locate.hpp"

namespace cli {
namespace {

namespace fs = std::filesystem;

struct ValidateOptions {
    std::vector<std::string> files;  ///< paths, `-` (stdin) or bundled names
    std::vector<std::string> rules;  ///< --rules: files, directories, globs
};

/// Whether `file` is one of the bundled scenarios (in the scenarios directory obsctl finds).
bool bundled(const fs::path& file) {
    auto dir = util::find_data_dir("scenarios", {});
    std::error_code ec;
    return dir && fs::equivalent(fs::absolute(file).parent_path(), *dir, ec);
}

/// The rules a scenario's expectations are checked against: --rules, else the shipped stack's
/// for a bundled scenario; none otherwise (validate cannot know them).
util::Result<std::vector<stack::DeclaredRule>> rules_for(const ValidateOptions& o,
                                                         const fs::path& file) {
    std::vector<fs::path> files;
    if (!o.rules.empty()) {
        auto expanded = stack::expand_rule_paths(o.rules);
        if (!expanded)
            return std::unexpected(expanded.error());
        files = std::move(*expanded);
    } else if (bundled(file)) {
        auto stack_dir = util::find_data_dir("stack", {});
        if (!stack_dir)
            return std::vector<stack::DeclaredRule>{};
        files = stack::shipped_sources(*stack_dir).rule_files;
    }
    return stack::declared_alert_rules(files);
}

/// `within` shorter than the rule's `for`: the alert cannot fire in time, at any time scale
/// (both are scaled alike). One line per mistake.
std::vector<std::string> impossible_deadlines(const scenario::Scenario& s,
                                              const std::vector<stack::DeclaredRule>& rules) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.expect.fire.size(); ++i) {
        const auto& e = s.expect.fire[i];
        if (!e.within)
            continue;
        // Rules may share a name (with different `for` and labels): a mistake only when none
        // of them could fire in time; named by the quickest.
        const stack::DeclaredRule* quickest = nullptr;
        for (const auto& r : rules) {
            if (r.name == e.alert && (!quickest || r.for_duration < quickest->for_duration))
                quickest = &r;
        }
        if (quickest == nullptr || *e.within >= quickest->for_duration)
            continue;
        out.push_back(s.file.string() + ": expect.fire[" + std::to_string(i) + "].within: " +
                      util::format_duration(*e.within) + " is shorter than the for " +
                      util::format_duration(quickest->for_duration) + " of " + quickest->name +
                      " (" + quickest->file.string() + "): it cannot fire in time");
    }
    return out;
}

util::Result<util::ExitCode> run_validate(const ValidateOptions& o) {
    bool all_good = true;
    for (const auto& given : o.files) {
        auto s = read_scenario(given, {});
        if (!s) {
            for (const auto& line : mistake_lines(s.error()))
                std::fprintf(stderr, "%s\n", line.c_str());
            all_good = false;
            continue;
        }
        const std::string file = s->file.string();
        auto rules = rules_for(o, s->file);
        if (!rules)
            return std::unexpected(rules.error());
        const auto mistakes = impossible_deadlines(*s, *rules);
        for (const auto& m : mistakes)
            std::fprintf(stderr, "%s\n", m.c_str());
        if (!mistakes.empty()) {
            all_good = false;
            continue;
        }
        std::printf(
            "%s: ok (%s: %zu requests, %zu phases, %s)\n", file.c_str(), s->name.c_str(),
            s->requests.size(), s->phases.size(),
            util::format_duration(std::chrono::duration_cast<util::Millis>(s->duration())).c_str());
    }
    return all_good ? util::ExitCode::ok : util::ExitCode::usage;
}

}  // namespace

void setup_validate(CLI::App& parent, Action& action) {
    auto o = std::make_shared<ValidateOptions>();
    auto* cmd = parent.add_subcommand(
        "validate", "Check scenario files: one line per mistake with file:line:col, exit 2");
    cmd->add_option("files", o->files,
                    "Scenario files (YAML or JSON), bundled scenario names, or - for stdin")
        ->required();
    cmd->add_option("--rules", o->rules,
                    "Prometheus rule files (files, directories, globs): an expected alert's "
                    "`within` must not be shorter than its rule's `for`; bundled scenarios are "
                    "checked against the shipped stack's rules without it");
    set_examples(*cmd, {"obsctl validate my.yaml", "obsctl validate my.yaml --rules rules/"});
    cmd->callback([o, &action] { action = [o] { return run_validate(*o); }; });
}

}  // namespace cli
