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

/// How much an exit code outranks another when several scenarios run in one command:
/// interrupted > internal error > usage > stack unavailable or inconclusive > failed > passed.
constexpr int rank(ExitCode code) {
    switch (code) {
        case ExitCode::ok:
            return 0;
        case ExitCode::check_failed:
            return 1;
        case ExitCode::stack_unavailable:
            return 2;
        case ExitCode::usage:
            return 3;
        case ExitCode::internal:
            return 4;
        case ExitCode::interrupted:
            return 5;
    }
    return 4;
}

/// The higher ranked of two exit codes: the command's code whatever the scenarios' order.
constexpr ExitCode worse(ExitCode a, ExitCode b) {
    return rank(b) > rank(a) ? b : a;
}

inline constexpr const char* k_exit_code_help =
    "Exit codes: 0 all checks passed, 1 a check failed, 2 usage or scenario error,\n"
    "  3 stack unreachable, preflight failed or a verdict inconclusive (the stack hid it),\n"
    "  70 internal error (a bug in obsctl), 130 interrupted.\n"
    "  Several scenarios: the highest ranked of theirs, whatever their order:\n"
    "  130 > 70 > 2 > 3 > 1 > 0.";

}  // namespace util
