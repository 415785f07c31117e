#include "util/duration.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

namespace util {
namespace {

struct Unit {
    std::string_view name;
    std::int64_t ms;
};

// Longest names first so "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 7> k_units{{{"ms", 1},
                                       {"s", 1000},
                                       {"m", 60'000},
                                       {"h", 3'600'000},
                                       {"d", 86'400'000},
                                       {"w", 604'800'000},
                                       {"y", 31'536'000'000}}};

}  // namespace

namespace {

/// The duration's total in milliseconds, unbounded (may be huge or infinite), or nullopt when
/// it is not a duration at all.
std::optional<double> total_ms(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    double total = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        double value = 0;
        auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
        if (ec != std::errc{} || value < 0)
            return std::nullopt;
        pos = static_cast<std::size_t>(end - text.data());
        const Unit* unit = nullptr;
        for (const auto& u : k_units) {
            if (text.substr(pos, u.name.size()) == u.name) {
                unit = &u;
                break;
            }
        }
        if (unit == nullptr)
            return std::nullopt;
        pos += unit->name.size();
        total += value * static_cast<double>(unit->ms);
    }
    if (std::isnan(total))
        return std::nullopt;
    return total;
}

}  // namespace

std::optional<Millis> parse_duration(std::string_view text) {
    const auto total = total_ms(text);
    if (!total || *total > static_cast<double>(k_max_duration.count()))
        return std::nullopt;
    return Millis{static_cast<std::int64_t>(std::llround(*total))};
}

bool duration_too_long(std::string_view text) {
    const auto total = total_ms(text);
    return total && *total > static_cast<double>(k_max_duration.count());
}

std::string format_duration(Millis d) {
    std::int64_t ms = d.count();
    if (ms == 0)
        return "0s";
    std::string out;
    // Prometheus reads "1m30s" but writes only h/m/s/ms here: days and weeks are rare in rules
    // and "48h" is clearer than "2d" next to hour-based windows.
    for (const auto& u :
         {Unit{"h", 3'600'000}, Unit{"m", 60'000}, Unit{"s", 1000}, Unit{"ms", 1}}) {
        if (ms >= u.ms) {
            out += std::to_string(ms / u.ms);
            out += u.name;
            ms %= u.ms;
        }
    }
    return out;
}

std::string human_duration(Millis d) {
    const auto ms = d.count();
    char buf[32];
    if (ms < 1000) {
        std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ms));
    } else if (ms < 60'000) {
        std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
    } else {
        std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(ms / 60'000),
                      static_cast<long long>((ms % 60'000) / 1000));
    }
    return buf;
}

std::string human_seconds(double seconds, int digits) {
    char buf[48];
    const double ms = seconds * 1000;
    // Where rounding to `digits` would carry into the next unit (999.6ms as "1e+03ms").
    const double carry = 1000 - 0.5 * std::pow(10.0, 3 - digits);
    if (!std::isfinite(seconds))
        std::snprintf(buf, sizeof buf, "%g", seconds);
    else if (ms == 0)
        return "0ms";
    else if (std::abs(ms) < carry)
        std::snprintf(buf, sizeof buf, "%.*gms", digits, ms);
    else if (std::abs(seconds) < carry)
        std::snprintf(buf, sizeof buf, "%.*gs", digits, seconds);
    else
        std::snprintf(buf, sizeof buf, "%.0fs", seconds);
    return buf;
}

std::string rfc3339(std::chrono::system_clock::time_point t) {
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    return std::string(buf) + "." + std::to_string(1000 + ms).substr(1) + "Z";
}

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
    using namespace std::chrono;
    std::tm tm{};
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == nullptr || tm.tm_year < 70 || tm.tm_year > 300)
        return std::nullopt;
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
            return std::nullopt;
        offset = (*rest == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
        rest += 6;
    } else {
        return std::nullopt;
    }
    if (*rest != '\0' || !(fraction >= 0 && fraction < 1))
        return std::nullopt;
    return system_clock::from_time_t(timegm(&tm) - offset) +
           duration_cast<system_clock::duration>(duration<double>(fraction));
}

}  // namespace util
