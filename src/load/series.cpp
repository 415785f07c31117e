#include "load/series.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace load {
namespace {

std::uint32_t saturating_add(std::uint32_t a, std::uint32_t b) {
    return b > UINT32_MAX - a ? UINT32_MAX : a + b;
}

std::uint64_t micros_of(std::chrono::nanoseconds d) {
    return static_cast<std::uint64_t>((std::max<std::int64_t>(0, d.count()) + 500) / 1000);
}

}  // namespace

SecondHistogram SecondHistogram::from_dense(const Dense& counts, std::uint64_t max_micros) {
    SecondHistogram h;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] != 0) {
            h.m_buckets.push_back({static_cast<std::uint16_t>(i), counts[i]});
            h.m_count += counts[i];
        }
    }
    h.m_max = h.m_count == 0 ? 0 : max_micros;
    return h;
}

void SecondHistogram::merge(const SecondHistogram& other) {
    if (other.m_count == 0)
        return;
    std::vector<Bucket> merged;
    merged.reserve(m_buckets.size() + other.m_buckets.size());
    auto a = m_buckets.cbegin();
    auto b = other.m_buckets.cbegin();
    while (a != m_buckets.cend() || b != other.m_buckets.end()) {
        if (b == other.m_buckets.end() || (a != m_buckets.cend() && a->index < b->index)) {
            merged.push_back(*a++);
        } else if (a == m_buckets.cend() || b->index < a->index) {
            merged.push_back(*b++);
        } else {
            merged.push_back({a->index, saturating_add(a->count, b->count)});
            ++a;
            ++b;
        }
    }
    m_buckets = std::move(merged);
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

double SecondHistogram::percentile_seconds(double percent) const {
    if (m_count == 0)
        return 0;
    if (percent >= 100)
        return static_cast<double>(m_max) / 1e6;
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(m_count))));
    std::uint64_t seen = 0;
    for (const auto& b : m_buckets) {
        seen += b.count;
        if (seen >= rank)
            return std::min(Buckets::representative(b.index), static_cast<double>(m_max)) / 1e6;
    }
    return static_cast<double>(m_max) / 1e6;
}

std::string SecondHistogram::encode() const {
    std::string out;
    out.reserve(m_buckets.size() * 8);
    char buf[32];
    for (const auto& b : m_buckets) {
        if (!out.empty())
            out += ' ';
        auto end = std::to_chars(buf, buf + sizeof buf, b.index).ptr;
        *end++ = ':';
        end = std::to_chars(end, buf + sizeof buf, b.count).ptr;
        out.append(buf, end);
    }
    return out;
}

std::optional<SecondHistogram> SecondHistogram::decode(std::string_view text,
                                                       std::uint64_t max_micros) {
    SecondHistogram h;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    while (p != end) {
        std::uint32_t index = 0, count = 0;
        auto r = std::from_chars(p, end, index);
        if (r.ec != std::errc{} || r.ptr == end || *r.ptr != ':' || index >= Buckets::k_buckets)
            return std::nullopt;
        r = std::from_chars(r.ptr + 1, end, count);
        if (r.ec != std::errc{} || count == 0 ||
            (!h.m_buckets.empty() && h.m_buckets.back().index >= index))
            return std::nullopt;  // sorted and non-empty, as encode writes them
        h.m_buckets.push_back({static_cast<std::uint16_t>(index), count});
        h.m_count += count;
        p = r.ptr;
        if (p != end && *p++ != ' ')
            return std::nullopt;
    }
    if (h.m_count != 0 && Buckets::bucket_of(max_micros) < h.m_buckets.back().index)
        return std::nullopt;  // a maximum below a bucket that was hit
    h.m_max = h.m_count == 0 ? 0 : max_micros;
    return h;
}

void SeriesCell::merge(const SeriesCell& other) {
    counts.add(other.counts);
    latency.merge(other.latency);
    service.merge(other.service);
}

void Series::add(std::size_t second, const SeriesCell& cell) {
    if (seconds.size() <= second)
        seconds.resize(second + 1);
    auto& cells = seconds[second];
    for (auto& c : cells) {
        if (c.phase == cell.phase && c.request == cell.request) {
            c.merge(cell);
            return;
        }
    }
    cells.push_back(cell);
}

void Series::merge(const Series& other, std::size_t offset) {
    if (scheduled.size() < other.scheduled.size() + offset)
        scheduled.resize(other.scheduled.size() + offset);
    for (std::size_t s = 0; s < other.scheduled.size(); ++s)
        scheduled[s + offset] += other.scheduled[s];
    for (std::size_t s = 0; s < other.seconds.size(); ++s) {
        for (const auto& cell : other.seconds[s])
            add(s + offset, cell);
    }
}

RequestCounts Series::total() const {
    RequestCounts sum;
    for (const auto& cells : seconds) {
        for (const auto& c : cells)
            sum.add(c.counts);
    }
    return sum;
}

SeriesRecorder::Open& SeriesRecorder::open(Clock::time_point t, std::size_t phase,
                                           std::size_t request) {
    const auto since = t - m_start;
    const std::size_t second =
        since.count() <= 0 ? 0
                           : static_cast<std::size_t>(
                                 std::chrono::duration_cast<std::chrono::seconds>(since).count());
    if (second > m_second) {
        flush();
        m_second = second;
    }
    Open* spare = nullptr;
    for (auto& o : m_open) {
        if (o->used && o->phase == phase && o->request == request)
            return *o;
        if (!o->used && spare == nullptr)
            spare = o.get();
    }
    if (spare == nullptr) {
        m_open.push_back(std::make_unique<Open>());
        spare = m_open.back().get();
    }
    spare->used = true;
    spare->phase = static_cast<std::uint32_t>(phase);
    spare->request = static_cast<std::uint32_t>(request);
    return *spare;
}

void SeriesRecorder::latency(Clock::time_point t, std::size_t phase, std::size_t request,
                             std::chrono::nanoseconds latency, std::chrono::nanoseconds service) {
    Open& o = open(t, phase, request);
    const auto l = micros_of(latency), s = micros_of(service);
    ++o.latency[SecondHistogram::Buckets::bucket_of(l)];
    ++o.service[SecondHistogram::Buckets::bucket_of(s)];
    o.latency_max = std::max(o.latency_max, l);
    o.service_max = std::max(o.service_max, s);
}

void SeriesRecorder::flush() {
    std::vector<SeriesCell> sealed;
    for (auto& o : m_open) {
        if (!o->used)
            continue;
        sealed.push_back({o->phase, o->request, o->counts,
                          SecondHistogram::from_dense(o->latency, o->latency_max),
                          SecondHistogram::from_dense(o->service, o->service_max)});
        o->used = false;
        o->counts = {};
        o->latency.fill(0);
        o->service.fill(0);
        o->latency_max = o->service_max = 0;
    }
    if (sealed.empty())
        return;
    std::lock_guard lock(m_sink.mutex);
    for (const auto& cell : sealed)
        m_sink.series.add(m_second, cell);
}

}  // namespace load
