#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace cli {

/// One command of obsctl's tree as a shell completes it, read from CLI11's own tree (so the
/// completions can never offer an option that the parser does not know).
struct CompletionCommand {
    /// What a word after the command is completed with when it is not an option.
    enum class Words { none, subcommands, scenarios, files, commands, shells };
    struct Option {
        std::vector<std::string> names;  ///< "-q", "--quiet"
        std::string description;
        bool takes_value = false;
        bool file_value = false;  ///< its value is text, completed as a path
    };
    std::string path;  ///< "/stack/up"; "" for obsctl itself
    std::string name;  ///< "up"
    std::string description;
    std::vector<Option> options;
    std::vector<const CompletionCommand*> subcommands;  ///< into the same vector, visible ones
    Words words = Words::none;
};

/// Every command under `root`, `root` first, parents before their subcommands.
std::vector<CompletionCommand> completion_tree(const CLI::App& root);

std::string bash_completion(const std::vector<CompletionCommand>& tree);
std::string zsh_completion(const std::vector<CompletionCommand>& tree);
std::string fish_completion(const std::vector<CompletionCommand>& tree);

}  // namespace cli
