#include "util/locate.hpp"

#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace util {

namespace fs = std::filesystem;

fs::path executable_path() {
    std::error_code ec;
    auto path = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : path;
}

Result<fs::path> find_data_dir(std::string_view name, const fs::path& override_dir) {
    if (!override_dir.empty()) {
        if (fs::is_directory(override_dir))
            return fs::absolute(override_dir);
        return fail(ExitCode::usage, "not a directory", override_dir.string());
    }
    std::string env = "OBSCTL_";
    for (char c : name)
        env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    env += "_DIR";
    if (const char* value = std::getenv(env.c_str()); value != nullptr && *value != '\0') {
        if (fs::is_directory(value))
            return fs::path(value);
        return fail(ExitCode::usage, "not a directory", std::string(value), "set by $" + env);
    }
    std::vector<fs::path> tried;
    const fs::path exe_dir = executable_path().parent_path();
    tried.push_back(exe_dir.parent_path() / "share" / "obsctl" / name);
#ifdef OBSCTL_SOURCE_DIR
    tried.push_back(fs::path(OBSCTL_SOURCE_DIR) / name);
#endif
    for (const auto& candidate : tried) {
        if (fs::is_directory(candidate))
            return candidate;
    }
    std::string list;
    for (const auto& t : tried)
        list += (list.empty() ? "" : ", ") + t.string();
    return fail(ExitCode::usage, "cannot find obsctl's " + std::string(name) + " directory", list,
                "pass --" + std::string(name) + "-dir or set $" + env);
}

fs::path find_sibling_program(std::string_view name) {
    const fs::path beside = executable_path().parent_path() / name;
    if (access(beside.c_str(), X_OK) == 0)
        return beside;
    return fs::path(name);  // execvp searches PATH
}

fs::path default_state_dir() {
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg != '\0') {
        return fs::path(xdg) / "obsctl" / "stack";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return fs::path(home) / ".local" / "state" / "obsctl" / "stack";
    }
    return fs::path("/tmp") / ("obsctl-" + std::to_string(getuid())) / "stack";
}

}  // namespace util
