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
    const scenario::RequestSpec& spec(std::size_t i) const { return m_specs[i]; }
    std::size_t size() const { return m_specs.size(); }

  private:
    std::vector<scenario::RequestSpec> m_specs;
    std::vector<double> m_cumulative;  ///< running sum of weights, for the weighted pick
    std::string m_target;              ///< without a trailing slash
    std::uint64_t m_seed;
};

}  // namespace load
