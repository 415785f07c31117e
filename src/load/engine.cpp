#include "load/engine.hpp"

#include <curl/curl.h>
#include <malloc.h>
#include <strings.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include "load/arrival_schedule.hpp"
#include "load/request_mix.hpp"
#include "net/curl_options.hpp"

namespace load {
namespace {

using Clock = std::chrono::steady_clock;

/// A request without templates, set up once for the whole run: its URL parsed (CURLU), its
/// header list built (with the target's auth headers, `Accept:` dropped unless it sets one),
/// its body. A slot that sends it again keeps every option from the last time.
struct PreparedRequest {
    bool ready = false;  ///< false: templated, built per request
    CURLU* url = nullptr;
    curl_slist* headers = nullptr;
    std::string body;
    PreparedRequest() = default;
    PreparedRequest(const PreparedRequest&) = delete;
    PreparedRequest& operator=(const PreparedRequest&) = delete;
    ~PreparedRequest() {
        curl_url_cleanup(url);
        curl_slist_free_all(headers);
    }
};

/// The header lines of one request: the target's, the request's own, and the defaults trimmed
/// (libcurl's `Accept: */*` unless the request sets Accept; no `Expect: 100-continue`).
curl_slist* header_list(const std::vector<std::string>& endpoint_headers,
                        const std::vector<std::string>& request_headers, bool has_body) {
    curl_slist* list = nullptr;
    bool accept = false;
    for (const auto* lines : {&endpoint_headers, &request_headers}) {
        for (const auto& h : *lines) {
            list = curl_slist_append(list, h.c_str());
            accept = accept || (h.size() > 7 && strncasecmp(h.c_str(), "accept:", 7) == 0);
        }
    }
    if (!accept)
        list = curl_slist_append(list, "Accept:");
    if (has_body)
        list = curl_slist_append(list, "Expect:");
    return list;
}

struct Plan {
    std::vector<scenario::Phase> phases;
    ArrivalSchedule schedule;
    RequestMix mix;
    Clock::time_point start;
    unsigned threads;
    unsigned cap;  ///< the scenario's max_in_flight
    std::chrono::milliseconds timeout;
    const EngineOptions& options;
    std::vector<std::string> endpoint_headers;  ///< the target's auth and headers, every request
    std::vector<std::unique_ptr<PreparedRequest>> prepared;  ///< by request index

