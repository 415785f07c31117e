#include "load/http1_transport.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "load/http1_connection.hpp"
#include "load/http1_request.hpp"
#include "load/request_mix.hpp"
#include "net/endpoint.hpp"

namespace load {
namespace {

/// What every worker's transport shares, read-only: the resolved addresses, the writer, and
/// each static request's bytes.
struct Http1Shared {
    struct Address {
        sockaddr_storage storage{};
        socklen_t size = 0;
    };
    struct Prepared {
        std::string bytes;    ///< static and well-formed: sent as they are
        bool ready = false;   ///< false: templated (rendered per request) or `broken`
        bool broken = false;  ///< static, but libcurl would refuse its URL: send() fails
        bool head = false;    ///< a HEAD request: its answer has no body
    };

    Http1Shared(const TransportSetup& setup, Http1Origin origin)
        : writer(setup.target, std::move(origin)),
          mix(setup.mix),
          timeout(setup.timeout),
          connect_timeout(std::min<std::chrono::milliseconds>(setup.timeout, k_connect_limit)) {}

    static constexpr std::chrono::milliseconds k_connect_limit{5000};
    Http1RequestWriter writer;
    const RequestMix& mix;
    std::vector<Address> addresses;
    std::chrono::milliseconds timeout;
    std::chrono::milliseconds connect_timeout;  ///< min(timeout, 5 s), as new_slot gives libcurl
    std::vector<Prepared> requests;
};

constexpr std::size_t k_http1_events = 256;
constexpr std::size_t k_http1_read_size = 16 * 1024;

/// One worker's connections (wrk's thread loop, with deadlines): see http1_transport.hpp.
class Http1Transport final : public Transport {
  public:
    Http1Transport(std::shared_ptr<const Http1Shared> shared, unsigned connections, int epoll)
        : m_shared(std::move(shared)), m_pool(std::max(1u, connections)), m_epoll(epoll) {
        for (auto& c : m_pool)
            m_closed.push_back(&c);
        m_ready.reserve(m_pool.size());
    }
    ~Http1Transport() override {
        for (auto& c : m_pool)
            if (c.fd >= 0)
                ::close(c.fd);
        ::close(m_epoll);
    }

    bool send(std::size_t index, std::uint64_t n, std::uint32_t tag) override;
    Clock::time_point reap(std::vector<Completion>& done) override;
    void wait(std::chrono::milliseconds at_most) override;
    std::size_t abandon() override;
    Http1Transport(const Http1Transport&) = delete;
    Http1Transport& operator=(const Http1Transport&) = delete;

  private:
    /// Finishes as timeouts the requests and connects whose deadline is at or before `now`.
    void expire(Clock::time_point now);
    using Conn = Http1Connection;
    bool open(Conn& c, Clock::time_point now);
    bool watch(Conn& c, bool out, bool add = false);
    void start(Conn& c);
    void flush(Conn& c);
    void on_event(Conn& c, std::uint32_t events);
    void on_connected(Conn& c);
    void read_once(Conn& c);
    void connect_failed(Conn& c);
    void io_failed(Conn& c, ErrorKind kind);
    void finish(Conn& c, Answer answer, bool keep = false);
    void close(Conn& c);

    std::shared_ptr<const Http1Shared> m_shared;
    std::vector<Conn> m_pool;  ///< never resized: the lists and epoll point into it
    Http1List<&Conn::link> m_closed, m_idle, m_flight;
    Http1List<&Conn::connecting_link> m_connecting;
    std::vector<Completion> m_ready;  ///< finished since the last reap
    int m_epoll;
    int m_collected = -1;    ///< events wait() read for reap, or -1
    unsigned m_address = 0;  ///< the address new connections try first
    std::array<epoll_event, k_http1_events> m_events{};
    std::array<char, k_http1_read_size> m_buffer{};
};

bool Http1Transport::send(std::size_t index, std::uint64_t n, std::uint32_t tag) {
    const auto& prepared = m_shared->requests[index];
    if (prepared.broken)
        return false;  // a URL libcurl refuses: counted as `other`, as its error would be
    Conn* c = !m_idle.empty() ? m_idle.pop_front() : m_closed.pop_front();
    if (c == nullptr)
        return false;
    if (prepared.ready) {
        c->bytes = &prepared.bytes;
    } else {
        const BuiltRequest built = m_shared->mix.build(n);
        if (!m_shared->writer.write(m_shared->mix.spec(built.index).method, built, c->own)) {
            (c->fd >= 0 ? m_idle : m_closed).push_front(c);
            return false;
        }
        c->bytes = &c->own;
    }
    const auto now = Clock::now();
    c->tag = tag;
    c->head = prepared.head;
    c->resent = false;
    c->tries = 0;
    c->deadline = now + m_shared->timeout;
    m_flight.push_back(c);
    if (c->fd >= 0) {
        c->reused = true;
        start(*c);
        return true;
    }
    c->reused = false;
    if (open(*c, now))
        return true;
    m_flight.remove(c);
    m_closed.push_front(c);
    return false;  // no socket (EMFILE...): the caller counts it
}

bool Http1Transport::open(Conn& c, Clock::time_point now) {
    c.address = m_address;
    const auto& address = m_shared->addresses[c.address];
    c.fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0)
        return false;
    ++c.generation;
    ++c.tries;
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!watch(c, true, true)) {
        ::close(c.fd);
        c.fd = -1;
        return false;
    }
    c.phase = Conn::Phase::connecting;
    c.connect_deadline = now + m_shared->connect_timeout;
    m_connecting.push_back(&c);
    if (::connect(c.fd, reinterpret_cast<const sockaddr*>(&address.storage), address.size) == 0)
        on_connected(c);
    else if (errno != EINPROGRESS)
        connect_failed(c);
    return true;
}

