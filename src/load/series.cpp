#include "load/series.hpp"

#include <algorithm>
#include <cmath>

#include "util/base64.hpp"

namespace load {
namespace {

std::uint32_t saturating_add(std::uint32_t a, std::uint32_t b) {
    return b > UINT32_MAX - a ? UINT32_MAX : a + b;
}

std::uint64_t micros_of(std::chrono::nanoseconds d) {
    return static_cast<std::uint64_t>((std::max<std::int64_t>(0, d.count()) + 500) / 1000);
}

}  // namespace

void SecondHistogram::append(std::uint32_t index, std::uint32_t count) {
    for (std::uint32_t v : {index + 1 - m_last, count}) {
        for (; v >= 0x80; v >>= 7)
            m_bytes += static_cast<char>((v & 0x7f) | 0x80);
        m_bytes += static_cast<char>(v);
    }
    m_last = index + 1;
    ++m_buckets;
    m_count += count;
}

std::uint32_t SecondHistogram::varint(std::size_t& at) const {
    std::uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(m_bytes[at++]);
        v |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0)
            return v;
    }
}

SecondHistogram SecondHistogram::from_dense(const Dense& counts, std::uint64_t max_micros) {
    SecondHistogram h;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] != 0)
            h.append(static_cast<std::uint32_t>(i), counts[i]);
    }
    h.m_max = h.m_count == 0 ? 0 : max_micros;
    h.m_bytes.shrink_to_fit();  // kept for the rest of the run: no growth slack
    return h;
}

void SecondHistogram::merge(const SecondHistogram& other) {
    if (other.m_count == 0)
        return;
    if (m_count == 0) {
        *this = other;
        return;
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> a, b;
    for_each([&](std::uint32_t i, std::uint32_t n) { a.emplace_back(i, n); });
    other.for_each([&](std::uint32_t i, std::uint32_t n) { b.emplace_back(i, n); });
    SecondHistogram merged;
    auto x = a.cbegin();
    auto y = b.cbegin();
    while (x != a.cend() || y != b.cend()) {
        if (y == b.cend() || (x != a.cend() && x->first < y->first)) {
            merged.append(x->first, x->second);
            ++x;
        } else if (x == a.cend() || y->first < x->first) {
            merged.append(y->first, y->second);
            ++y;
        } else {
            merged.append(x->first, saturating_add(x->second, y->second));
            ++x;
            ++y;
        }
    }
    merged.m_max = std::max(m_max, other.m_max);
    merged.m_bytes.shrink_to_fit();
    *this = std::move(merged);
}

double SecondHistogram::percentile_seconds(double percent) const {
    if (m_count == 0)
        return 0;
    if (percent >= 100)
        return static_cast<double>(m_max) / 1e6;
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(m_count))));
    std::uint64_t seen = 0;
    std::optional<std::uint32_t> at;
    for_each([&](std::uint32_t index, std::uint32_t count) {
        seen += count;
        if (!at && seen >= rank)
            at = index;
    });
    return at ? std::min(Buckets::representative(*at), static_cast<double>(m_max)) / 1e6
              : static_cast<double>(m_max) / 1e6;
}

std::string SecondHistogram::encode() const {
    return util::base64_encode(m_bytes);
}

std::optional<SecondHistogram> SecondHistogram::decode(std::string_view text,
                                                       std::uint64_t max_micros) {
    const auto bytes = util::base64_decode(text);
    if (!bytes)
        return std::nullopt;
    SecondHistogram h;
    std::size_t at = 0;
    auto read = [&]() -> std::optional<std::uint32_t> {
        std::uint64_t v = 0;
        for (int shift = 0; at < bytes->size() && shift < 35; shift += 7) {
            const auto byte = static_cast<unsigned char>((*bytes)[at++]);
            v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0)
                return v <= UINT32_MAX ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(v))
                                       : std::nullopt;
        }
        return std::nullopt;  // cut short, or longer than a 32-bit varint
    };
    std::uint64_t last = 0;
    while (at < bytes->size()) {
        const auto step = read();
        const auto count = read();
        if (!step || !count || *step == 0 || *count == 0 || last + *step > Buckets::k_buckets)
            return std::nullopt;
        last += *step;
        h.append(static_cast<std::uint32_t>(last - 1), *count);
    }
    if (h.m_count != 0 && Buckets::bucket_of(max_micros) < h.m_last - 1)
        return std::nullopt;  // a maximum below a bucket that was hit
    h.m_max = h.m_count == 0 ? 0 : max_micros;
    return h;
}

void SeriesCell::merge(const SeriesCell& other) {
    counts.add(other.counts);
    latency.merge(other.latency);
    service.merge(other.service);
}

void Series::add(std::size_t second, SeriesCell cell) {
    if (seconds.size() <= second)
        seconds.resize(second + 1);
    auto& cells = seconds[second];
    for (auto& c : cells) {
        if (c.phase == cell.phase && c.request == cell.request) {
            c.merge(cell);
            return;
        }
    }
    cells.push_back(std::move(cell));
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
    auto& seconds = m_sink.series.seconds;
    if (seconds.size() <= m_second)
        seconds.resize(m_second + 1);
    seconds[m_second].reserve(seconds[m_second].size() + sealed.size());  // no growth slack
    for (auto& cell : sealed)
        m_sink.series.add(m_second, std::move(cell));
}

}  // namespace load