    Clock::time_point phase_start(std::size_t p) const { return start + schedule.phase_start(p); }
    Clock::time_point phase_end(std::size_t p) const { return start + schedule.phase_start(p + 1); }
    /// Apart arrivals of one thread: the segments interleave, and so do the threads of one.
    std::uint64_t stride() const { return std::uint64_t{threads} * options.segment.count; }
    /// This segment's closed-model users in phase p: vus / n, the first vus % n one more.
    unsigned segment_vus(std::size_t p) const {
        const unsigned n = options.segment.count, i = options.segment.index;
        return phases[p].vus / n + (i < phases[p].vus % n ? 1 : 0);
    }
    unsigned thread_cap(std::size_t p) const {
        const unsigned total = phases[p].max_in_flight ? phases[p].max_in_flight : cap;
        return (total + threads - 1) / threads;
    }
};

ErrorKind classify(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
            return ErrorKind::connect;
        case CURLE_OPERATION_TIMEDOUT:
            return ErrorKind::timeout;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
            return ErrorKind::reset;
        default:
            return ErrorKind::other;
    }
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

struct Slot {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;  ///< owned: a templated request's list
    BuiltRequest request;
    std::size_t index = 0;            ///< which request it carries
    std::size_t prepared = SIZE_MAX;  ///< the prepared request its options are set for
    Clock::time_point intended, sent;
    std::size_t phase = 0;
    int vu = -1;  ///< closed-model user that sent it, or -1
};

/// A closed-model user: sends, waits for the answer, thinks, repeats. A user whose request is
/// dropped at max_in_flight (counted as dropped) queues for a slot; the next answer on its
/// thread hands its slot to the user that has waited longest, which sends before anyone else.
/// So it neither spins dropping nor stays busy for the rest of the phase (it did).
struct VirtualUser {
    Clock::time_point ready;
    bool busy = false;     ///< a request of its own is in flight
    bool waiting = false;  ///< its last request was dropped; in m_waiting for a free slot
    bool granted = false;  ///< a slot was handed to it: it sends first in the next pass
};

/// One event loop: its own multi handle, handles, and statistics.
class Worker {
  public:
    Worker(const Plan& plan, unsigned index, SeriesSink& series)
        : m_plan(plan), m_index(index), m_series(plan.start, series) {
        m_multi = curl_multi_init();
        if (m_multi == nullptr)
            throw std::runtime_error("libcurl: curl_multi_init failed (out of memory)");
        // libcurl keeps 4 x (handles added now) idle connections by default. In the open model
        // few handles are added at any moment, so finished connections were closed and new
        // ones opened under load: keep as many as this thread may have requests in flight.
        unsigned most = 1;
        for (std::size_t p = 0; p < plan.phases.size(); ++p)
            most = std::max(most, plan.thread_cap(p));
        curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, static_cast<long>(most));
        m_stats.resize(plan.phases.size(), std::vector<RequestStats>(plan.mix.size()));
        // Segment i of n, thread j of T: arrivals i + n j, i + n (j + T), ...
        m_next = plan.options.segment.index + std::uint64_t{plan.options.segment.count} * index;
    }
    ~Worker() {
        for (auto& slot : m_slots) {
            curl_slist_free_all(slot.headers);
            curl_easy_cleanup(slot.easy);
        }
        curl_multi_cleanup(m_multi);
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void run();
    const std::vector<std::vector<RequestStats>>& stats() const { return m_stats; }
    std::uint64_t abandoned() const { return m_abandoned; }

  private:
    Slot* free_slot();
    Slot* new_slot();
    /// Sends request n (or counts it dropped or failed); true when it is in flight.
    bool send(std::uint64_t n, std::size_t phase, Clock::time_point intended, int vu);
    /// Points the slot's handle at a prepared request (once; it keeps it for the next sends).
    void set_prepared(Slot& slot, std::size_t index, const PreparedRequest& p);
    /// Sets the slot's handle for a request rendered now.
    void set_built(Slot& slot, BuiltRequest request);
    static void set_method(CURL* e, const scenario::RequestSpec& spec, const char* body,
                           std::size_t body_size, bool has_body);
    void fail_unsent(std::size_t phase, std::size_t request, Clock::time_point t);
    /// Counts in the run's statistics and in the second of `t`.
    template <class F>
    void tally(std::size_t phase, std::size_t request, Clock::time_point t, F count) {
        count(static_cast<RequestCounts&>(m_stats[phase][request]));
        count(m_series.counts(t, phase, request));
    }
    void complete(CURLMsg* msg, Clock::time_point now);
    void start_closed_phase(std::size_t phase);
    /// Lets each closed-model user that is ready send its next request.
    void run_users(std::size_t phase, std::uint64_t total, Clock::time_point now);
    void publish(bool force);
    /// Lets libcurl move every transfer on and files the finished ones; returns when it did.
    Clock::time_point reap();
    /// A worker that begins after --start-at: the arrivals already due are dropped (late).
    void skip_late(std::uint64_t total, std::uint64_t step, Clock::time_point began);

    const Plan& m_plan;
    unsigned m_index;
    CURLM* m_multi;
    std::vector<Slot> m_slots;
    std::vector<Slot*> m_free;
    std::size_t m_in_flight = 0;
    std::uint64_t m_next;  ///< next open-model arrival this thread sends
    std::uint64_t m_closed_sent = 0;
    std::vector<VirtualUser> m_vus;
    std::deque<std::size_t> m_waiting;  ///< users whose request was dropped, first come first
    std::size_t m_vu_phase = SIZE_MAX;
    std::vector<std::vector<RequestStats>> m_stats;  ///< [phase][request]
    SeriesRecorder m_series;                         ///< the same, per second
    LatencyHistogram m_live_window;
    std::uint64_t m_live_sent = 0, m_live_responses = 0, m_live_failed = 0, m_live_dropped = 0;
    Clock::time_point m_last_publish = Clock::now();
    std::uint64_t m_abandoned = 0;
};

Slot* Worker::free_slot() {
    if (!m_free.empty()) {
        Slot* slot = m_free.back();
        m_free.pop_back();
        return slot;
    }
    return nullptr;
}

Slot* Worker::new_slot() {
    // Pool grows up to the cap; the vector never reallocates (capacity reserved in run()).
    CURL* e = curl_easy_init();
    if (e == nullptr)
        return nullptr;  // out of memory: the caller counts the request as failed
    m_slots.emplace_back();
    Slot* slot = &m_slots.back();
    slot->easy = e;
    net::configure_curl(e, m_plan.options.target);  // auth, TLS, proxy, no signals
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(m_plan.timeout.count()));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long long>(m_plan.timeout.count(), 5000)));
    curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, -1L);  // resolve once, keep it
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(e, CURLOPT_PRIVATE, slot);
    return slot;
}

