#include "series/publisher.hpp"

#include <algorithm>
#include <map>

#include "series/value.hpp"

namespace series {
namespace {

std::string label_or_empty(const scenario::SeriesSpec& s, const char* name) {
    const auto it = s.labels.find(name);
    return it == s.labels.end() ? std::string() : it->second;
}

}  // namespace

Publisher::Publisher(Clock now) : m_now(std::move(now)) {}

void Publisher::begin(const scenario::Scenario& s, std::vector<scenario::Phase> scaled_phases,
                      double time_scale, std::chrono::steady_clock::time_point origin) {
    std::lock_guard lock(m_mutex);
    m_serving = true;
    m_scenario = s.name;
    m_series = s.series;
    m_phases = std::move(scaled_phases);
    m_time_scale = time_scale;
    m_origin = origin;
}

void Publisher::end() {
    std::lock_guard lock(m_mutex);
    m_serving = false;
    m_series.clear();
}

std::vector<prometheus::MetricFamily> Publisher::Collect() const {
    return collect(nullptr, nullptr);
}

std::vector<prometheus::MetricFamily> Publisher::collect_group(const std::string& job,
                                                               const std::string& instance) const {
    return collect(&job, &instance);
}

std::vector<std::pair<std::string, std::string>> Publisher::groups() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& s : m_series) {
        std::pair<std::string, std::string> key{label_or_empty(s, "job"),
                                                label_or_empty(s, "instance")};
        if (std::find(out.begin(), out.end(), key) == out.end())
            out.push_back(std::move(key));
    }
    return out;
}

std::vector<prometheus::MetricFamily> Publisher::collect(const std::string* job,
                                                         const std::string* instance) const {
    const auto now = m_now();
    std::lock_guard lock(m_mutex);
    if (!m_serving)
        return {};
    const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - m_origin);
    std::map<std::string, prometheus::MetricFamily> families;  // by name: a stable order
    for (const auto& s : m_series) {
        if (job && (label_or_empty(s, "job") != *job || label_or_empty(s, "instance") != *instance))
            continue;
        const auto value = value_at(s, elapsed, m_phases, m_time_scale);
        if (!value)
            continue;
        auto& family = families[s.metric];
        if (family.name.empty()) {
            family.name = s.metric;
            family.help = "Synthetic series of scenario " + m_scenario + " (obsctl)";
            family.type = prometheus::MetricType::Gauge;
        }
        prometheus::ClientMetric metric;
        for (const auto& [name, label] : s.labels)
            metric.label.push_back({name, label});
        metric.gauge.value = *value;
        family.metric.push_back(std::move(metric));
    }
    std::vector<prometheus::MetricFamily> out;
    for (auto& [name, family] : families)
        out.push_back(std::move(family));
    return out;
}

}  // namespace series
