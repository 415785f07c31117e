#include "load/transport.hpp"

#include "load/curl_transport.hpp"
#include "load/http1_transport.hpp"

namespace load {

std::string_view name_of(TransportKind kind) {
    return kind == TransportKind::http1 ? "http1" : "curl";
}

util::Result<std::unique_ptr<TransportFactory>> make_transport_factory(
    TransportChoice choice, const TransportSetup& setup) {
    if (choice == TransportChoice::curl ||
        (choice == TransportChoice::automatic && http1_refusal(setup)))
        return make_curl_factory(setup);
    return make_http1_factory(setup);  // a refused explicit http1: ExitCode::usage naming why
}

}  // namespace load