void Worker::fail_unsent(std::size_t phase, std::size_t request, Clock::time_point t) {
    // Counted where the user sees failures (errors: other), never left "in flight": a request
    // that libcurl did not take would otherwise be waited for until the drain deadline.
    tally(phase, request, t,
          [](RequestCounts& c) { ++c.errors[static_cast<std::size_t>(ErrorKind::other)]; });
    ++m_live_failed;
}

bool Worker::send(std::uint64_t n, std::size_t phase, Clock::time_point intended, int vu) {
    const std::size_t index = m_plan.mix.pick(n);
    if (m_in_flight >= m_plan.thread_cap(phase) ||
        (m_free.empty() && m_slots.size() == m_slots.capacity())) {
        tally(phase, index, intended, [](RequestCounts& c) { ++c.dropped; });
        ++m_live_dropped;
        return false;
    }
    Slot* slot = free_slot();
    if (slot == nullptr && (slot = new_slot()) == nullptr) {
        tally(phase, index, intended, [](RequestCounts& c) { ++c.sent; });
        ++m_live_sent;
        fail_unsent(phase, index, intended);
        return false;
    }
    slot->index = index;
    slot->phase = phase;
    slot->vu = vu;
    slot->intended = intended;
    const auto& prepared = *m_plan.prepared[index];
    if (prepared.ready) {
        // The same prepared request as last time on this handle: every option still holds.
        if (slot->prepared != index)
            set_prepared(*slot, index, prepared);
    } else {
        set_built(*slot, m_plan.mix.build(n));
    }
    slot->sent = Clock::now();
    tally(phase, index, slot->sent, [](RequestCounts& c) { ++c.sent; });
    ++m_live_sent;
    if (curl_multi_add_handle(m_multi, slot->easy) != CURLM_OK) {
        fail_unsent(phase, index, slot->sent);
        m_free.push_back(slot);
        return false;
    }
    ++m_in_flight;
    return true;
}

void Worker::set_method(CURL* e, const scenario::RequestSpec& spec, const char* body,
                        std::size_t body_size, bool has_body) {
    curl_easy_setopt(e, CURLOPT_NOBODY, spec.method == "HEAD" ? 1L : 0L);
    if (has_body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_size));
    } else if (spec.method != "HEAD") {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(
        e, CURLOPT_CUSTOMREQUEST,
        spec.method == "GET" || spec.method == "HEAD" || (spec.method == "POST" && has_body)
            ? nullptr
            : spec.method.c_str());
}

void Worker::set_prepared(Slot& slot, std::size_t index, const PreparedRequest& p) {
    CURL* e = slot.easy;
    curl_slist_free_all(slot.headers);
    slot.headers = nullptr;
    curl_easy_setopt(e, CURLOPT_URL, nullptr);
    curl_easy_setopt(e, CURLOPT_CURLU, p.url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, p.headers);
    const auto& spec = m_plan.mix.spec(index);
    set_method(e, spec, p.body.c_str(), p.body.size(), spec.body.has_value());
    slot.prepared = index;
}

