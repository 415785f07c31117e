#include "cli/scenario_files.hpp"

#include <algorithm>
#include <cstdio>

#include "scenario/limits.hpp"
#include "util/locate.hpp"
#include "util/text_file.hpp"

namespace cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_stdin_name = "<stdin>";

/// Standard input, read like a file: at most the limit, then refused.
util::Result<std::string> read_stdin() {
    constexpr std::size_t limit = scenario::limits::k_file_bytes;
    std::string text(limit + 1, '\0');
    const std::size_t got = std::fread(text.data(), 1, text.size(), stdin);
    if (std::ferror(stdin))
        return util::fail(util::ExitCode::usage, "cannot read the scenario", k_stdin_name);
    if (got > limit)
        return util::fail(util::ExitCode::usage,
                          "is larger than " + std::to_string(limit >> 20) +
                              " MiB, the most obsctl reads for a scenario",
                          k_stdin_name);
    text.resize(got);
    return text;
}

scenario::Checked read_file(const fs::path& file) {
    auto text = util::read_text_file(file, scenario::limits::k_file_bytes, "scenario file");
    if (!text)
        return std::unexpected(std::vector{text.error()});
    return scenario::check_scenario(*text, file.string());
}

}  // namespace

std::vector<fs::path> bundled_scenarios(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto ext = entry.path().extension();
        const bool schema = entry.path().filename().string().ends_with(".schema.json");
        if ((ext == ".yaml" || ext == ".yml" || ext == ".json") && !schema)
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

scenario::Checked read_scenario(const std::string& name_or_path,
                                const fs::path& scenarios_dir_override) {
    if (name_or_path == "-") {
        auto text = read_stdin();
        if (!text)
            return std::unexpected(std::vector{text.error()});
        return scenario::check_scenario(*text, k_stdin_name);
    }
    std::error_code ec;
    // A path that exists wins over a bundled name; a directory is refused by read_file.
    if (fs::exists(name_or_path, ec))
        return read_file(name_or_path);
    auto dir = util::find_data_dir("scenarios", scenarios_dir_override);
    if (!dir)
        return std::unexpected(std::vector{dir.error()});
    std::string known;
    for (const auto& file : bundled_scenarios(*dir)) {
        if (file.stem() == name_or_path)
            return read_file(file);
        known += (known.empty() ? "" : ", ") + file.stem().string();
    }
    return std::unexpected(std::vector{
        util::Error{"no scenario file or bundled scenario named \"" + name_or_path + "\"", "",
                    "bundled: " + known, util::ExitCode::usage}});
}

std::vector<std::string> mistake_lines(const std::vector<util::Error>& mistakes) {
    std::vector<std::string> lines;
    for (const auto& m : mistakes) {
        if (lines.size() == scenario::limits::k_mistakes_shown) {
            lines.push_back("… and " + std::to_string(mistakes.size() - lines.size()) + " more");
            break;
        }
        lines.push_back(m.message());
    }
    return lines;
}

util::Result<scenario::Scenario> find_scenario(const std::string& name_or_path,
                                               const fs::path& scenarios_dir_override) {
    auto s = read_scenario(name_or_path, scenarios_dir_override);
    if (s)
        return std::move(*s);
    if (s.error().size() == 1)
        return std::unexpected(s.error().front());
    for (const auto& line : mistake_lines(s.error()))
        std::fprintf(stderr, "%s\n", line.c_str());
    return util::fail(util::ExitCode::usage,
                      std::to_string(s.error().size()) + " mistakes in the scenario, listed above",
                      name_or_path, "obsctl validate lists them without running anything");
}

}  // namespace cli
