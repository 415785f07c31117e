#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario/model.hpp"

namespace load {

/// One request ready to send.
struct BuiltRequest {
    std::size_t index = 0;  ///< which RequestSpec
    std::string url;
    std::vector<std::string> headers;  ///< "Name: value"
    std::string body;
    bool has_body = false;
};

/// Picks requests from the scenario's weighted mix and renders their templates. Request n of a
/// run always comes out the same for the same seed (its random draws are seeded by (seed, n)).
/// Thread-safe: const after construction.
class RequestMix {
  public:
    RequestMix(const scenario::Scenario& s, std::string target, std::uint64_t seed);
    BuiltRequest build(std::uint64_t n) const;
    /// Request i rendered (for a static one, what every build of it gives).
    BuiltRequest build_index(std::size_t i) const;
    /// Which request n is (what build(n).index says), without rendering it.
    std::size_t pick(std::uint64_t n) const;
    /// Request i has no template: every build of it is the same (url, headers, body), so the
    /// engine prepares it once.
    bool is_static(std::size_t i) const;
    const scenario::RequestSpec& spec(std::size_t i) const { return m_specs[i]; }
    std::size_t size() const { return m_specs.size(); }

  private:
    std::size_t pick_with(scenario::Rng& rng) const;
    BuiltRequest render(std::size_t index, scenario::RenderContext& ctx) const;

    std::vector<scenario::RequestSpec> m_specs;
    std::vector<double> m_cumulative;  ///< running sum of weights, for the weighted pick
    std::string m_target;              ///< without a trailing slash
    std::uint64_t m_seed;
};

}  // namespace load
