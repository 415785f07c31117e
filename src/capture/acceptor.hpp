#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <string>

namespace capture {

/// Opens, binds and listens `acceptor` on HOST:PORT (port 0: any free one). The error says
/// what went wrong (a bad address or port is invalid_argument).
boost::system::error_code open_acceptor(boost::asio::ip::tcp::acceptor& acceptor,
                                        const std::string& listen);

}  // namespace capture
