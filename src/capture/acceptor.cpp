#include "capture/acceptor.hpp"

namespace capture {

boost::system::error_code open_acceptor(boost::asio::ip::tcp::acceptor& acceptor,
                                        const std::string& listen) {
    namespace asio = boost::asio;
    using asio::ip::tcp;
    const auto colon = listen.rfind(':');
    boost::system::error_code ec;
    const auto address =
        asio::ip::make_address(colon == std::string::npos ? "" : listen.substr(0, colon), ec);
    unsigned port = 0;
    try {
        port = static_cast<unsigned>(std::stoul(listen.substr(colon + 1)));
    } catch (const std::exception&) {
        ec = asio::error::invalid_argument;
    }
    if (!ec && port > 65535)
        ec = asio::error::invalid_argument;
    const tcp::endpoint endpoint(address, static_cast<std::uint16_t>(port));
    if (!ec)
        acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    return ec;
}

void stop_loop(boost::asio::io_context& ioc, boost::asio::ip::tcp::acceptor& acceptor,
               std::thread& thread) {
    boost::asio::post(ioc, [&] {
        boost::system::error_code ec;
        acceptor.close(ec);
        ioc.stop();
    });
    if (thread.joinable())
        thread.join();
}

}  // namespace capture
