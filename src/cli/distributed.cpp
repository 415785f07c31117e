#include "cli/distributed.hpp"

#include "util/duration.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace cli {

util::Result<load::Segment> parse_segment(const std::string& text) {
    unsigned i = 0, n = 0;
    int used = 0;
    if (std::sscanf(text.c_str(), "%u/%u%n", &i, &n, &used) != 2 ||
        used != static_cast<int>(text.size()) || text.find_first_of("+- ") != std::string::npos)
        return util::fail(util::ExitCode::usage,
                          "--segment " + text + ": expected I/N, such as 0/4");
    if (n == 0 || n > 10'000)
        return util::fail(util::ExitCode::usage,
                          "--segment " + text + ": N must be 1 to 10000 processes");
    if (i >= n)
        return util::fail(util::ExitCode::usage,
                          "--segment " + text + ": I counts from 0 to " + std::to_string(n - 1));
    return load::Segment{i, n};
}

util::Result<std::optional<std::chrono::system_clock::time_point>> parse_start_at(
    const std::string& text) {
    using namespace std::chrono;
    if (text == "now")
        return std::nullopt;  // no common start: each worker starts when it is ready
    const auto bad = [&] {
        return util::fail(util::ExitCode::usage,
                          "--start-at " + text +
                              ": expected Unix seconds or an RFC 3339 time such as "
                              "2026-12-02T10:00:00Z");
    };
    // Unix seconds, perhaps with a fraction.
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() &&
        text.find_first_of("eE") == std::string::npos) {
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 7258118400.0)
            return bad();
        return system_clock::time_point(
            duration_cast<system_clock::duration>(duration<double>(seconds)));
    }
    if (auto t = util::parse_rfc3339(text))
        return std::optional<system_clock::time_point>{*t};
    return bad();
}

}  // namespace cli
