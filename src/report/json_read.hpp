#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "load/request_counts.hpp"

namespace report {

/// A whole-number field of a report read as T. nlohmann's get<T>() casts a float (1e300,
/// -1.5) to an integer, which is undefined: a report is input, so anything but a whole number
/// within T's range is refused (std::invalid_argument), never cast.
template <class T>
T whole(const nlohmann::json& v) {
    if (!v.is_number_integer())
        throw std::invalid_argument("expected a whole number, got " + v.dump());
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (!std::in_range<T>(u))
            throw std::invalid_argument("a number out of range: " + v.dump());
        return static_cast<T>(u);
    }
    const auto i = v.get<std::int64_t>();
    if (!std::in_range<T>(i))
        throw std::invalid_argument("a number out of range: " + v.dump());
    return static_cast<T>(i);
}

/// An array of whole numbers, each read as `whole<T>`.
template <class T>
std::vector<T> wholes(const nlohmann::json& v) {
    if (!v.is_array())
        throw std::invalid_argument("expected an array of whole numbers, got " + v.dump());
    std::vector<T> out;
    out.reserve(v.size());
    for (const auto& x : v)
        out.push_back(whole<T>(x));
    return out;
}

/// The counts of a statistics object or a series row (`sent`, `dropped`, `late`, `responses`
/// 1xx..5xx, `errors` by category), as the report writes them.
inline load::RequestCounts counts_of(const nlohmann::json& j) {
    load::RequestCounts c;
    c.sent = whole<std::uint64_t>(j.at("sent"));
    c.dropped = whole<std::uint64_t>(j.at("dropped"));
    c.late = whole<std::uint64_t>(j.at("late"));
    for (std::size_t k = 1; k <= 5; ++k)
        c.status_class[k] = whole<std::uint64_t>(j.at("responses").at(std::to_string(k) + "xx"));
    for (std::size_t e = 0; e < c.errors.size(); ++e)
        c.errors[e] = whole<std::uint64_t>(j.at("errors").at(load::k_error_names[e]));
    return c;
}

}  // namespace report