void Worker::set_built(Slot& slot, BuiltRequest request) {
    CURL* e = slot.easy;
    slot.request = std::move(request);
    slot.prepared = SIZE_MAX;
    curl_easy_setopt(e, CURLOPT_CURLU, nullptr);
    curl_easy_setopt(e, CURLOPT_URL, slot.request.url.c_str());
    curl_slist_free_all(slot.headers);
    slot.headers =
        header_list(m_plan.endpoint_headers, slot.request.headers, slot.request.has_body);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, slot.headers);
    set_method(e, m_plan.mix.spec(slot.request.index), slot.request.body.c_str(),
               slot.request.body.size(), slot.request.has_body);
}

void Worker::complete(CURLMsg* msg, Clock::time_point now) {
    Slot* slot = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &slot);
    auto& stats = m_stats[slot->phase][slot->index];
    if (msg->data.result == CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
        const auto cls = static_cast<std::size_t>(std::clamp(code / 100, 1L, 5L));
        tally(slot->phase, slot->index, now, [cls](RequestCounts& c) { ++c.status_class[cls]; });
        ++m_live_responses;
        if (cls == 5)
            ++m_live_failed;
    } else {
        const auto kind = static_cast<std::size_t>(classify(msg->data.result));
        tally(slot->phase, slot->index, now, [kind](RequestCounts& c) { ++c.errors[kind]; });
        ++m_live_failed;
    }
    stats.latency.record(now - slot->intended);
    stats.service.record(now - slot->sent);
    m_series.latency(now, slot->phase, slot->index, now - slot->intended, now - slot->sent);
    m_live_window.record(now - slot->intended);
    curl_multi_remove_handle(m_multi, msg->easy_handle);
    --m_in_flight;
    if (slot->vu >= 0 && static_cast<std::size_t>(slot->vu) < m_vus.size() &&
        m_vu_phase == slot->phase) {
        auto& vu = m_vus[static_cast<std::size_t>(slot->vu)];
        vu.busy = false;
        vu.ready = now + m_plan.phases[slot->phase].think;
    }
    // The freed slot goes to the user that has waited longest for one.
    if (!m_waiting.empty()) {
        auto& next = m_vus[m_waiting.front()];
        next.waiting = false;
        next.granted = true;
        next.ready = now;
        m_waiting.pop_front();
    }
    m_free.push_back(slot);
}

void Worker::run_users(std::size_t phase, std::uint64_t total, Clock::time_point now) {
    // Users granted a freed slot first, then the rest in order.
    for (const bool granted_pass : {true, false}) {
        for (std::size_t v = 0; v < m_vus.size(); ++v) {
            auto& vu = m_vus[v];
            if (vu.granted != granted_pass || vu.busy || vu.waiting || vu.ready > now)
                continue;
            vu.granted = false;
            // Closed-model requests are numbered after the open model's, disjoint per segment
            // and thread, so each draws its own request from the mix.
            vu.busy = send(total + m_plan.options.segment.index +
                               m_plan.options.segment.count *
                                   (m_index + std::uint64_t{m_plan.threads} * m_closed_sent++),
                           phase, now, static_cast<int>(v));
            if (!vu.busy) {
                vu.waiting = true;
                m_waiting.push_back(v);
            }
        }
    }
}

void Worker::start_closed_phase(std::size_t phase) {
    const unsigned vus = m_plan.segment_vus(phase);
    const unsigned mine = vus / m_plan.threads + (m_index < vus % m_plan.threads ? 1 : 0);
    m_vus.assign(mine, VirtualUser{m_plan.phase_start(phase), false, false, false});
    m_waiting.clear();
    m_vu_phase = phase;
}

Clock::time_point Worker::reap() {
    int running = 0;
    curl_multi_perform(m_multi, &running);
    int left = 0;
    const auto now = Clock::now();
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg == CURLMSG_DONE)
            complete(msg, now);
    }
    return now;
}

void Worker::skip_late(std::uint64_t total, std::uint64_t step, Clock::time_point began) {
    for (; m_next < total; m_next += step) {
        const Arrival a = m_plan.schedule.at(m_next);
        if (m_plan.start + a.at >= began)
            break;
        tally(a.phase, m_plan.mix.pick(m_next), began, [](RequestCounts& c) {
            ++c.dropped;
            ++c.late;
        });
        ++m_live_dropped;
    }
}

