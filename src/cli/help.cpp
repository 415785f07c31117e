#include <cstdio>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "util/text.hpp"

namespace cli {

namespace {

std::vector<std::string> names(const std::vector<const CLI::App*>& commands) {
    std::vector<std::string> out;
    for (const auto* c : commands)
        out.push_back(c->get_name());
    return out;
}

}  // namespace

util::Result<util::ExitCode> print_help(const CLI::App& root,
                                        const std::vector<std::string>& words) {
    const CLI::App* at = &root;
    std::string name = root.get_name();
    for (const auto& word : words) {
        const auto* next = find_command(*at, {word});
        if (next == nullptr) {
            const auto known = names(visible_subcommands(*at));
            const auto near = util::closest(word, known);
            return util::fail(
                util::ExitCode::usage, "unknown command \"" + util::join(words, " ") + "\"", {},
                (near.empty() ? "" : "did you mean " + near + "? ") + "commands" +
                    (at == &root ? "" : " of " + name) + ": " + util::join(known, ", "));
        }
        at = next;
        name += " " + word;
    }
    std::fputs(at->get_formatter()->make_help(at, name, CLI::AppFormatMode::Normal).c_str(),
               stdout);
    return util::ExitCode::ok;
}

void setup_help(CLI::App& app, Action& action) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto* cmd =
        app.add_subcommand("help", "A command's help: obsctl help run, obsctl help stack up");
    cmd->add_option("command", *words, "The command (and its subcommand)");
    set_examples(*cmd, {"obsctl help run", "obsctl help stack up"});
    cmd->callback(
        [&app, words, &action] { action = [&app, words] { return print_help(app, *words); }; });
}

}  // namespace cli
