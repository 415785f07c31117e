#include "cli/completion.hpp"

#include <cstdio>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "cli/scenario_files.hpp"
#include "util/locate.hpp"

namespace cli {

namespace {

CompletionCommand::Words positional_words(const CLI::App& cmd) {
    using Words = CompletionCommand::Words;
    if (!visible_subcommands(cmd).empty())
        return Words::subcommands;
    for (const auto* opt :
         cmd.get_options([](const CLI::Option* o) { return !o->nonpositional(); })) {
        const auto& name = opt->get_name();
        if (name == "scenarios")
            return Words::scenarios;
        if (name == "command")
            return Words::commands;
        if (name == "shell")
            return Words::shells;
        return Words::files;
    }
    return Words::none;
}

void add_commands(const CLI::App& cmd, const std::string& path,
                  std::vector<CompletionCommand>& out) {
    CompletionCommand c;
    c.path = path;
    c.name = cmd.get_name();
    c.description = cmd.get_description();
    c.words = positional_words(cmd);
    for (const auto* opt :
         cmd.get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
        if (opt->get_group().empty())
            continue;  // hidden
        CompletionCommand::Option o;
        for (const auto& s : opt->get_snames())
            o.names.push_back("-" + s);
        for (const auto& l : opt->get_lnames())
            o.names.push_back("--" + l);
        o.description = opt->get_description();
        o.takes_value = opt->get_expected_max() > 0;  // a flag expects none
        o.file_value = o.takes_value && opt->get_type_name().rfind("TEXT", 0) == 0;
        c.options.push_back(std::move(o));
    }
    out.push_back(std::move(c));
    for (const auto* sub : visible_subcommands(cmd))
        add_commands(*sub, path + "/" + sub->get_name(), out);
}

/// Prints the bundled scenarios' names, one a line: what the scripts offer for `run` and
/// `verify`'s positional (nothing when obsctl finds no scenarios directory).
util::Result<util::ExitCode> print_scenario_names() {
    auto dir = util::find_data_dir("scenarios", {});
    if (!dir)
        return util::ExitCode::ok;
    for (const auto& file : bundled_scenarios(*dir))
        std::printf("%s\n", file.stem().c_str());
    return util::ExitCode::ok;
}

}  // namespace

std::vector<CompletionCommand> completion_tree(const CLI::App& root) {
    std::vector<CompletionCommand> out;
    add_commands(root, "", out);
    // Pointers only once the vector no longer grows.
    for (auto& c : out) {
        for (const auto& other : out) {
            const auto slash = other.path.rfind('/');
            if (!other.path.empty() && other.path.substr(0, slash) == c.path)
                c.subcommands.push_back(&other);
        }
    }
    return out;
}

void setup_completion(CLI::App& app, Action& action) {
    auto shell = std::make_shared<std::string>();
    auto names = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "completion", "Print the completion script for bash, zsh or fish (packages install them)");
    cmd->add_option("shell", *shell, "bash, zsh or fish")
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    // For the scripts themselves: the names they offer where a scenario goes.
    cmd->add_flag("--scenarios", *names, "Print the bundled scenarios' names")->group("");
    set_examples(*cmd, {"source <(obsctl completion bash)",
                        "obsctl completion fish > ~/.config/fish/completions/obsctl.fish"});
    cmd->callback([&app, shell, names, &action] {
        action = [&app, shell, names]() -> util::Result<util::ExitCode> {
            if (*names)
                return print_scenario_names();
            if (shell->empty())
                return util::fail(util::ExitCode::usage, "which shell?", {}, "bash, zsh or fish");
            const auto tree = completion_tree(app);
            const auto script = *shell == "bash"  ? bash_completion(tree)
                                : *shell == "zsh" ? zsh_completion(tree)
                                                  : fish_completion(tree);
            std::fputs(script.c_str(), stdout);
            return util::ExitCode::ok;
        };
    });
}

}  // namespace cli
