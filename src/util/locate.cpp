#include "util/locate.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string>

namespace util {

namespace fs = std::filesystem;

fs::path executable_path() {
    std::error_code ec;
    auto path = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : path;
}

namespace {

/// $OBSCTL_<NAME>_DIR for "stack" or "scenarios".
std::string own_variable(std::string_view name) {
    std::string env = "OBSCTL_";
    for (char c : name)
        env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return env + "_DIR";
}

/// An override names a directory or is an error: never silently skipped.
Result<fs::path> overridden(const fs::path& dir, std::string_view by) {
    if (std::error_code ec; fs::is_directory(dir, ec))
        return fs::absolute(dir, ec);
    return fail(ExitCode::usage, "not a directory", dir.string(), "set by " + std::string(by));
}

}  // namespace

Result<fs::path> find_data_dir(std::string_view name, const fs::path& override_dir) {
    return find_data_dir(name, override_dir, executable_path());
}

Result<fs::path> find_data_dir(std::string_view name, const fs::path& override_dir,
                               const fs::path& executable) {
    const std::string option = "--" + std::string(name) + "-dir";
    if (!override_dir.empty())
        return overridden(override_dir, option);
    const std::string own = own_variable(name);
    if (const char* value = std::getenv(own.c_str()); value != nullptr && *value != '\0')
        return overridden(value, "$" + own);
    if (const char* value = std::getenv("OBSCTL_DATA_DIR"); value != nullptr && *value != '\0')
        return overridden(fs::path(value) / name, "$OBSCTL_DATA_DIR");
    const std::string hint =
        "set $OBSCTL_DATA_DIR to the directory holding scenarios/ and "
        "stack/, or $" +
        own + ", or pass " + option;
    // Without its own path (no /proc), a relative share/obsctl would read the working directory.
    if (executable.empty())
        return fail(ExitCode::usage,
                    "cannot find obsctl's " + std::string(name) +
                        " directory: obsctl cannot read its own path (/proc/self/exe)",
                    {}, hint);
    const fs::path beside = executable.parent_path().parent_path() / "share" / "obsctl" / name;
    if (std::error_code ec; fs::is_directory(beside, ec))
        return fs::weakly_canonical(beside, ec);  // a build tree's link: the checkout's path
    return fail(ExitCode::usage,
                "cannot find obsctl's " + std::string(name) + " directory: tried " +
                    beside.string() + ", next to " + executable.string(),
                {}, hint);
}

fs::path find_sibling_program(std::string_view name) {
    const fs::path exe_dir = executable_path().parent_path();
    for (const auto& candidate :
         {exe_dir / name, exe_dir.parent_path() / "libexec" / "obsctl" / name}) {
        if (access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
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
