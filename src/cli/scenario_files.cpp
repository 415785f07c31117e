#include "cli/scenario_files.hpp"

#include <algorithm>

#include "util/locate.hpp"

namespace cli {

namespace fs = std::filesystem;

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

util::Result<scenario::Scenario> find_scenario(const std::string& name_or_path,
                                               const fs::path& scenarios_dir_override) {
    if (fs::is_regular_file(name_or_path))
        return scenario::load_scenario(name_or_path);
    auto dir = util::find_data_dir("scenarios", scenarios_dir_override);
    if (!dir)
        return std::unexpected(dir.error());
    std::string known;
    for (const auto& file : bundled_scenarios(*dir)) {
        if (file.stem() == name_or_path)
            return scenario::load_scenario(file);
        known += (known.empty() ? "" : ", ") + file.stem().string();
    }
    return util::fail(util::ExitCode::usage,
                      "no scenario file or bundled scenario named \"" + name_or_path + "\"", {},
                      "bundled: " + known);
}

}  // namespace cli
