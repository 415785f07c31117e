// Allowed: util. Forbidden by the table: net (line 7).
#include <string>

/* #include "net/endpoint.hpp" in a comment is not an include */
#include "util/text.hpp"

#include "net/endpoint.hpp"

namespace report {
std::string write(const std::string& text) {
    return net::scrub(text);
}
}  // namespace report