void Worker::publish(bool force) {
    LiveStats* live = m_plan.options.live;
    const auto now = Clock::now();
    if (live == nullptr || (!force && now - m_last_publish < std::chrono::milliseconds(250)))
        return;
    m_last_publish = now;
    live->sent += std::exchange(m_live_sent, 0);
    live->responses += std::exchange(m_live_responses, 0);
    live->failed += std::exchange(m_live_failed, 0);
    live->dropped += std::exchange(m_live_dropped, 0);
    std::lock_guard lock(live->mutex);
    live->latency.merge(m_live_window);
    m_live_window = LatencyHistogram{};
    if (live->by_thread.size() < m_plan.threads)
        live->by_thread.resize(m_plan.threads);
    live->by_thread[m_index] = m_stats;
}

void Worker::run() {
    m_slots.reserve(std::max<unsigned>(1, [&] {
        unsigned most = 0;
        for (std::size_t p = 0; p < m_plan.phases.size(); ++p)
            most = std::max(most, m_plan.thread_cap(p));
        return most;
    }()));
    // Late is being ready after --start-at, not waking a little after it: a worker that was
    // waiting for the start sends everything (its wake-up delay shows as latency).
    const auto ready = Clock::now();
    std::this_thread::sleep_until(m_plan.start);
    const auto run_end = m_plan.start + m_plan.schedule.end();
    const std::uint64_t total = m_plan.schedule.total();
    const auto step = m_plan.stride();
    if (m_plan.options.start_at && ready > m_plan.start)
        skip_late(total, step, ready);
    std::optional<Clock::time_point> stop_deadline;
    for (;;) {
        auto now = Clock::now();
        const bool stopping = (m_plan.options.stop != nullptr && m_plan.options.stop->load()) ||
                              (m_plan.options.halt != nullptr && m_plan.options.halt->load());
        if (stopping && !stop_deadline)
            stop_deadline = now + m_plan.options.drain_after_stop;
        if (!stopping) {
            // At most k_burst arrivals a pass, so the stop flag and the responses are looked
            // at even when far more are due at once (a thread that fell behind).
            constexpr int k_burst = 4096;
            for (int burst = 0; m_next < total && burst < k_burst; ++burst) {
                const Arrival a = m_plan.schedule.at(m_next);
                const auto due = m_plan.start + a.at;
                if (due > now)
                    break;
                // At the cap after a stall (the thread did not run for some ms), answers may
                // be waiting in the sockets: take them before calling this arrival dropped.
                if (m_in_flight >= m_plan.thread_cap(a.phase))
                    reap();
                send(m_next, a.phase, due, -1);
                m_next += step;
            }
            // The closed-model phase running now, if any.
            std::size_t current = m_plan.phases.size();
            for (std::size_t p = 0; p < m_plan.phases.size(); ++p) {
                if (now >= m_plan.phase_start(p) && now < m_plan.phase_end(p))
                    current = p;
            }
            if (current < m_plan.phases.size() && !m_plan.phases[current].open()) {
                if (m_vu_phase != current)
                    start_closed_phase(current);
                run_users(current, total, now);
            } else if (m_vu_phase != SIZE_MAX && current != m_vu_phase) {
                m_vus.clear();  // the closed phase ended: its users stop (in-flight ones finish)
                m_waiting.clear();
                m_vu_phase = SIZE_MAX;
            }
        }
        now = reap();
        publish(false);
        if (stopping && (m_in_flight == 0 || now >= *stop_deadline))
            break;
        if (!stopping && m_next >= total && now >= run_end && m_in_flight == 0)
            break;
        // Wait for the next arrival or VU wake-up. A millisecond or more away: curl_multi_poll
        // (it counts whole milliseconds) wakes on socket activity too. Closer than that, with
        // requests in flight: sleep (at most k_batch). Polling there returned on every single
        // response, so at high rates each request paid its own poll and perform pass and 30k/s
        // dropped 2.8% with p99 12 ms; sleeping lets responses and due sends gather and be
        // handled in one pass (0.2% dropped, p99 0.4 ms). With nothing in flight there is
        // nothing to batch, so it polls without waiting and sends exactly on time.
        // (bench/engine.sh measures both ends.)
        constexpr auto k_batch = std::chrono::microseconds(50);
        Clock::time_point wake = std::min(run_end, now + std::chrono::milliseconds(50));
        if (m_next < total)
            wake = std::min(wake, m_plan.start + m_plan.schedule.at(m_next).at);
        for (const auto& vu : m_vus) {
            if (!vu.busy && !vu.waiting)
                wake = std::min(wake, vu.ready);
        }
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now);
        if (wait.count() >= 1) {
            curl_multi_poll(m_multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
        } else if (wake > now && m_in_flight > 0) {
            std::this_thread::sleep_until(std::min(wake, now + k_batch));
        } else {
            curl_multi_poll(m_multi, nullptr, 0, 0, nullptr);
        }
    }
    for (auto& slot : m_slots) {
        if (std::find(m_free.begin(), m_free.end(), &slot) == m_free.end()) {
            curl_multi_remove_handle(m_multi, slot.easy);
            ++m_abandoned;
        }
    }
    m_series.flush();
    publish(true);
}

