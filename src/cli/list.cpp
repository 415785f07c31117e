#include <cstdio>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "cli/scenario_files.hpp"
#include "util/duration.hpp"
#include "util/locate.hpp"

namespace cli {
namespace {

util::Result<util::ExitCode> run_list(const std::filesystem::path& override_dir) {
    auto dir = util::find_data_dir("scenarios", override_dir);
    if (!dir)
        return std::unexpected(dir.error());
    std::printf("scenarios in %s\n", dir->c_str());
    for (const auto& file : bundled_scenarios(*dir)) {
        auto s = scenario::load_scenario(file);
        if (!s) {
            std::printf("%-8s %s\n", file.stem().c_str(), s.error().message().c_str());
            continue;
        }
        std::string phases, alerts;
        for (const auto& p : s->phases) {
            char buf[96];
            const auto d =
                util::format_duration(std::chrono::duration_cast<util::Millis>(p.duration));
            if (!p.open())
                std::snprintf(buf, sizeof buf, "%s %s %u vus", p.name.c_str(), d.c_str(), p.vus);
            else if (*p.rate_from == *p.rate_to)
                std::snprintf(buf, sizeof buf, "%s %s %g/s", p.name.c_str(), d.c_str(),
                              *p.rate_from);
            else
                std::snprintf(buf, sizeof buf, "%s %s %g->%g/s", p.name.c_str(), d.c_str(),
                              *p.rate_from, *p.rate_to);
            phases += (phases.empty() ? "" : ", ") + std::string(buf);
        }
        for (const auto& f : s->expect.fire)
            alerts += (alerts.empty() ? "" : ", ") + f.alert;
        std::printf("%-8s %s\n         phases: %s\n         expects: %s\n", s->name.c_str(),
                    s->description.c_str(), phases.c_str(),
                    alerts.empty() ? (s->expect.quiet ? "nothing fires" : "-") : alerts.c_str());
    }
    return util::ExitCode::ok;
}

}  // namespace

void setup_list(CLI::App& parent, Action& action) {
    auto dir = std::make_shared<std::filesystem::path>();
    auto* cmd = parent.add_subcommand(
        "list", "The bundled scenarios: description, phases, expected alerts");
    cmd->add_option("--scenarios-dir", *dir, "Where bundled scenarios are looked up");
    set_examples(*cmd, {"obsctl list", "obsctl run errors   # one of them, by name"});
    cmd->callback([dir, &action] { action = [dir] { return run_list(*dir); }; });
}

}  // namespace cli
