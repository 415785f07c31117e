#include "cli/help_format.hpp"

#include <algorithm>
#include <iterator>
#include <sstream>

#include "util/exit_codes.hpp"

namespace cli {

namespace {

std::size_t rank(const std::string& group) {
    const auto* found = std::find(std::begin(k_help_groups), std::end(k_help_groups), group);
    return static_cast<std::size_t>(found - std::begin(k_help_groups));
}

std::vector<const CLI::Option*> named_options(const CLI::App& app, const std::string& group,
                                              CLI::AppFormatMode mode) {
    return app.get_options([&](const CLI::Option* opt) {
        return opt->get_group() == group && opt->nonpositional() &&
               (mode != CLI::AppFormatMode::Sub ||
                (app.get_help_ptr() != opt && app.get_help_all_ptr() != opt));
    });
}

}  // namespace

std::vector<std::string> help_groups(const CLI::App& app) {
    std::vector<std::string> groups;
    for (const auto& group : app.get_groups()) {
        if (!group.empty() && !named_options(app, group, CLI::AppFormatMode::Normal).empty())
            groups.push_back(group);
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& a, const auto& b) { return rank(a) < rank(b); });
    return groups;
}

std::string GroupedFormatter::make_help(const CLI::App* app, std::string name,
                                        CLI::AppFormatMode mode) const {
    if (mode == CLI::AppFormatMode::Sub)
        return make_expanded(app);
    return make_description(app) + make_usage(app, name) + make_positionals(app) +
           grouped_options(app, mode) + make_subcommands(app, mode) + "\n" + make_footer(app);
}

std::string GroupedFormatter::grouped_options(const CLI::App* app, CLI::AppFormatMode mode) const {
    // CLI11's make_group starts each group with its own blank line.
    std::ostringstream out;
    for (const auto& group : help_groups(*app)) {
        auto options = named_options(*app, group, mode);
        if (!options.empty())
            out << make_group(group, false, options);
    }
    return out.str();
}

void set_examples(CLI::App& cmd, std::initializer_list<const char*> commands) {
    std::string footer = "Examples:\n";
    for (const char* command : commands)
        footer += std::string("  ") + command + "\n";
    cmd.footer(footer + "\n" + util::k_exit_code_help);
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
    std::vector<const CLI::App*> out;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (!sub->get_group().empty())
            out.push_back(sub);
    }
    return out;
}

const CLI::App* find_command(const CLI::App& root, const std::vector<std::string>& words) {
    const CLI::App* at = &root;
    for (const auto& word : words) {
        const CLI::App* next = nullptr;
        for (const auto* sub : visible_subcommands(*at))
            next = sub->get_name() == word ? sub : next;
        if (next == nullptr)
            return nullptr;
        at = next;
    }
    return at;
}

}  // namespace cli
