#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace util {

/// Reads a whole file of input (a scenario, an endpoints file, a secret, a run report) of at
/// most `max_bytes`: a directory, an unreadable file or a larger one is an Error naming the
/// path with exit code 2 ("... is larger than 1 MiB, the most obsctl reads for a scenario
/// file"). `what` is the noun without article ("scenario file"). Reads at most max_bytes + 1
/// bytes, however large the file.
Result<std::string> read_text_file(const std::filesystem::path& file, std::size_t max_bytes,
                                   const std::string& what);

}  // namespace util
