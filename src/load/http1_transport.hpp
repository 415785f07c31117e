#pragma once

#include <memory>

#include "load/transport.hpp"

namespace load {

/// The lean HTTP/1.1 path for plain http:// targets: one epoll loop per worker, keep-alive
/// connections, each static request serialized once, responses read by ResponseParser without
/// storing headers or bodies. The target's host is resolved once here (an unresolvable host is
/// ExitCode::stack_unavailable).
util::Result<std::unique_ptr<TransportFactory>> make_http1_factory(const TransportSetup& setup);

}  // namespace load