/// Registers the socket (first call) or changes whether it waits to write: the only epoll_ctl
/// calls, none per request in the steady state.
bool Http1Transport::watch(Conn& c, bool out, bool add) {
    if (!add && c.watching_out == out)
        return true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (out ? EPOLLOUT : 0u);
    ev.data.u64 =
        (std::uint64_t{c.generation} << 32) | static_cast<std::uint64_t>(&c - m_pool.data());
    c.watching_out = out;
    return ::epoll_ctl(m_epoll, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev) == 0;
}

void Http1Transport::start(Conn& c) {
    c.phase = Conn::Phase::active;
    c.parser.reset(c.head);
    c.written = 0;
    flush(c);
}

void Http1Transport::flush(Conn& c) {
    const ssize_t n = ::send(c.fd, c.bytes->data() + c.written, c.unwritten(), MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
        io_failed(c, ErrorKind::reset);  // EPIPE, ECONNRESET: libcurl's SEND_ERROR
        return;
    }
    c.written += n > 0 ? static_cast<std::size_t>(n) : 0;
    watch(c, c.unwritten() > 0);
}

Clock::time_point Http1Transport::reap(std::vector<Completion>& done) {
    // What was past its deadline before the sockets are read is a timeout, whatever they hold
    // (libcurl checks a transfer's timeout before it reads): an answer that came late is late.
    expire(Clock::now());
    const int n =
        m_collected >= 0 ? m_collected : ::epoll_wait(m_epoll, m_events.data(), k_http1_events, 0);
    m_collected = -1;
    for (int i = 0; i < n; ++i) {
        const std::uint64_t data = m_events[static_cast<std::size_t>(i)].data.u64;
        Conn& c = m_pool[data & 0xffffffffu];
        if (c.fd >= 0 && c.generation == data >> 32)
            on_event(c, m_events[static_cast<std::size_t>(i)].events);
    }
    // One clock read after the sockets: it stamps the answers and decides the deadlines. Both
    // lists are in deadline order (one timeout per run), so only their fronts are looked at.
    const auto now = Clock::now();
    expire(now);
    done.insert(done.end(), m_ready.begin(), m_ready.end());
    m_ready.clear();
    return now;
}

void Http1Transport::expire(Clock::time_point now) {
    while (!m_connecting.empty() && m_connecting.front()->connect_deadline <= now)
        finish(*m_connecting.front(), std::unexpected(ErrorKind::timeout));
    while (!m_flight.empty() && m_flight.front()->deadline <= now)
        finish(*m_flight.front(), std::unexpected(ErrorKind::timeout));
}

void Http1Transport::wait(std::chrono::milliseconds at_most) {
    m_collected = -1;
    if (!m_ready.empty())
        return;  // answers are waiting already (a connect refused at once)
    // Never past the next deadline (whole milliseconds, rounded up): a timeout is reported
    // when it falls due, as curl_multi_poll's own timers do, not when the worker looks next.
    std::optional<Clock::time_point> due;
    if (!m_connecting.empty())
        due = m_connecting.front()->connect_deadline;
    if (!m_flight.empty())
        due = std::min(due.value_or(m_flight.front()->deadline), m_flight.front()->deadline);
    if (due)
        at_most = std::min(
            at_most, std::max(std::chrono::milliseconds(0),
                              std::chrono::ceil<std::chrono::milliseconds>(*due - Clock::now())));
    const int timeout = static_cast<int>(std::min<long long>(at_most.count(), 1 << 30));
    m_collected = ::epoll_wait(m_epoll, m_events.data(), k_http1_events, std::max(0, timeout));
    if (m_collected < 0)
        m_collected = -1;  // EINTR: reap looks again
}

