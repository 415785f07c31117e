// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include "capture/listener.hpp"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <mutex>
#include <thread>

#include "capture/acceptor.hpp"
#include "capture/http_payloads.hpp"
#include "capture/smtp_listener.hpp"
#include "promapi/webhook.hpp"

namespace capture {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Listener::Impl {
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::thread thread;
    std::mutex mutex;
    Attributor attributor;
    bool rendered = false;
    std::unique_ptr<SmtpListener> smtp;
};

namespace {

/// One request: parsed into the attributor, answered as its integration expects.
http::response<http::string_body> handle(Listener::Impl& impl,
                                         const http::request<http::string_body>& request) {
    const auto at = Clock::now();
    const std::string target(request.target());
    const std::string method(request.method_string());
    http::response<http::string_body> response{http::status::ok, request.version()};
    if (auto path = parse_capture_path(target)) {
        const auto answer = answer_http(*path, method, target);
        response.result(answer.status);
        response.set(http::field::content_type, answer.content_type);
        response.body() = answer.body;
        if (auto n = parse_http_notification(*path, method, target, request.body(), at)) {
            // A webhook's payload names its alerts, with when each ended.
            auto carried = path->integration == "webhook"
                               ? promapi::parse_webhook(request.body(), path->receiver, at)
                               : std::vector<promapi::Delivery>{};
            std::lock_guard lock(impl.mutex);
            impl.attributor.add_notification(std::move(*n), std::move(carried));
        }
        return response;
    }
    auto post = promapi::parse_webhook(request.body(), target, at);
    std::lock_guard lock(impl.mutex);
    if (impl.rendered) {
        impl.attributor.add_webhook(std::move(post), at);
    } else if (!post.empty()) {
        // A stack obsctl did not render: this webhook is the user's own integration, and it
        // tells which alerts the receiver's other messages of the same flush carried.
        impl.attributor.add_webhook(post, at, true);
        CapturePath path{post.front().receiver, "webhook", 0, {}};
        if (auto n = parse_http_notification(path, method, target, request.body(), at))
            impl.attributor.add_notification(std::move(*n), std::move(post));
    }
    return response;
}

asio::awaitable<void> serve(Listener::Impl& impl, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(4 * 1024 * 1024);
        beast::error_code ec;
        // A kept-alive connection waits for its next request longer than Alertmanager's client
        // keeps it idle (5 min): closed by this side first, a post racing the close fails with
        // EOF and Alertmanager reports the notification as not sent. A request once begun
        // has 30 s.
        if (buffer.size() == 0) {
            stream.expires_after(std::chrono::minutes(10));
            const std::size_t n = co_await stream.async_read_some(
                buffer.prepare(64 * 1024), asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                break;
            buffer.commit(n);
        }
        stream.expires_after(std::chrono::seconds(30));
        co_await http::async_read(stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            break;
        auto request = parser.release();
        auto response = handle(impl, request);
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !response.keep_alive())
            break;
    }
}

}  // namespace

Listener::Listener(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Listener::~Listener() {
    stop_loop(m_impl->ioc, m_impl->acceptor, m_impl->thread);
}

util::Result<std::unique_ptr<Listener>> Listener::start(const ListenOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->rendered = options.captured.has_value();
    impl->attributor = Attributor(options.captured.value_or(std::set<std::string>{}));
    const auto& listen = options.http;
    const auto ec = open_acceptor(impl->acceptor, listen);
    if (ec) {
        return util::fail(util::ExitCode::usage, "cannot receive webhooks: " + ec.message(), listen,
                          "--webhook-listen takes a free HOST:PORT");
    }
    if (!options.smtp.empty()) {
        auto smtp = SmtpListener::start(options.smtp);
        if (!smtp)
            return std::unexpected(smtp.error());
        impl->smtp = std::move(*smtp);
    }
    start_loop(impl->ioc, impl->acceptor, impl->thread,
               [i = impl.get()](tcp::socket socket) { return serve(*i, std::move(socket)); });
    return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

Caught Listener::take() {
    std::vector<Notification> mail;
    if (m_impl->smtp)
        mail = m_impl->smtp->take();
    std::lock_guard lock(m_impl->mutex);
    for (auto& n : mail)
        m_impl->attributor.add_notification(std::move(n));
    return m_impl->attributor.take(Clock::now());
}

std::uint16_t Listener::smtp_port() const {
    return m_impl->smtp ? m_impl->smtp->port() : 0;
}

}  // namespace capture
