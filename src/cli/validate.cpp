#include <cstdio>

#include "cli/command.hpp"
#include "cli/scenario_files.hpp"
#include "util/duration.hpp"

namespace cli {
namespace {

util::Result<util::ExitCode> run_validate(const std::vector<std::string>& files) {
    bool all_good = true;
    for (const auto& file : files) {
        auto s = scenario::load_scenario(file);
        if (!s) {
            std::fprintf(stderr, "%s\n", s.error().message().c_str());
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
    auto files = std::make_shared<std::vector<std::string>>();
    auto* cmd = parent.add_subcommand(
        "validate", "Check scenario files: one line per mistake with file:line:col, exit 2");
    cmd->add_option("files", *files, "Scenario files (YAML or JSON)")->required();
    cmd->callback([files, &action] { action = [files] { return run_validate(*files); }; });
}

}  // namespace cli
