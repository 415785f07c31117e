// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include "demoapp/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <set>
#include <thread>

namespace demoapp {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Worker {
    asio::io_context ioc{1};
    /// Keeps run() going while the loop has no connection yet; reset when draining.
    asio::executor_work_guard<asio::io_context::executor_type> busy{ioc.get_executor()};
    tcp::acceptor acceptor{ioc};  ///< open on the first loop only
    asio::steady_timer drain_deadline{ioc};
    std::mt19937_64 rng;
    std::string id_prefix;
    std::uint64_t next_request = 0;
    std::size_t sessions = 0;
    bool draining = false;
    std::set<beast::tcp_stream*> idle;  ///< connections waiting for their next request
};

namespace {

constexpr std::uint32_t k_header_limit = 16 * 1024;

/// The status a read error deserves, or 0 to close without answering (the peer left, or an
/// idle keep-alive connection timed out).
unsigned error_status(const beast::error_code& ec, bool got_bytes) {
    if (ec == http::error::body_limit)
        return 413;
    if (ec == http::error::header_limit)
        return 431;
    if (ec == beast::error::timeout)
        return got_bytes ? 408 : 0;
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
        ec == asio::error::broken_pipe) {
        return 0;
    }
    return 400;
}

std::string request_id(Worker& w, std::string_view sent) {
    if (!sent.empty() && sent.size() <= 64)
        return std::string(sent);
    return w.id_prefix + std::to_string(++w.next_request);
}

/// After an error reply the client may still be sending (an oversized body): closing with
/// unread data makes the kernel send RST, which can destroy the reply before the client reads
/// it. So shut down our side and discard input for a moment first, as nginx's lingering_close.
asio::awaitable<void> lingering_close(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(1));
    char scratch[16 * 1024];
    for (std::size_t total = 0; total < 4 * 1024 * 1024;) {
        std::size_t n = co_await stream.async_read_some(
            asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            break;
        total += n;
    }
    stream.close();
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(Worker& w, const Config& config, const App& app, AccessLog& log)
        : m_w(w), m_config(config), m_app(app), m_log(log), m_request_deadline(w.ioc) {}

    asio::awaitable<void> run(beast::tcp_stream stream) {
        ++m_w.sessions;
        beast::flat_buffer buffer;
        bool linger = false;
        while (!m_w.draining) {
            if (buffer.size() == 0 && !co_await wait_for_request(stream, buffer))
                break;
            const auto started = Clock::now();
            http::request_parser<http::string_body> parser;
            parser.body_limit(m_config.body_limit);
            parser.header_limit(k_header_limit);
            beast::error_code ec;
            co_await read_request(stream, buffer, parser, ec);
            if (ec) {
                const unsigned status = m_timed_out ? 408 : error_status(ec, true);
                if (status != 0) {
                    co_await reject(stream, parser, status, ec.message(), started);
                    linger = true;
                }
                break;
            }
            if (!co_await respond(stream, parser.release(), started))
                break;
        }
        if (linger) {
            co_await lingering_close(stream);
        } else {
            beast::error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        }
        if (--m_w.sessions == 0 && m_w.draining)
            m_w.ioc.stop();
    }

  private:
    /// Reads one request within request_timeout. Beast's own stream timeout would close the
    /// socket, leaving no way to answer 408; this timer only cancels the read.
    asio::awaitable<void> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                       http::request_parser<http::string_body>& parser,
                                       beast::error_code& ec) {
        m_timed_out = false;
        m_reading = true;
        stream.expires_never();
        m_request_deadline.expires_after(m_config.request_timeout);
        m_request_deadline.async_wait([self = shared_from_this(), &stream](beast::error_code e) {
            if (e || !self->m_reading)
                return;
            self->m_timed_out = true;
            beast::error_code ignored;
            stream.socket().cancel(ignored);
        });
        co_await http::async_read(stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
        m_reading = false;
        m_request_deadline.cancel();
    }

    /// Waits (up to idle_timeout, or until a drain) for the first bytes of the next request,
    /// so that the request_timeout clock starts when a request starts, not when the last ended.
    asio::awaitable<bool> wait_for_request(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
        beast::error_code ec;
        stream.expires_after(m_config.idle_timeout);
        m_w.idle.insert(&stream);
        std::size_t n = co_await stream.async_read_some(
            buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
        m_w.idle.erase(&stream);
        if (ec)
            co_return false;
        buffer.commit(n);
        co_return true;
    }

    asio::awaitable<bool> respond(beast::tcp_stream& stream, http::request<http::string_body> req,
                                  Clock::time_point started) {
        const auto user = req.find("X-User-ID");
        const auto sent_id = req.find("X-Request-ID");
        const std::string id =
            request_id(m_w, sent_id == req.end() ? std::string_view{} : sent_id->value());
        Request request{req.method_string(), req.target(), req.body(),
                        user == req.end() ? std::string_view{} : user->value(), id};
        Reply reply = m_app.handle(request, m_w.rng);
        // Decremented however the coroutine ends (written, failed, or destroyed at shutdown).
        struct InFlight {
            prometheus::Gauge* gauge;
            explicit InFlight(prometheus::Gauge* g) : gauge(g) {
                if (gauge != nullptr)
                    gauge->Increment();
            }
            ~InFlight() {
                if (gauge != nullptr)
                    gauge->Decrement();
            }
        } in_flight{reply.route == Route::metrics ? nullptr : &m_app.metrics().in_flight()};
        if (reply.delay.count() > 0) {
            asio::steady_timer timer(m_w.ioc, reply.delay);
            beast::error_code ignored;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        }
        http::response<http::string_body> res{static_cast<http::status>(reply.status),
                                              req.version()};
        res.set(http::field::server, k_app_name);
        res.set(http::field::content_type, reply.content_type);
        res.set("X-Request-ID", id);
        res.keep_alive(req.keep_alive() && !m_w.draining);
        res.body() = std::move(reply.body);
        res.prepare_payload();
        beast::error_code ec;
        stream.expires_after(m_config.request_timeout);
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        // Scrapes are the monitoring system's traffic, not the app's: they are neither counted
        // nor logged, so http_requests_total moves by exactly what clients sent.
        if (reply.route != Route::metrics) {
            const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
            m_app.metrics().observe_request(reply.route, reply.method, reply.status, seconds);
            m_log.request({req.method_string(), req.target(), route_template(reply.route),
                           reply.status, seconds, id});
        }
        co_return !ec && res.keep_alive();
    }

    asio::awaitable<void> reject(beast::tcp_stream& stream,
                                 http::request_parser<http::string_body>& parser, unsigned status,
                                 const std::string& reason, Clock::time_point started) {
        Route route = Route::unmatched;
        Method method = Method::other;
        std::string target;
        if (parser.is_header_done()) {
            route = match_route(parser.get().target()).route;
            method = parse_method(parser.get().method_string());
            target = std::string(parser.get().target());
        }
        http::response<http::string_body> res{static_cast<http::status>(status), 11};
        res.set(http::field::server, k_app_name);
        res.set(http::field::content_type, "application/json");
        res.keep_alive(false);
        res.body() = error_body(reason);
        res.prepare_payload();
        beast::error_code ec;
        stream.expires_after(std::chrono::seconds(2));
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        m_app.metrics().observe_request(route, method, status, seconds);
        const std::string id = request_id(m_w, {});
        m_log.request({method_name(method), target, route_template(route), status, seconds, id});
    }

    Worker& m_w;
    const Config& m_config;
    const App& m_app;
    AccessLog& m_log;
    asio::steady_timer m_request_deadline;
    bool m_reading = false;
    bool m_timed_out = false;
};

/// Accepts on the first loop's acceptor and hands each connection to the loops in turn.
asio::awaitable<void> accept_loop(std::vector<std::unique_ptr<Worker>>& workers,
                                  const Config& config, const App& app, AccessLog& log) {
    Worker& w = *workers.front();
    std::size_t next = 0;
    while (w.acceptor.is_open()) {
        beast::error_code ec;
        Worker& target = *workers[next++ % workers.size()];
        tcp::socket socket = co_await w.acceptor.async_accept(
            target.ioc, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (!w.acceptor.is_open())
                co_return;
            // Out of file descriptors or a reset before accept: back off briefly, keep serving.
            asio::steady_timer pause(w.ioc, std::chrono::milliseconds(10));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        // The session runs on its own loop's thread and counts itself in that loop's state.
        auto session = std::make_shared<Session>(target, config, app, log);
        asio::co_spawn(
            target.ioc,
            [session, s = beast::tcp_stream(std::move(socket))]() mutable -> asio::awaitable<void> {
                co_await session->run(std::move(s));
            },
            asio::detached);
    }
}

std::optional<tcp::endpoint> parse_listen(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host == "localhost")
        host = "127.0.0.1";
    beast::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec)
        return std::nullopt;
    unsigned port = 0;
    try {
        std::size_t used = 0;
        port = static_cast<unsigned>(std::stoul(text.substr(colon + 1), &used));
        if (used != text.size() - colon - 1 || port > 65535)
            return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return tcp::endpoint(address, static_cast<std::uint16_t>(port));
}

}  // namespace

Server::Server(const Config& config, const App& app, AccessLog& log)
    : m_config(config), m_app(app), m_log(log) {}

Server::~Server() = default;

std::optional<std::string> Server::listen() {
    auto endpoint = parse_listen(m_config.listen);
    if (!endpoint)
        return "--listen " + m_config.listen + ": expected HOST:PORT";
    const std::uint64_t seed =
        m_config.seed != 0 ? m_config.seed
                           : static_cast<std::uint64_t>(Clock::now().time_since_epoch().count());
    for (unsigned i = 0; i < std::max(1u, m_config.threads); ++i) {
        auto w = std::make_unique<Worker>();
        w->rng.seed(seed + i);
        w->id_prefix = std::to_string(seed % 100000) + "-" + std::to_string(i) + "-";
        m_workers.push_back(std::move(w));
    }
    // One acceptor, without SO_REUSEPORT: with it a second demoapp on the same port bound
    // silently and took half the connections. SO_REUSEADDR only lets a restart reuse a port
    // in TIME_WAIT; a port someone listens on is "Address already in use".
    auto& acceptor = m_workers.front()->acceptor;
    beast::error_code ec;
    acceptor.open(endpoint->protocol(), ec);
    if (!ec)
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(*endpoint, ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return m_config.listen + ": " + ec.message();
    return std::nullopt;
}

std::string Server::address() const {
    auto ep = m_workers.front()->acceptor.local_endpoint();
    auto host = ep.address().to_string();
    if (ep.address().is_v6())
        host = "[" + host + "]";
    return host + ":" + std::to_string(ep.port());
}

void Server::run() {
    asio::co_spawn(m_workers.front()->ioc, accept_loop(m_workers, m_config, m_app, m_log),
                   asio::detached);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < m_workers.size(); ++i) {
        threads.emplace_back([w = m_workers[i].get()] { w->ioc.run(); });
    }
    m_workers.front()->ioc.run();
    for (auto& t : threads)
        t.join();
}

void Server::drain() {
    for (auto& worker : m_workers) {
        asio::post(worker->ioc, [w = worker.get(), timeout = m_config.drain_timeout] {
            if (w->draining)
                return;
            w->draining = true;
            w->busy.reset();
            beast::error_code ec;
            w->acceptor.close(ec);
            for (auto* stream : w->idle)
                stream->cancel();
            if (w->sessions == 0) {
                w->ioc.stop();
                return;
            }
            w->drain_deadline.expires_after(timeout);
            w->drain_deadline.async_wait([w](beast::error_code) { w->ioc.stop(); });
        });
    }
}

}  // namespace demoapp
