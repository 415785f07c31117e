#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace demoapp {

/// The app's routes. `endpoint` labels use the template, never the raw path, so no request
/// can add a label value: unknown paths are all `unmatched`.
enum class Route : std::uint8_t {
    root,
    health,
    api_health,
    metrics,
    users,
    user_by_id,
    orders,
    slow,
    error,
    metrics_demo,
    unmatched,
};
inline constexpr std::size_t k_route_count = static_cast<std::size_t>(Route::unmatched) + 1;

/// The route template used as the `endpoint` label ("/api/users/<id>").
std::string_view route_template(Route route);

/// The one method a route answers ("GET" or "POST"); empty for `unmatched`.
std::string_view route_method(Route route);

struct Match {
    Route route = Route::unmatched;
    std::string_view id;  ///< the <id> segment for user_by_id, as sent
};

/// Matches a request target (query string ignored, one trailing slash tolerated).
Match match_route(std::string_view target);

/// Bounded `method` label: the common methods as sent, anything else "other".
enum class Method : std::uint8_t { get, post, put, del, patch, head, options, other };
inline constexpr std::size_t k_method_count = 8;
Method parse_method(std::string_view method);
std::string_view method_name(Method method);

}  // namespace demoapp