std::string describe(const scenario::Phase& p, unsigned segment_vus, const Segment& segment) {
    char buf[64];
    if (!p.open() && !segment.whole()) {
        std::snprintf(buf, sizeof buf, "%u of %u vus", segment_vus, p.vus);
    } else if (!p.open()) {
        std::snprintf(buf, sizeof buf, "%u vus", p.vus);
    } else if (*p.rate_from == *p.rate_to) {
        std::snprintf(buf, sizeof buf, "rate %g/s", *p.rate_from);
    } else {
        std::snprintf(buf, sizeof buf, "rate %g->%g/s", *p.rate_from, *p.rate_to);
    }
    return buf;
}

/// Every 10 s while the workers run, hands the memory glibc holds free back to the system:
/// the workers' arenas otherwise keep the pages libcurl's short-lived allocations left behind,
/// and a long run's resident size grew 0.3-0.6 MB a minute at 30k/s without holding more
/// (bench/series_memory.sh). A trim holds each arena's lock while it walks it: once in 10 s.
class MemoryTrimmer {
  public:
    MemoryTrimmer()
        : m_thread([this] {
              std::unique_lock lock(m_mutex);
              while (!m_cv.wait_for(lock, std::chrono::seconds(10), [this] { return m_done; }))
                  malloc_trim(0);
          }) {}
    ~MemoryTrimmer() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_one();
        m_thread.join();
    }
    MemoryTrimmer(const MemoryTrimmer&) = delete;
    MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

  private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::thread m_thread;  ///< last: starts once the rest is ready
};

/// Traffic starts at --start-at (which may be past: the workers then skip what is due), else
/// in 20 ms, when every worker is ready.
Clock::time_point start_time(const EngineOptions& options) {
    if (!options.start_at)
        return Clock::now() + std::chrono::milliseconds(20);
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                              *options.start_at - std::chrono::system_clock::now());
}

}  // namespace

