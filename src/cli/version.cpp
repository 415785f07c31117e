#include <cstdio>

#include "cli/command.hpp"
#include "net/curl_options.hpp"
#include "util/locate.hpp"

namespace cli {
namespace {

namespace fs = std::filesystem;

/// Where obsctl reads its scenarios and stack: one directory when both sit in it (an install,
/// $OBSCTL_DATA_DIR, a build tree's checkout), else each; or why none was found.
std::string data_dirs() {
    auto scenarios = util::find_data_dir("scenarios", {});
    auto stack = util::find_data_dir("stack", {});
    if (!scenarios)
        return "not found: " + scenarios.error().message();
    if (!stack)
        return "not found: " + stack.error().message();
    if (scenarios->parent_path() == stack->parent_path())
        return scenarios->parent_path().string();
    return "scenarios " + scenarios->string() + ", stack " + stack->string();
}

/// `obsctl --version`: one line.
std::string one_line() {
    return std::string("obsctl ") + OBSCTL_VERSION + " (commit " + OBSCTL_COMMIT + ", " +
           OBSCTL_BUILD_TYPE + ", libcurl " + net::curl_version() + ", data " + data_dirs() + ")";
}

util::Result<util::ExitCode> run_version() {
    std::printf("obsctl %s\ncommit:     %s\nbuild type: %s\nlibcurl:    %s\ndata:       %s\n",
                OBSCTL_VERSION, OBSCTL_COMMIT, OBSCTL_BUILD_TYPE, net::curl_version().c_str(),
                data_dirs().c_str());
    return util::ExitCode::ok;
}

}  // namespace

void setup_version(CLI::App& parent, Action& action) {
    parent.set_version_flag("-V,--version", one_line,
                            "Print the version, commit, build type, libcurl and data directory");
    auto* cmd = parent.add_subcommand(
        "version", "obsctl's version, commit, build type, libcurl and where it reads its data");
    cmd->callback([&action] { action = [] { return run_version(); }; });
}

}  // namespace cli
