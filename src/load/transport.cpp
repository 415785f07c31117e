#include "load/transport.hpp"

#include "load/curl_transport.hpp"

namespace load {

std::string_view name_of(TransportKind kind) {
    return kind == TransportKind::http1 ? "http1" : "curl";
}

util::Result<std::unique_ptr<TransportFactory>> make_transport_factory(
    TransportChoice choice, const TransportSetup& setup) {
    switch (choice) {
        case TransportChoice::curl:
        case TransportChoice::automatic:
            return make_curl_factory(setup);
        case TransportChoice::http1:
            break;
    }
    return util::fail(util::ExitCode::usage, "--transport http1 is not built yet", {},
                      "use --transport curl");
}

}  // namespace load
