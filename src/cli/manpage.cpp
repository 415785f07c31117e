// Man pages from CLI11's own tree and formatter: the same descriptions, option names, types,
// defaults and footer as `--help`, so a page cannot say something the help does not.
#include <cctype>
#include <fstream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "util/text.hpp"

namespace cli {

namespace {

/// Text as roff reads it: backslashes and hyphens escaped, and a line that would start with
/// a control character ('.' or '\'') made literal.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\''))
            out += "\\&";
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string upper(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

/// "Usage: obsctl run [OPTIONS] [scenarios...]" without "Usage:" and its line end.
std::string synopsis(const CLI::Formatter& format, const CLI::App& cmd, const std::string& name) {
    const auto text = format.make_usage(&cmd, name);
    const std::string usage(util::trim(text));
    const std::string prefix = "Usage: ";
    return usage.rfind(prefix, 0) == 0 ? usage.substr(prefix.size()) : usage;
}

void option_item(std::string& out, const CLI::Formatter& format, const CLI::Option& opt,
                 bool positional) {
    out += ".TP\n\\fB" + roff(format.make_option_name(&opt, positional)) + "\\fR" +
           roff(format.make_option_opts(&opt)) + "\n" + roff(opt.get_description()) + "\n";
}

/// The footer's paragraphs, each "Title: text" (Examples:, Exit codes:) as a section of its own
/// with its lines kept as they are.
void footer_sections(std::string& out, const std::string& footer) {
    std::size_t at = 0;
    while (at < footer.size()) {
        auto end = footer.find("\n\n", at);
        if (end == std::string::npos)
            end = footer.size();
        const auto paragraph = footer.substr(at, end - at);
        at = end + 2;
        const auto colon = paragraph.find(':');
        if (paragraph.empty() || colon == std::string::npos)
            continue;
        const auto title = paragraph.substr(0, colon);
        const auto title_upper = title == "Exit codes" ? "EXIT STATUS" : upper(title);
        // The help indents the lines under the title; the section indents them itself.
        std::string body;
        std::istringstream lines(paragraph.substr(colon + 1));
        for (std::string line; std::getline(lines, line);) {
            const std::string kept(util::trim(line));
            if (!kept.empty())
                body += kept + "\n";
        }
        out += ".SH \"" + title_upper + "\"\n.nf\n" + roff(body) + ".fi\n";
    }
}

std::string page_name(const std::vector<std::string>& words) {
    std::string name = "obsctl";
    for (const auto& w : words)
        name += "-" + w;
    return name;
}

std::string man_page(const CLI::App& cmd, const std::vector<std::string>& words,
                     const std::string& version) {
    std::string name = "obsctl";
    for (const auto& w : words)
        name += " " + w;
    const auto page = page_name(words);
    // main() sets a GroupedFormatter, which is a CLI::Formatter; CLI11's own otherwise.
    static const CLI::Formatter fallback;
    const auto* set = dynamic_cast<const CLI::Formatter*>(cmd.get_formatter().get());
    const CLI::Formatter& format = set != nullptr ? *set : fallback;
    std::string out = ".TH " + upper(page) + " 1 \"\" \"obsctl " + version +
                      "\" \"User Commands\"\n"
                      // No hyphenation, ragged right: option names stay whole, as typed.
                      ".nh\n.ad l\n.SH NAME\n" +
                      roff(page) + " \\- " + roff(cmd.get_description()) + "\n.SH SYNOPSIS\n.B " +
                      roff(synopsis(format, cmd, name)) + "\n";
    const auto subs = visible_subcommands(cmd);
    if (!subs.empty()) {
        out += ".SH COMMANDS\n";
        for (const auto* sub : subs) {
            auto sub_words = words;
            sub_words.push_back(sub->get_name());
            out += ".TP\n\\fB" + roff(sub->get_name()) + "\\fR\n" + roff(sub->get_description()) +
                   " (\\fB" + roff(page_name(sub_words)) + "\\fR(1))\n";
        }
    }
    const auto positionals =
        cmd.get_options([](const CLI::Option* o) { return !o->nonpositional(); });
    if (!positionals.empty()) {
        out += ".SH ARGUMENTS\n";
        for (const auto* opt : positionals)
            option_item(out, format, *opt, true);
    }
    out += ".SH OPTIONS\n";
    for (const auto& group : help_groups(cmd)) {
        out += ".SS " + roff(group) + "\n";
        for (const auto* opt : cmd.get_options([&](const CLI::Option* o) {
                 return o->nonpositional() && o->get_group() == group;
             }))
            option_item(out, format, *opt, false);
    }
    footer_sections(out, cmd.get_footer());
    // The parent's page, then the subcommands'.
    std::vector<std::string> see;
    if (!words.empty())
        see.push_back(page_name({words.begin(), words.end() - 1}));
    for (const auto* sub : subs) {
        auto sub_words = words;
        sub_words.push_back(sub->get_name());
        see.push_back(page_name(sub_words));
    }
    out += ".SH \"SEE ALSO\"\n";
    for (std::size_t i = 0; i < see.size(); ++i)
        out += (i == 0 ? "\\fB" : ", \\fB") + roff(see[i]) + "\\fR(1)";
    return out + "\n";
}

/// Writes `cmd`'s page and its subcommands' into `dir`.
util::Result<util::ExitCode> write_pages(const CLI::App& cmd, std::vector<std::string> words,
                                         const std::filesystem::path& dir) {
    const auto file = dir / (page_name(words) + ".1");
    std::ofstream out(file);
    out << man_page(cmd, words, OBSCTL_VERSION);
    if (!out.flush())
        return util::fail(util::ExitCode::usage, "cannot write", file.string());
    for (const auto* sub : visible_subcommands(cmd)) {
        words.push_back(sub->get_name());
        auto written = write_pages(*sub, words, dir);
        if (!written)
            return written;
        words.pop_back();
    }
    return util::ExitCode::ok;
}

}  // namespace

void setup_manpages(CLI::App& app, Action& action) {
    auto dir = std::make_shared<std::filesystem::path>();
    // Hidden: the build runs it (cmake/manpages.cmake); users read the pages with man.
    auto* cmd = app.add_subcommand("manpages", "Write obsctl.1 and obsctl-COMMAND.1 into DIR");
    cmd->group("");
    cmd->add_option("dir", *dir, "The directory (man1/)")->required();
    cmd->callback([&app, dir, &action] {
        action = [&app, dir]() -> util::Result<util::ExitCode> {
            std::error_code ec;
            std::filesystem::create_directories(*dir, ec);
            return write_pages(app, {}, *dir);
        };
    });
}

}  // namespace cli
