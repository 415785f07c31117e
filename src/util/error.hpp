#pragma once

#include <expected>
#include <string>

#include "util/exit_codes.hpp"

namespace util {

/// An expected failure: what went wrong, where (file:line:col, a URL, a port), and what to
/// do about it. Returned inside std::expected; only main() turns it into a message and exit code.
struct Error {
    std::string what;
    std::string where;  ///< may be empty
    std::string hint;   ///< may be empty
    ExitCode code = ExitCode::usage;

    /// "where: what (hint)" on one line.
    std::string message() const {
        std::string out = where.empty() ? what : where + ": " + what;
        if (!hint.empty())
            out += " (" + hint + ")";
        return out;
    }
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ExitCode code, std::string what, std::string where = {},
                                   std::string hint = {}) {
    return std::unexpected(Error{std::move(what), std::move(where), std::move(hint), code});
}

}  // namespace util