std::size_t Http1Transport::abandon() {
    std::size_t count = m_ready.size();
    m_ready.clear();
    while (!m_flight.empty()) {
        Conn& c = *m_flight.front();
        m_flight.remove(&c);
        if (c.phase == Conn::Phase::connecting)
            m_connecting.remove(&c);
        close(c);
        ++count;
    }
    return count;
}

void Http1Transport::on_event(Conn& c, std::uint32_t events) {
    switch (c.phase) {
        case Conn::Phase::closed:
            return;
        case Conn::Phase::idle: {
            // An idle connection speaks only to close (keep-alive timeout, nginx's 1000th
            // request): anything it says ends it.
            const ssize_t n = ::read(c.fd, m_buffer.data(), m_buffer.size());
            if (n >= 0 || (errno != EAGAIN && errno != EINTR)) {
                m_idle.remove(&c);
                close(c);
            }
            return;
        }
        case Conn::Phase::connecting:
            if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0)
                return;
            {
                int error = 0;
                socklen_t size = sizeof error;
                if (::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
                    error = errno;
                if (error == 0 && (events & EPOLLOUT) != 0) {
                    on_connected(c);
                } else if (error != 0 || (events & (EPOLLERR | EPOLLHUP)) != 0) {
                    connect_failed(c);
                }
            }
            return;
        case Conn::Phase::active:
            if (c.unwritten() > 0 && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
                const std::uint32_t generation = c.generation;
                flush(c);
                if (c.phase != Conn::Phase::active || c.generation != generation)
                    return;  // failed, or sent again on a new socket
            }
            if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0)
                read_once(c);
            return;
    }
}

void Http1Transport::on_connected(Conn& c) {
    m_connecting.remove(&c);
    start(c);
}

void Http1Transport::read_once(Conn& c) {
    const ssize_t n = ::read(c.fd, m_buffer.data(), m_buffer.size());
    if (n > 0) {
        const std::string_view bytes(m_buffer.data(), static_cast<std::size_t>(n));
        const auto step = c.parser.feed(bytes);
        if (step.state == ResponseParser::State::error) {
            finish(c, std::unexpected(ErrorKind::other));  // libcurl: WEIRD_SERVER_REPLY...
        } else if (step.state == ResponseParser::State::done) {
            // Bytes past the answer were never asked for: the connection is not reused.
            finish(c, c.parser.status(),
                   c.parser.keep_alive() && step.used == bytes.size() && c.unwritten() == 0);
        }
        return;
    }
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR)
            io_failed(c, ErrorKind::reset);  // ECONNRESET: libcurl's RECV_ERROR
        return;
    }
    // The peer closed: the end of a body read to the close, or of a response cut short.
    if (c.parser.closed() == ResponseParser::State::done)
        finish(c, c.parser.status());
    else if (c.parser.status() == 0)
        io_failed(c, ErrorKind::reset);  // nothing, or no whole status line: GOT_NOTHING
    else
        finish(c, std::unexpected(ErrorKind::other));  // PARTIAL_FILE
}

void Http1Transport::connect_failed(Conn& c) {
    // ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL...: libcurl's COULDNT_CONNECT,
    // after it tried every address the name has (localhost: ::1, then 127.0.0.1).
    if (c.tries < m_shared->addresses.size()) {
        m_connecting.remove(&c);
        ::close(c.fd);
        c.fd = -1;
        c.phase = Conn::Phase::closed;
        // The next address, and the one every new connection tries first from now on.
        m_address = (c.address + 1) % static_cast<unsigned>(m_shared->addresses.size());
        if (open(c, Clock::now()))
            return;
        finish(c, std::unexpected(ErrorKind::other));
        return;
    }
    finish(c, std::unexpected(ErrorKind::connect));
}

void Http1Transport::io_failed(Conn& c, ErrorKind kind) {
    // A kept-alive connection the server closed before it read our request (its keep-alive
    // timeout, nginx's keepalive_requests): libcurl sends the request again once on a new
    // connection, and so do we; the worker never sees it.
    if (c.reused && !c.resent && !c.parser.started()) {
        if (c.phase == Conn::Phase::connecting)
            m_connecting.remove(&c);
        ::close(c.fd);
        c.fd = -1;
        c.phase = Conn::Phase::closed;
        c.resent = true;
        c.reused = false;
        c.tries = 0;
        if (open(c, Clock::now()))
            return;
        kind = ErrorKind::other;
    }
    finish(c, std::unexpected(kind));
}

