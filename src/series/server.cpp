#include "series/server.hpp"

#include <prometheus/exposer.h>

namespace series {

util::Result<std::unique_ptr<Server>> Server::start(const std::string& address,
                                                    std::shared_ptr<Publisher> publisher) {
    std::unique_ptr<Server> out(new Server());
    try {
        out->m_exposer = std::make_unique<prometheus::Exposer>(address);
    } catch (const std::exception& e) {
        return util::fail(util::ExitCode::usage, std::string("cannot serve series: ") + e.what(),
                          address, "--series-listen takes HOST:PORT that is free");
    }
    out->m_publisher = std::move(publisher);
    out->m_exposer->RegisterCollectable(out->m_publisher);
    return out;
}

Server::~Server() = default;

std::uint16_t Server::port() const {
    const auto ports = m_exposer->GetListeningPorts();
    return ports.empty() ? 0 : static_cast<std::uint16_t>(ports.front());
}

}  // namespace series
