#pragma once

namespace util {

/// Every exit code obsctl returns, in one place (also listed in `obsctl --help`).
enum class ExitCode : int {
    ok = 0,                 ///< every check passed
    check_failed = 1,       ///< an assertion (alert, threshold, query) failed
    usage = 2,              ///< bad command line, scenario or config file
    stack_unavailable = 3,  ///< unreachable, would not start, preflight failed, or inconclusive
    internal = 70,          ///< a bug in obsctl (EX_SOFTWARE): never a verdict about the stack
    interrupted = 130,      ///< Ctrl-C; reports are still written
};

inline constexpr const char* k_exit_code_help =
    "Exit codes: 0 all checks passed, 1 a check failed, 2 usage or scenario error,\n"
    "  3 stack unreachable, preflight failed or a verdict inconclusive (the stack hid it),\n"
    "  70 internal error (a bug in obsctl), 130 interrupted.";

}  // namespace util
