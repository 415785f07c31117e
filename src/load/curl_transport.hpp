#pragma once

#include <memory>

#include "load/transport.hpp"

namespace load {

/// libcurl behind the transport seam: one multi handle per worker, easy handles reused with
/// their keep-alive connections, static requests prepared once (parsed URL, header list). It
/// sends what the lean path does not: https://, proxies, URLs off the target.
util::Result<std::unique_ptr<TransportFactory>> make_curl_factory(const TransportSetup& setup);

}  // namespace load
