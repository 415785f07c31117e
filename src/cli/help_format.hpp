#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string>
#include <vector>

namespace cli {

/// The help's option groups, in the order every subcommand prints them (a group not listed
/// comes after these, in the order its first option was added).
inline constexpr const char* k_help_groups[] = {"Options",      "Scenarios", "Traffic",
                                                "Endpoints",    "Stack",     "Ports",
                                                "Verification", "Reports",   "Output"};

/// CLI11's formatter with the groups in `k_help_groups`' order instead of the order in which
/// options happened to be added (run's options come from several shared `add_to`s). CLI11 2.1's
/// `make_groups` is not virtual: `make_help` is, and is CLI11's own but for that one call.
class GroupedFormatter : public CLI::Formatter {
  public:
    std::string make_help(const CLI::App* app, std::string name,
                          CLI::AppFormatMode mode) const override;

  private:
    std::string grouped_options(const CLI::App* app, CLI::AppFormatMode mode) const;
};

/// `app`'s option groups that hold at least one named (not positional) option, in help order.
std::vector<std::string> help_groups(const CLI::App& app);

/// Puts every option that `add` adds to `cmd` into the help group `group`. Only what the help
/// shows changes (CLI11's `Option::group`), never how the options parse.
template <class AddOptions>
void in_group(CLI::App& cmd, const std::string& group, AddOptions add) {
    const auto before = cmd.get_options().size();
    add();
    auto options = cmd.get_options();
    for (auto i = before; i < options.size(); ++i)
        options[i]->group(group);
}

/// Sets `cmd`'s footer: "Examples:" and one command a line, then the exit codes. The man pages
/// read the same footer (its "Examples:" paragraph becomes their EXAMPLES section).
void set_examples(CLI::App& cmd, std::initializer_list<const char*> commands);

/// `app`'s subcommands a user sees (hidden ones, such as `completion`, have an empty group).
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);

/// The command `words` name under `root` ({"stack", "up"}), or nullptr.
const CLI::App* find_command(const CLI::App& root, const std::vector<std::string>& words);

}  // namespace cli
