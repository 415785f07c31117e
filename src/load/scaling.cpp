#include "load/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scenario/limits.hpp"

namespace load {

std::vector<scenario::Phase> scaled_phases(const scenario::Scenario& s, double rate_scale,
                                           double duration_scale) {
    std::vector<scenario::Phase> out = s.phases;
    for (auto& p : out) {
        p.duration = std::chrono::nanoseconds(
            static_cast<std::int64_t>(static_cast<double>(p.duration.count()) * duration_scale));
        p.think = std::chrono::nanoseconds(
            static_cast<std::int64_t>(static_cast<double>(p.think.count()) * duration_scale));
        // An action `at: 30s` into a phase stays at the same point of the scaled phase.
        for (auto& a : p.actions) {
            a.offset = std::chrono::nanoseconds(
                static_cast<std::int64_t>(static_cast<double>(a.offset.count()) * duration_scale));
        }
        if (p.open()) {
            *p.rate_from *= rate_scale;
            *p.rate_to *= rate_scale;
        } else {
            p.vus = std::max(1u, static_cast<unsigned>(std::lround(p.vus * rate_scale)));
        }
    }
    return out;
}

util::Result<void> check_scaled(const scenario::Scenario& s,
                                const std::vector<scenario::Phase>& phases) {
    namespace limits = scenario::limits;
    std::chrono::nanoseconds total{0};
    char buf[300];
    for (const auto& p : phases) {
        const double rate = p.open() ? std::max(*p.rate_from, *p.rate_to) : 0;
        if (p.open() && !(std::isfinite(rate) && rate <= limits::k_rate)) {
            std::snprintf(buf, sizeof buf,
                          "phase %s: %g requests per second after scaling is above the %g one "
                          "obsctl process can send; lower --rate-scale or split the load",
                          p.name.c_str(), rate, limits::k_rate);
            return util::fail(util::ExitCode::usage, buf, s.file);
        }
        if (!p.open() && p.vus > limits::k_vus) {
            std::snprintf(buf, sizeof buf, "phase %s: %u virtual users after scaling, over %u",
                          p.name.c_str(), p.vus, limits::k_vus);
            return util::fail(util::ExitCode::usage, buf, s.file);
        }
        if (p.duration <= std::chrono::nanoseconds{0} || p.duration > limits::k_phase) {
            std::snprintf(
                buf, sizeof buf,
                "phase %s: lasts %s after --duration-scale; a phase lasts more than 0 "
                "and at most %s",
                p.name.c_str(),
                util::format_duration(std::chrono::duration_cast<util::Millis>(p.duration)).c_str(),
                util::format_duration(limits::k_phase).c_str());
            return util::fail(util::ExitCode::usage, buf, s.file);
        }
        total += p.duration;
    }
    if (total > limits::k_run) {
        return util::fail(
            util::ExitCode::usage,
            "the phases last " +
                util::format_duration(std::chrono::duration_cast<util::Millis>(total)) +
                " after --duration-scale, over the " + util::format_duration(limits::k_run) +
                " a scenario may last",
            s.file);
    }
    return {};
}

}  // namespace load
