#include <cstdio>
#include <fstream>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "cli/init_templates.hpp"
#include "util/locate.hpp"

namespace cli {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
    std::string file = "scenario.yaml";  ///< "-": stdout
    bool rules = false;                  ///< also rules.yml and alertmanager.yml
    bool force = false;                  ///< overwrite existing files
};

struct Output {
    fs::path path;
    std::string text;
};

void replace_all(std::string& text, std::string_view from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

/// Where editors find the scenario schema: the one obsctl reads its bundled scenarios beside,
/// else its bare name (an editor then says it cannot find it, nothing worse).
std::string schema_location() {
    auto dir = util::find_data_dir("scenarios", {});
    std::error_code ec;
    if (dir && fs::exists(*dir / "scenario.schema.json", ec))
        return fs::absolute(*dir / "scenario.schema.json").lexically_normal().string();
    return "scenario.schema.json";
}

/// The files to write, placeholders filled: the scenario, and with --rules the two files
/// beside it, named as the scenario's comments and the printed command name them.
std::vector<Output> outputs(const InitOptions& o) {
    const bool to_stdout = o.file == "-";
    const fs::path scenario = to_stdout ? fs::path("scenario.yaml") : fs::path(o.file);
    const fs::path dir = scenario.parent_path();
    const fs::path rules = dir / "rules.yml", alertmanager = dir / "alertmanager.yml";
    std::string stem = scenario.stem().string();
    if (stem.empty() || to_stdout)
        stem = "my-scenario";
    // Double-quoted, so that a file named null.yaml or "a #1.yaml" gives its name as written.
    std::string name = "\"";
    for (char c : stem)
        name += (c == '"' || c == '\\') ? std::string{'\\', c} : std::string{c};
    name += '"';
    auto fill = [&](std::string_view text) {
        std::string out(text);
        replace_all(out, "@TRAFFIC@", std::string(init_templates::k_traffic));
        replace_all(out, "@SCHEMA@", schema_location());
        replace_all(out, "@NAME@", name);
        replace_all(out, "@FILE@", to_stdout ? "FILE" : scenario.string());
        replace_all(out, "@RULES@", rules.string());
        replace_all(out, "@ALERTMANAGER@", alertmanager.string());
        return out;
    };
    std::vector<Output> out{
        {scenario, fill(o.rules ? init_templates::k_rules_scenario : init_templates::k_scenario)}};
    if (o.rules) {
        out.push_back({rules, fill(init_templates::k_rules)});
        out.push_back({alertmanager, fill(init_templates::k_alertmanager)});
    }
    return out;
}

/// What to run next, as the user types it.
std::vector<std::string> next_commands(const InitOptions& o) {
    const std::string file = o.file;
    if (!o.rules)
        return {"obsctl validate " + file,
                "obsctl run " + file + " --local-stack --time-scale 0.1"};
    const fs::path dir = fs::path(file).parent_path();
    const std::string rules = (dir / "rules.yml").string();
    const std::string am = (dir / "alertmanager.yml").string();
    return {"obsctl validate " + file + " --rules " + rules,
            "obsctl run " + file + " --rules " + rules + " --alertmanager-config " + am +
                " --local-stack --time-scale 0.1"};
}

util::Result<util::ExitCode> run_init(const InitOptions& o) {
    if (o.file.empty())
        return util::fail(util::ExitCode::usage, "init: FILE is empty (- writes to stdout)");
    if (o.file == "-" && o.rules)
        return util::fail(util::ExitCode::usage,
                          "init --rules writes three files (the scenario, rules.yml, "
                          "alertmanager.yml): give the scenario's FILE, not -");
    const auto files = outputs(o);
    if (o.rules) {
        const fs::path scenario = fs::absolute(files.front().path).lexically_normal();
        for (std::size_t i = 1; i < files.size(); ++i) {
            if (fs::absolute(files[i].path).lexically_normal() == scenario)
                return util::fail(util::ExitCode::usage,
                                  "is where init --rules writes its " +
                                      files[i].path.filename().string() +
                                      ": the scenario would be overwritten",
                                  o.file, "name the scenario's FILE otherwise, e.g. scenario.yaml");
        }
    }
    if (o.file == "-") {
        std::fputs(files.front().text.c_str(), stdout);
        return util::ExitCode::ok;
    }
    // Nothing is written when any of the files is there: never half a set.
    for (const auto& f : files) {
        std::error_code ec;
        if (!o.force && fs::exists(f.path, ec))
            return util::fail(util::ExitCode::usage,
                              "already exists; obsctl init does not overwrite it", f.path.string(),
                              "--force does, or give another FILE");
    }
    for (const auto& f : files) {
        std::error_code ec;
        if (f.path.has_parent_path())
            fs::create_directories(f.path.parent_path(), ec);  // a failure is said just below
        std::ofstream out(f.path, std::ios::binary | std::ios::trunc);
        out << f.text;
        out.close();
        if (!out)
            return util::fail(util::ExitCode::usage, "cannot write it", f.path.string());
        std::printf("wrote %s\n", f.path.string().c_str());
    }
    std::printf("next:\n");
    for (const auto& command : next_commands(o))
        std::printf("  %s\n", command.c_str());
    return util::ExitCode::ok;
}

}  // namespace

void setup_init(CLI::App& parent, Action& action) {
    auto o = std::make_shared<InitOptions>();
    auto* cmd = parent.add_subcommand(
        "init",
        "Write a commented scenario to start from (with --rules: rules and Alertmanager "
        "config too)");
    cmd->add_option("FILE", o->file, "The scenario to write (- : stdout)")->capture_default_str();
    cmd->add_flag("--rules", o->rules,
                  "Also write rules.yml (one alerting rule) and alertmanager.yml (a route and a "
                  "webhook receiver) beside FILE, and a scenario that expects that rule");
    cmd->add_flag("--force", o->force, "Overwrite files that exist");
    set_examples(*cmd, {"obsctl init && obsctl run scenario.yaml --local-stack --time-scale 0.1",
                        "obsctl init --rules checks/errors.yaml", "obsctl init - > my.yaml"});
    cmd->callback([o, &action] { action = [o] { return run_init(*o); }; });
}

}  // namespace cli
