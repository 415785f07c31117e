// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include "promapi/webhook_receiver.hpp"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <mutex>
#include <thread>

#include "util/duration.hpp"

namespace promapi {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

struct WebhookReceiver::Impl {
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::thread thread;
    std::mutex mutex;
    std::vector<Delivery> received;
};

namespace {

asio::awaitable<void> serve(WebhookReceiver::Impl& impl, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(4 * 1024 * 1024);
        beast::error_code ec;
        stream.expires_after(std::chrono::seconds(30));
        co_await http::async_read(stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            break;
        auto request = parser.release();
        auto deliveries = parse_webhook(request.body(), std::string(request.target()),
                                        std::chrono::steady_clock::now());
        {
            std::lock_guard lock(impl.mutex);
            impl.received.insert(impl.received.end(), deliveries.begin(), deliveries.end());
        }
        http::response<http::string_body> response{http::status::ok, request.version()};
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !response.keep_alive())
            break;
    }
}

asio::awaitable<void> accept_all(WebhookReceiver::Impl& impl) {
    while (impl.acceptor.is_open()) {
        beast::error_code ec;
        tcp::socket socket =
            co_await impl.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return;
        asio::co_spawn(impl.ioc, serve(impl, std::move(socket)), asio::detached);
    }
}

}  // namespace

std::vector<Delivery> parse_webhook(const std::string& body, const std::string& path,
                                    std::chrono::steady_clock::time_point at) {
    std::vector<Delivery> out;
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return out;
    // A payload of another shape is dropped whole, never half-read.
    try {
        std::string receiver = str_field(doc, "receiver", "payload");
        if (receiver.empty())
            receiver = path.substr(path.rfind('/') + 1);
        const std::string status = str_field(doc, "status", "payload");
        const auto now = std::chrono::system_clock::now();
        for (const auto& alert : array_field(doc, "alerts", "payload")) {
            const std::string own = str_field(alert, "status", "payload.alerts[]");
            Delivery d{receiver,
                       own.empty() ? status : own,
                       to_labels(object_field(alert, "labels", "payload.alerts[]")),
                       at,
                       {}};
            if (d.status == "resolved") {
                // Taken back to the steady clock through the time since it ended, never later
                // than its arrival (clocks a little apart).
                if (auto ends = util::parse_rfc3339(str_field(alert, "endsAt", "payload.alerts[]")))
                    d.ended = at - std::max(now - *ends, std::chrono::system_clock::duration{0});
            }
            out.push_back(std::move(d));
        }
    } catch (const ShapeError&) {
        out.clear();
    }
    return out;
}

WebhookReceiver::WebhookReceiver(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

WebhookReceiver::~WebhookReceiver() {
    asio::post(m_impl->ioc, [impl = m_impl.get()] {
        beast::error_code ec;
        impl->acceptor.close(ec);
        impl->ioc.stop();
    });
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

util::Result<std::unique_ptr<WebhookReceiver>> WebhookReceiver::start(const std::string& listen) {
    auto impl = std::make_unique<Impl>();
    const auto colon = listen.rfind(':');
    beast::error_code ec;
    const auto address =
        asio::ip::make_address(colon == std::string::npos ? "" : listen.substr(0, colon), ec);
    unsigned port = 0;
    try {
        port = static_cast<unsigned>(std::stoul(listen.substr(colon + 1)));
    } catch (const std::exception&) {
        ec = asio::error::invalid_argument;
    }
    const tcp::endpoint endpoint(address, static_cast<std::uint16_t>(port));
    if (!ec)
        impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(endpoint, ec);
    if (!ec)
        impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return util::fail(util::ExitCode::usage, "cannot receive webhooks: " + ec.message(), listen,
                          "--webhook-listen takes a free HOST:PORT");
    }
    asio::co_spawn(impl->ioc, accept_all(*impl), asio::detached);
    impl->thread = std::thread([i = impl.get()] { i->ioc.run(); });
    return std::unique_ptr<WebhookReceiver>(new WebhookReceiver(std::move(impl)));
}

std::vector<Delivery> WebhookReceiver::take() {
    std::lock_guard lock(m_impl->mutex);
    return std::exchange(m_impl->received, {});
}

}  // namespace promapi
