// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include "capture/smtp_listener.hpp"

#include "capture/acceptor.hpp"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <mutex>
#include <thread>

#include "capture/email.hpp"

namespace capture {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto k_lifetime = std::chrono::minutes(10);
constexpr std::size_t k_max_connections = 32;
constexpr std::size_t k_max_waiting = 10'000;

}  // namespace

struct SmtpListener::Impl {
    SmtpLimits limits;
    /// Open connections, on the loop's thread only. Declared before `ioc`: the coroutines that
    /// count themselves out are destroyed with it.
    std::size_t connections = 0;
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::uint16_t port = 0;
    std::thread thread;
    mutable std::mutex mutex;
    std::vector<Notification> received;
    std::size_t dropped = 0;

    void keep(Notification n) {
        std::lock_guard lock(mutex);
        if (received.size() >= k_max_waiting) {
            ++dropped;
            return;
        }
        received.push_back(std::move(n));
    }
};

namespace {

/// One SMTP connection: the session's replies written, its messages parsed and kept.
asio::awaitable<void> serve(SmtpListener::Impl& impl, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::error_code ec;
    if (impl.connections >= k_max_connections) {
        stream.expires_after(std::chrono::seconds(5));
        co_await asio::async_write(stream,
                                   asio::buffer(std::string_view("421 too many connections\r\n")),
                                   asio::redirect_error(asio::use_awaitable, ec));
        co_return;
    }
    ++impl.connections;
    struct Count {
        std::size_t& n;
        ~Count() { --n; }
    } count{impl.connections};

    SmtpSession session(impl.limits);
    const auto started = std::chrono::steady_clock::now();
    auto progress = started;
    std::size_t lines = 0;
    // The deadline moves only when the client completes a line: one that trickles bytes
    // without ever ending a line is dropped after the idle timeout.
    const auto deadline = [&] {
        return std::min(progress + impl.limits.idle_timeout, started + k_lifetime);
    };

    std::string reply = SmtpSession::greeting();
    std::array<char, 64 * 1024> buffer{};
    for (;;) {
        if (!reply.empty()) {
            stream.expires_at(deadline());
            co_await asio::async_write(stream, asio::buffer(reply),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                break;
            reply.clear();
        }
        if (session.closed())
            break;
        stream.expires_at(deadline());
        const std::size_t n = co_await stream.async_read_some(
            asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            break;
        auto out = session.feed(std::string_view(buffer.data(), n));
        if (session.lines() != lines) {
            lines = session.lines();
            progress = std::chrono::steady_clock::now();
        }
        const auto now = std::chrono::steady_clock::now();
        for (auto& mail : out.messages) {
            Notification notification = parse_email(mail.data, now);
            impl.keep(std::move(notification));
        }
        reply = std::move(out.reply);
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

SmtpListener::SmtpListener(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SmtpListener::~SmtpListener() {
    stop_loop(m_impl->ioc, m_impl->acceptor, m_impl->thread);
}

util::Result<std::unique_ptr<SmtpListener>> SmtpListener::start(const std::string& listen,
                                                                SmtpLimits limits) {
    auto impl = std::make_unique<Impl>();
    impl->limits = limits;
    auto ec = open_acceptor(impl->acceptor, listen);
    if (!ec)
        impl->port = impl->acceptor.local_endpoint(ec).port();
    if (ec) {
        return util::fail(util::ExitCode::usage, "cannot receive email: " + ec.message(), listen,
                          "the SMTP capture listener takes a free HOST:PORT");
    }
    start_loop(impl->ioc, impl->acceptor, impl->thread,
               [i = impl.get()](tcp::socket socket) { return serve(*i, std::move(socket)); });
    return std::unique_ptr<SmtpListener>(new SmtpListener(std::move(impl)));
}

std::uint16_t SmtpListener::port() const {
    return m_impl->port;
}

std::vector<Notification> SmtpListener::take() {
    std::lock_guard lock(m_impl->mutex);
    return std::exchange(m_impl->received, {});
}

std::size_t SmtpListener::dropped() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->dropped;
}

}  // namespace capture
