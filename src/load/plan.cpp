#include "load/plan.hpp"

#include <algorithm>

#include "load/engine.hpp"
#include "load/scaling.hpp"

namespace load {

unsigned Plan::most_in_flight() const {
    unsigned most = 1;
    for (std::size_t p = 0; p < phases.size(); ++p)
        most = std::max(most, thread_cap(p));
    return most;
}

util::Result<Plan> make_plan(const scenario::Scenario& scenario, const EngineOptions& options) {
    auto phases = scaled_phases(scenario, options.rate_scale, options.duration_scale);
    if (auto ok = check_scaled(scenario, phases); !ok)
        return std::unexpected(ok.error());
    std::vector<PhaseShape> shapes;
    for (const auto& p : phases)
        shapes.push_back({p.duration, p.rate_from.value_or(0), p.rate_to.value_or(0)});
    return Plan{phases,
                ArrivalSchedule(shapes),
                RequestMix(scenario, options.target.url, options.seed),
                Clock::time_point{},
                options.start_at.has_value(),
                std::max(1u, options.threads),
                scenario.max_in_flight,
                options.drain_after_stop,
                options.segment,
                options.target,
                scenario.timeout};
}

}  // namespace load
