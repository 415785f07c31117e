#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <string>
#include <thread>

namespace capture {

/// Opens, binds and listens `acceptor` on HOST:PORT (port 0: any free one). The error says
/// what went wrong (a bad address or port is invalid_argument).
boost::system::error_code open_acceptor(boost::asio::ip::tcp::acceptor& acceptor,
                                        const std::string& listen);

/// Accepts on `acceptor` until it is closed, spawning `serve(socket)` (an awaitable) on `ioc`
/// for each connection; a failed accept (EMFILE and the like) is retried, not the end.
template <typename Serve>
boost::asio::awaitable<void> accept_all(boost::asio::io_context& ioc,
                                        boost::asio::ip::tcp::acceptor& acceptor, Serve serve) {
    namespace asio = boost::asio;
    while (acceptor.is_open()) {
        boost::system::error_code ec;
        auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            co_return;
        if (ec)
            continue;
        asio::co_spawn(ioc, serve(std::move(socket)), asio::detached);
    }
}

/// The accept loop on its own thread (`thread`), running `ioc`.
template <typename Serve>
void start_loop(boost::asio::io_context& ioc, boost::asio::ip::tcp::acceptor& acceptor,
                std::thread& thread, Serve serve) {
    boost::asio::co_spawn(ioc, accept_all(ioc, acceptor, std::move(serve)), boost::asio::detached);
    thread = std::thread([&ioc] { ioc.run(); });
}

/// Closes `acceptor` and stops `ioc` on the loop's own thread, then joins `thread`.
void stop_loop(boost::asio::io_context& ioc, boost::asio::ip::tcp::acceptor& acceptor,
               std::thread& thread);

}  // namespace capture
