#include "cli/distributed.hpp"

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
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 253402300799.0)
            return bad();
        return system_clock::time_point(
            duration_cast<system_clock::duration>(duration<double>(seconds)));
    }
    std::tm tm{};
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == nullptr)
        return bad();
    double fraction = 0;
    if (*rest == '.') {
        char* after = nullptr;
        fraction = std::strtod(rest, &after);
        rest = after;
    }
    long offset = 0;  // seconds east of UTC
    if (*rest == 'Z' || *rest == 'z') {
        ++rest;
    } else if (*rest == '+' || *rest == '-') {
        int hours = 0, minutes = 0, used = 0;
        if (std::sscanf(rest + 1, "%2d:%2d%n", &hours, &minutes, &used) != 2 || used != 5)
            return bad();
        offset = (*rest == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
        rest += 6;
    } else {
        return bad();  // a time without its zone means something else on every machine
    }
    if (*rest != '\0')
        return bad();
    return system_clock::from_time_t(timegm(&tm) - offset) +
           duration_cast<system_clock::duration>(duration<double>(fraction));
}

}  // namespace cli
