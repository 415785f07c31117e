#include "report/metrics_exporter.hpp"

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gateway.h>

#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <future>
#include <regex>

namespace report {

namespace {
// The demo app's request buckets, so both histograms line up on one dashboard.
const std::vector<double> k_buckets{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
                                    0.5,   0.75, 1,     2.5,  5,     7.5, 10};
}  // namespace

struct MetricsExporter::Families {
    prometheus::Family<prometheus::Counter>& requests;
    prometheus::Family<prometheus::Counter>& dropped;
    prometheus::Family<prometheus::Histogram>& duration;
    prometheus::Family<prometheus::Gauge>& phase;
};

struct MetricsExporter::PendingPush {
    std::future<int> answer;
};

util::Result<std::unique_ptr<MetricsExporter>> MetricsExporter::start(const Outputs& outputs) {
    std::unique_ptr<MetricsExporter> out(new MetricsExporter());
    if (!outputs.listen.empty()) {
        try {
            out->m_exposer = std::make_unique<prometheus::Exposer>(outputs.listen);
        } catch (const std::exception& e) {
            return util::fail(util::ExitCode::usage,
                              std::string("cannot serve metrics: ") + e.what(), outputs.listen,
                              "--metrics-listen takes HOST:PORT that is free");
        }
    }
    if (!outputs.push_url.empty()) {
        // prometheus-cpp's Gateway takes "scheme://host" and "port" apart, no path.
        static const std::regex url(
            R"(^(https?://[^/:]+|https?://\[[0-9a-fA-F:]+\]):([0-9]{1,5})/?$)");
        std::smatch m;
        if (!std::regex_match(outputs.push_url, m, url))
            return util::fail(util::ExitCode::usage,
                              "--metrics-push " + outputs.push_url +
                                  ": expected http://HOST:PORT of a Pushgateway");
        out->m_push_url = outputs.push_url;
        out->m_push_host = m[1];
        out->m_push_port = m[2];
        out->m_segment = outputs.segment;
        out->m_segments = outputs.segments;
    }
    out->m_registry = std::make_shared<prometheus::Registry>();
    auto& r = *out->m_registry;
    out->m_families.reset(
        new Families{prometheus::BuildCounter()
                         .Name("obsctl_requests_total")
                         .Help("Requests obsctl sent, by outcome")
                         .Register(r),
                     prometheus::BuildCounter()
                         .Name("obsctl_dropped_requests_total")
                         .Help("Requests due while max_in_flight were out: not sent")
                         .Register(r),
                     prometheus::BuildHistogram()
                         .Name("obsctl_request_duration_seconds")
                         .Help("Latency from the intended send time")
                         .Register(r),
                     prometheus::BuildGauge()
                         .Name("obsctl_phase")
                         .Help("1 for the scenario phase running now")
                         .Register(r)});
    if (out->m_exposer)
        out->m_exposer->RegisterCollectable(out->m_registry);
    return out;
}

MetricsExporter::~MetricsExporter() {
    if (m_pending && m_pending->answer.valid())
        m_pending->answer.wait();  // the gateway's curl handle must outlive its push
}

util::Result<void> MetricsExporter::push(bool wait) {
    if (!m_gateway)
        return {};
    if (m_pending && m_pending->answer.valid()) {
        if (!wait &&
            m_pending->answer.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return {};  // the last push is still under way: skip this one
        m_pending->answer.get();
    }
    if (!wait) {
        m_pending = std::make_unique<PendingPush>(PendingPush{m_gateway->AsyncPush()});
        return {};
    }
    const int code = m_gateway->Push();
    if (code >= 200 && code < 300)
        return {};
    return util::fail(util::ExitCode::stack_unavailable,
                      code < 0 ? "the Pushgateway could not be reached"
                               : "the Pushgateway answered HTTP " + std::to_string(code),
                      m_push_url);
}

void MetricsExporter::serve(const std::weak_ptr<prometheus::Collectable>& more) {
    if (m_exposer)
        m_exposer->RegisterCollectable(more);
}

std::uint16_t MetricsExporter::port() const {
    if (!m_exposer)
        return 0;
    const auto ports = m_exposer->GetListeningPorts();
    return ports.empty() ? 0 : static_cast<std::uint16_t>(ports.front());
}

void MetricsExporter::begin(std::string scenario, std::vector<std::string> phases,
                            std::vector<std::string> requests) {
    for (const auto& p : m_phases)
        m_families->phase.Add({{"scenario", m_scenario}, {"phase", p}}).Set(0);
    m_scenario = std::move(scenario);
    m_phases = std::move(phases);
    m_requests = std::move(requests);
    m_counted.clear();
    m_bucketed.clear();
    m_summed.clear();
    for (const auto& p : m_phases)
        m_families->phase.Add({{"scenario", m_scenario}, {"phase", p}}).Set(0);
    if (!m_push_url.empty()) {
        // One group per scenario and segment: a worker's pushes replace only its own.
        if (m_pending && m_pending->answer.valid())
            m_pending->answer.wait();
        m_pending.reset();
        m_gateway = std::make_unique<prometheus::Gateway>(
            m_push_host, m_push_port, "obsctl",
            prometheus::Labels{{"instance", m_scenario + "-" + std::to_string(m_segment) + "of" +
                                                std::to_string(m_segments)}});
        m_gateway->RegisterCollectable(m_registry);
    }
}

void MetricsExporter::update(const std::vector<std::vector<load::RequestStats>>& stats,
                             std::size_t current) {
    for (std::size_t p = 0; p < stats.size() && p < m_phases.size(); ++p) {
        m_families->phase.Add({{"scenario", m_scenario}, {"phase", m_phases[p]}})
            .Set(p == current ? 1 : 0);
        for (std::size_t q = 0; q < stats[p].size() && q < m_requests.size(); ++q) {
            const auto& s = stats[p][q];
            const prometheus::Labels base{
                {"scenario", m_scenario}, {"phase", m_phases[p]}, {"request", m_requests[q]}};
            auto bump = [&](auto& family, const std::string& status, std::uint64_t total) {
                auto& seen = m_counted[{p, q, status}];
                if (total <= seen)
                    return;
                auto labels = base;
                if (!status.empty() && status != "dropped")
                    labels["status"] = status;
                family.Add(labels).Increment(static_cast<double>(total - seen));
                seen = total;
            };
            for (std::size_t c = 1; c <= 5; ++c)
                bump(m_families->requests, std::to_string(c) + "xx", s.status_class[c]);
            for (std::size_t e = 0; e < s.errors.size(); ++e) {
                bump(m_families->requests, std::string("error_") + load::k_error_names[e],
                     s.errors[e]);
            }
            bump(m_families->dropped, "dropped", s.dropped);
            // Histogram: per-bucket increments since the last update, from cumulative counts.
            auto& last = m_bucketed[{p, q}];
            last.resize(k_buckets.size() + 1, 0);
            std::vector<double> increments(k_buckets.size() + 1, 0);
            std::uint64_t below = 0;
            bool moved = false;
            for (std::size_t b = 0; b <= k_buckets.size(); ++b) {
                const std::uint64_t cumulative = b < k_buckets.size()
                                                     ? s.latency.count_at_or_below(k_buckets[b])
                                                     : s.latency.count();
                const std::uint64_t in_bucket = cumulative - below;
                below = cumulative;
                increments[b] = static_cast<double>(in_bucket - std::min(in_bucket, last[b]));
                moved = moved || increments[b] > 0;
                last[b] = in_bucket;
            }
            if (moved) {
                auto& summed = m_summed[{p, q}];
                m_families->duration.Add(base, k_buckets)
                    .ObserveMultiple(increments, s.latency.sum_seconds() - summed);
                summed = s.latency.sum_seconds();
            }
        }
    }
}

}  // namespace report
