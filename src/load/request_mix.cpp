#include "load/request_mix.hpp"

#include <algorithm>

namespace load {

RequestMix::RequestMix(const scenario::Scenario& s, std::string target, std::uint64_t seed)
    : m_specs(s.requests), m_target(std::move(target)), m_seed(seed) {
    while (!m_target.empty() && m_target.back() == '/')
        m_target.pop_back();
    double sum = 0;
    for (const auto& spec : m_specs)
        m_cumulative.push_back(sum += spec.weight);
}

BuiltRequest RequestMix::build(std::uint64_t n) const {
    // Mixing n through SplitMix64 decorrelates neighbouring requests' draws.
    scenario::Rng rng(m_seed ^ (n * 0xd1b54a32d192ed03ULL));
    scenario::RenderContext ctx{rng, n};
    const double pick = std::uniform_real_distribution<double>(0.0, m_cumulative.back())(rng);
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), pick);
    const auto index = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
        it - m_cumulative.begin(), static_cast<std::ptrdiff_t>(m_specs.size()) - 1));
    const auto& spec = m_specs[index];
    BuiltRequest out;
    out.index = index;
    const std::string where = spec.url.render(ctx);
    out.url = where.starts_with("/") ? m_target + where : where;
    for (const auto& [name, value] : spec.headers)
        out.headers.push_back(name + ": " + value.render(ctx));
    if (spec.body) {
        out.body = spec.body->render(ctx);
        out.has_body = true;
    }
    return out;
}

}  // namespace load
