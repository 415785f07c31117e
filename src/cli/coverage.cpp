// obsctl coverage: merges the --coverage files of separate runs (CI jobs) into one table.
#include <cstdio>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "coverage/coverage.hpp"
#include "report/files.hpp"

namespace cli {
namespace {

struct CoverageCli {
    std::vector<std::filesystem::path> files;
    std::filesystem::path out;
    std::optional<double> min_coverage;
    bool quiet = false;
};

util::Result<util::ExitCode> run_coverage(const CoverageCli& o) {
    if (!o.out.empty()) {
        if (auto ok = report::check_writable(o.out); !ok)
            return std::unexpected(ok.error());
    }
    coverage::Coverage total;
    for (const auto& file : o.files) {
        auto one = coverage::read_file(file);
        if (!one)
            return std::unexpected(one.error());
        total.merge(*one);
    }
    if (!o.quiet)
        coverage::print(stdout, total);
    if (!o.out.empty()) {
        if (auto ok = report::write_file(o.out, coverage::to_json(total)); !ok)
            return std::unexpected(ok.error());
    }
    if (o.min_coverage) {
        if (auto why = coverage::below(total, *o.min_coverage)) {
            std::printf("FAIL  %s\n", why->c_str());
            return util::ExitCode::check_failed;
        }
    }
    return util::ExitCode::ok;
}

}  // namespace

void setup_coverage(CLI::App& parent, Action& action) {
    auto o = std::make_shared<CoverageCli>();
    auto* cmd = parent.add_subcommand(
        "coverage",
        "Merge rule coverage files (obsctl run/verify --coverage) of separate runs into one table");
    cmd->add_option("files", o->files, "Coverage files")->required();
    cmd->add_option("--coverage", o->out, "Write the merged coverage as JSON");
    cmd->add_option("--min-coverage", o->min_coverage,
                    "Exit 1 when fewer than PERCENT of the rules are covered")
        ->check(finite_range(0.0, 100.0));
    cmd->add_flag("-q,--quiet", o->quiet, "Print only a failing --min-coverage");
    set_examples(*cmd,
                 {"obsctl run errors --coverage a.json && obsctl run latency --coverage b.json",
                  "obsctl coverage a.json b.json --min-coverage 50"});
    cmd->callback([o, &action] { action = [o] { return run_coverage(*o); }; });
}

}  // namespace cli
