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

namespace {

/// Request n's generator: mixing n through SplitMix64 decorrelates neighbouring requests' draws.
scenario::Rng rng_for(std::uint64_t seed, std::uint64_t n) {
    return scenario::Rng(seed ^ (n * 0xd1b54a32d192ed03ULL));
}

}  // namespace

std::size_t RequestMix::pick(std::uint64_t n) const {
    if (m_specs.size() == 1)
        return 0;
    scenario::Rng rng = rng_for(m_seed, n);
    return pick_with(rng);
}

std::size_t RequestMix::pick_with(scenario::Rng& rng) const {
    const double pick = std::uniform_real_distribution<double>(0.0, m_cumulative.back())(rng);
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), pick);
    return static_cast<std::size_t>(std::min<std::ptrdiff_t>(
        it - m_cumulative.begin(), static_cast<std::ptrdiff_t>(m_specs.size()) - 1));
}

bool RequestMix::is_static(std::size_t i) const {
    const auto& spec = m_specs[i];
    return spec.url.is_literal() && (!spec.body || spec.body->is_literal()) &&
           std::all_of(spec.headers.begin(), spec.headers.end(),
                       [](const auto& h) { return h.second.is_literal(); });
}

BuiltRequest RequestMix::build(std::uint64_t n) const {
    scenario::Rng rng = rng_for(m_seed, n);
    scenario::RenderContext ctx{rng, n};
    return render(pick_with(rng), ctx);
}

BuiltRequest RequestMix::build_index(std::size_t i) const {
    scenario::Rng rng = rng_for(m_seed, 0);
    scenario::RenderContext ctx{rng, 0};
    return render(i, ctx);
}

BuiltRequest RequestMix::render(std::size_t index, scenario::RenderContext& ctx) const {
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
