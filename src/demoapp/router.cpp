#include "demoapp/router.hpp"

#include <array>

namespace demoapp {
namespace {

struct RouteInfo {
    std::string_view path;
    std::string_view method;
};

constexpr std::array<RouteInfo, k_route_count> k_routes{{
    {"/", "GET"},
    {"/health", "GET"},
    {"/api/health", "GET"},
    {"/metrics", "GET"},
    {"/api/users", "GET"},
    {"/api/users/<id>", "GET"},
    {"/api/orders", "POST"},
    {"/api/slow", "GET"},
    {"/api/error", "GET"},
    {"/api/metrics-demo", "GET"},
    {"unmatched", ""},
}};

constexpr std::array<std::string_view, k_method_count> k_methods{
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "other"};

}  // namespace

std::string_view route_template(Route route) {
    return k_routes[static_cast<std::size_t>(route)].path;
}

std::string_view route_method(Route route) {
    return k_routes[static_cast<std::size_t>(route)].method;
}

Match match_route(std::string_view target) {
    std::string_view path = target.substr(0, target.find_first_of("?#"));
    if (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);

    constexpr std::string_view users_prefix = "/api/users/";
    if (path.starts_with(users_prefix) && path.size() > users_prefix.size()) {
        std::string_view id = path.substr(users_prefix.size());
        if (id.find('/') == std::string_view::npos)
            return {Route::user_by_id, id};
        return {};
    }
    for (std::size_t i = 0; i < k_route_count; ++i) {
        auto route = static_cast<Route>(i);
        if (route != Route::user_by_id && route != Route::unmatched && k_routes[i].path == path) {
            return {route, {}};
        }
    }
    return {};
}

Method parse_method(std::string_view method) {
    for (std::size_t i = 0; i + 1 < k_method_count; ++i) {
        if (k_methods[i] == method)
            return static_cast<Method>(i);
    }
    return Method::other;
}

std::string_view method_name(Method method) {
    return k_methods[static_cast<std::size_t>(method)];
}

}  // namespace demoapp
