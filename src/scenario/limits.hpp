#pragma once

#include <chrono>
#include <cstddef>

#include "util/duration.hpp"

/// The bounds every scenario value is checked against, so that no input can make obsctl spin,
/// overflow or exhaust memory: a number outside them is a file:line:col error (exit 2) before
/// any traffic. They are far above what a real scenario needs.
namespace scenario::limits {

/// A scenario file's size. The bundled ones are under 3 KiB.
constexpr std::size_t k_file_bytes = 1 << 20;
/// One request body after YAML aliases are expanded (a "billion laughs" body stops here).
constexpr std::size_t k_body_bytes = 1 << 20;
/// How deep a `json:` body may nest (a YAML alias inside its own anchor is a cycle).
constexpr std::size_t k_body_depth = 64;
/// Mistakes of one file that `validate` shows, the rest counted ("… and 3 more").
constexpr std::size_t k_mistakes_shown = 20;
/// Requests per second one obsctl process can be asked to send. bench/peers.sh measures about
/// 88k/s on one core on the HTTP/1.1 transport (35k/s on libcurl); above this a scenario needs
/// more processes, not a bigger number.
constexpr double k_rate = 100'000;
constexpr unsigned k_vus = 10'000;
constexpr unsigned k_in_flight = 100'000;
constexpr util::Millis k_phase{7LL * 86'400'000};  ///< one phase: 7 days
constexpr util::Millis k_run{30LL * 86'400'000};   ///< all phases together: 30 days
constexpr util::Millis k_wait{3'600'000};          ///< a request timeout or think time: 1 hour
constexpr double k_weight = 1e6;
/// Values one synthetic series (`series[].values`) expands to: `1x99999999999` is refused
/// before anything is allocated. A day of 1s values is 86,400.
constexpr std::size_t k_series_samples = 100'000;
/// Values all of a scenario's series expand to together (8 bytes and a kind each).
constexpr std::size_t k_all_series_samples = 1'000'000;

}  // namespace scenario::limits
