#include "load/run_result.hpp"

#include <numeric>

namespace load {

std::uint64_t RequestCounts::responses() const {
    return std::accumulate(status_class.begin(), status_class.end(), std::uint64_t{0});
}

std::uint64_t RequestCounts::transport_errors() const {
    return std::accumulate(errors.begin(), errors.end(), std::uint64_t{0});
}

void RequestCounts::add(const RequestCounts& other) {
    sent += other.sent;
    dropped += other.dropped;
    late += other.late;
    for (std::size_t i = 0; i < status_class.size(); ++i)
        status_class[i] += other.status_class[i];
    for (std::size_t i = 0; i < errors.size(); ++i)
        errors[i] += other.errors[i];
}

void RequestStats::merge(const RequestStats& other) {
    add(other);
    latency.merge(other.latency);
    service.merge(other.service);
}

RequestStats PhaseResult::total() const {
    RequestStats sum;
    for (const auto& r : requests)
        sum.merge(r);
    return sum;
}

RequestStats RunResult::total() const {
    RequestStats sum;
    for (const auto& p : phases)
        sum.merge(p.total());
    return sum;
}

RequestStats RunResult::for_request(std::size_t index) const {
    RequestStats sum;
    for (const auto& p : phases) {
        if (index < p.requests.size())
            sum.merge(p.requests[index]);
    }
    return sum;
}

}  // namespace load
