#include "util/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace util {
namespace {

std::string with_article(const std::string& noun) {
    const bool vowel = !noun.empty() && std::strchr("aeiou", noun.front()) != nullptr;
    return (vowel ? "an " : "a ") + noun;
}

}  // namespace

Result<std::string> read_text_file(const std::filesystem::path& file, std::size_t max_bytes,
                                   const std::string& what) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        return fail(ExitCode::usage, "is a directory, expected " + with_article(what),
                    file.string());
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int err = errno;
        return fail(ExitCode::usage, "cannot read the " + what + ": " + std::strerror(err),
                    file.string());
    }
    std::string text(max_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad())
        return fail(ExitCode::usage, "cannot read the " + what, file.string());
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
        const std::string size = max_bytes >= (1u << 20) ? std::to_string(max_bytes >> 20) + " MiB"
                                                         : std::to_string(max_bytes >> 10) + " KiB";
        return fail(ExitCode::usage,
                    "is larger than " + size + ", the most obsctl reads for " + with_article(what),
                    file.string());
    }
    return text;
}

}  // namespace util