RunResult run_load(const scenario::Scenario& scenario, const EngineOptions& options) {
    static const CURLcode curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (curl_ready != CURLE_OK)
        throw std::runtime_error(std::string("libcurl: ") + curl_easy_strerror(curl_ready));
    auto phases = scaled_phases(scenario, options.rate_scale, options.duration_scale);
    // The CLI checked these (exit 2); a caller that did not is a bug, not a reason to spin.
    if (auto ok = check_scaled(scenario, phases); !ok)
        throw std::invalid_argument(ok.error().message());
    std::vector<PhaseShape> shapes;
    for (const auto& p : phases)
        shapes.push_back({p.duration, p.rate_from.value_or(0), p.rate_to.value_or(0)});
    const unsigned threads = std::max(1u, options.threads);
    Plan plan{phases,
              ArrivalSchedule(shapes),
              RequestMix(scenario, options.target.url, options.seed),
              start_time(options),
              threads,
              scenario.max_in_flight,
              scenario.timeout,
              options,
              net::header_lines(options.target)};

    for (std::size_t i = 0; i < scenario.requests.size(); ++i) {
        auto p = std::make_unique<PreparedRequest>();
        if (plan.mix.is_static(i)) {
            const BuiltRequest built = plan.mix.build_index(i);
            p->url = curl_url();
            // A URL libcurl cannot parse up front is left to the per-request path, which
            // reports it per request as it always did.
            if (p->url != nullptr &&
                curl_url_set(p->url, CURLUPART_URL, built.url.c_str(), 0) == CURLUE_OK) {
                p->headers = header_list(plan.endpoint_headers, built.headers, built.has_body);
                p->body = built.body;
                p->ready = true;
            }
        }
        plan.prepared.push_back(std::move(p));
    }

    RunResult result;
    result.scenario = scenario.name;
    result.segment = options.segment;
    result.start_at = options.start_at.has_value();
    result.rate_scale = options.rate_scale;
    result.duration_scale = options.duration_scale;
    result.target = options.target.display();
    for (const auto& r : scenario.requests)
        result.request_names.push_back(r.name);
    SeriesSink series;
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned j = 0; j < threads; ++j)
        workers.push_back(std::make_unique<Worker>(plan, j, series));
    std::vector<std::thread> running;
    for (auto& w : workers)
        running.emplace_back([&w] { w->run(); });
    std::this_thread::sleep_until(plan.start);
    // The wall clock of the start, not of the moment this thread woke (a late start is past).
    result.started =
        std::chrono::system_clock::now() -
        std::chrono::duration_cast<std::chrono::system_clock::duration>(Clock::now() - plan.start);
    {
        const MemoryTrimmer trimmer;
        for (auto& t : running)
            t.join();
    }
    result.elapsed = Clock::now() - plan.start;
    result.interrupted = options.stop != nullptr && options.stop->load();
    result.halted = !result.interrupted && options.halt != nullptr && options.halt->load();

    for (std::size_t p = 0; p < phases.size(); ++p) {
        PhaseResult phase;
        phase.name = phases[p].name;
        phase.model = describe(phases[p], plan.segment_vus(p), options.segment);
        phase.start = plan.schedule.phase_start(p);
        phase.end =
            std::min(plan.schedule.phase_start(p + 1), std::chrono::nanoseconds(result.elapsed));
        const double seconds = std::chrono::duration<double>(phases[p].duration).count();
        phase.target_rate = phases[p].open()
                                ? static_cast<double>(plan.schedule.count_in_phase(
                                      p, options.segment.index, options.segment.count)) /
                                      seconds
                                : 0;
        phase.requests.resize(scenario.requests.size());
        for (const auto& w : workers) {
            for (std::size_t r = 0; r < scenario.requests.size(); ++r)
                phase.requests[r].merge(w->stats()[p][r]);
        }
        result.phases.push_back(std::move(phase));
    }
    for (const auto& w : workers)
        result.abandoned += w->abandoned();
    std::lock_guard lock(series.mutex);
    result.series = std::move(series.series);
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(plan.schedule.end()).count();
    for (long long s = 0; s < seconds; ++s) {
        const auto at = [&](long long second) {
            return plan.schedule.arrivals_before(std::chrono::seconds(second),
                                                 options.segment.index, options.segment.count);
        };
        result.series.scheduled.push_back(at(s + 1) - at(s));
    }
    return result;
}

}  // namespace load

namespace load {

std::vector<std::vector<RequestStats>> LiveStats::snapshot() {
    std::lock_guard lock(mutex);
    std::vector<std::vector<RequestStats>> sum;
    for (const auto& thread : by_thread) {
        if (sum.size() < thread.size())
            sum.resize(thread.size());
        for (std::size_t p = 0; p < thread.size(); ++p) {
            if (sum[p].size() < thread[p].size())
                sum[p].resize(thread[p].size());
            for (std::size_t r = 0; r < thread[p].size(); ++r)
                sum[p][r].merge(thread[p][r]);
        }
    }
    return sum;
}

}  // namespace load