void Http1Transport::finish(Conn& c, Answer answer, bool keep) {
    m_flight.remove(&c);
    if (c.phase == Conn::Phase::connecting)
        m_connecting.remove(&c);
    m_ready.push_back({c.tag, answer});
    if (keep) {
        c.phase = Conn::Phase::idle;
        m_idle.push_front(&c);
    } else {
        close(c);
    }
}

void Http1Transport::close(Conn& c) {
    if (c.fd >= 0)
        ::close(c.fd);  // also leaves the epoll set
    c.fd = -1;
    c.phase = Conn::Phase::closed;
    c.watching_out = false;
    m_closed.push_front(&c);
}

class Http1Factory final : public TransportFactory {
  public:
    explicit Http1Factory(std::shared_ptr<const Http1Shared> shared)
        : m_shared(std::move(shared)) {}
    TransportKind kind() const override { return TransportKind::http1; }
    util::Result<std::unique_ptr<Transport>> make(unsigned connections) const override {
        const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
        if (epoll < 0)
            return util::fail(util::ExitCode::stack_unavailable,
                              std::string("cannot create an epoll set: ") + std::strerror(errno),
                              {}, "raise the open-file limit (ulimit -n)");
        return std::make_unique<Http1Transport>(m_shared, connections, epoll);
    }

  private:
    std::shared_ptr<const Http1Shared> m_shared;
};

}  // namespace

std::optional<std::string> http1_refusal(const TransportSetup& setup) {
    const auto& target = setup.target;
    if (!target.url.starts_with("http://"))
        return "the target " + target.display() + " is not plain http:// (it has no TLS)";
    const auto origin = parse_http1_origin(target.url);
    if (!origin)
        return "the target " + target.display() + " is not http://host[:port][/path]";
    if (!target.proxy_url.empty())
        return "the target is reached through a proxy (proxy_url)";
    for (std::size_t i = 0; i < setup.mix.size(); ++i) {
        const auto& spec = setup.mix.spec(i);
        if (!spec.url.is_literal()) {
            // Templated: safe when its fixed start keeps every rendering on the target (a
            // path, or the target's origin and then '/', '?' or '#' before the first `{{`).
            const std::string_view source = spec.url.source();
            const std::string_view fixed = source.substr(0, source.find("{{"));
            if (!fixed.starts_with('/') &&
                !(fixed.size() > origin->prefix.size() && on_http1_origin(fixed, *origin)))
                return "request " + spec.name + "'s url " + spec.url.source() +
                       " may leave the target " + target.display() +
                       " (its text before the first {{ is not the target's origin and a path)";
        } else if (const auto url = setup.mix.build_index(i).url; !on_http1_origin(url, *origin)) {
            return "request " + spec.name + " goes to " + net::redact_url(url) +
                   ", not to the target " + target.display();
        }
    }
    return std::nullopt;
}

util::Result<std::unique_ptr<TransportFactory>> make_http1_factory(const TransportSetup& setup) {
    if (auto why = http1_refusal(setup))
        return util::fail(util::ExitCode::usage, *why, {}, "use --transport curl");
    auto origin = *parse_http1_origin(setup.target.url);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(origin.port);
    // Resolved once for the run, as libcurl's DNS cache kept forever (new_slot) did.
    if (const int rc = ::getaddrinfo(origin.host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return util::fail(util::ExitCode::stack_unavailable,
                          "cannot resolve " + origin.host + ": " + ::gai_strerror(rc),
                          setup.target.display(), "check the target URL");
    auto shared = std::make_shared<Http1Shared>(setup, std::move(origin));
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        Http1Shared::Address address;
        std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
        address.size = a->ai_addrlen;
        shared->addresses.push_back(address);
    }
    ::freeaddrinfo(found);
    // Each static request's bytes, once for the run; templated ones are rendered per request.
    for (std::size_t i = 0; i < setup.mix.size(); ++i) {
        Http1Shared::Prepared prepared;
        prepared.head = setup.mix.spec(i).method == "HEAD";
        if (setup.mix.is_static(i)) {
            prepared.ready = shared->writer.write(setup.mix.spec(i).method,
                                                  setup.mix.build_index(i), prepared.bytes);
            prepared.broken = !prepared.ready;
        }
        shared->requests.push_back(std::move(prepared));
    }
    return std::make_unique<Http1Factory>(std::move(shared));
}

}  // namespace load
