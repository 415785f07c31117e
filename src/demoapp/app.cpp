#include "demoapp/app.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <functional>
#include <variant>

#include "demoapp/orders.hpp"

namespace demoapp {
namespace {

using std::chrono::milliseconds;

constexpr std::int64_t k_user_count = 100;  // ids 1..100 exist
constexpr std::array<std::string_view, 10> k_names{
    "Ada", "Grace", "Alan", "Barbara", "Ken", "Dennis", "Linus", "Margaret", "Edsger", "Frances"};

milliseconds uniform_delay(milliseconds lo, milliseconds hi, std::mt19937_64& rng) {
    if (hi <= lo)
        return lo;
    std::uniform_int_distribution<std::int64_t> dist(lo.count(), hi.count());
    return milliseconds{dist(rng)};
}

bool chance(double probability, std::mt19937_64& rng) {
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < probability;
}

std::string user_json(std::int64_t id) {
    std::string out = "{\"id\":" + std::to_string(id) + ",\"name\":\"";
    out += k_names[static_cast<std::size_t>(id) % k_names.size()];
    out +=
        " " + std::to_string(id) + "\",\"email\":\"user" + std::to_string(id) + "@example.com\"}";
    return out;
}

Reply json_reply(unsigned status, std::string body) {
    Reply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
}

}  // namespace

std::string error_body(std::string_view message) {
    std::string out = "{\"error\":\"";
    append_json_escaped(out, message);
    out += "\"}";
    return out;
}

Reply App::handle(const Request& request, std::mt19937_64& rng) const {
    const Match match = match_route(request.target);
    const Method method = parse_method(request.method);
    if (!request.user_header.empty()) {
        m_users.seen(std::hash<std::string_view>{}(request.user_header), ActiveUsers::Clock::now());
    }
    Reply reply;
    if (match.route == Route::unmatched) {
        reply = json_reply(404, error_body("no route for this path"));
    } else if (method_name(method) != route_method(match.route)) {
        reply = json_reply(405, error_body(std::string(route_template(match.route)) + " accepts " +
                                           std::string(route_method(match.route))));
    } else {
        reply = dispatch(match.route, match.id, request, rng);
    }
    reply.route = match.route;
    reply.method = method;
    return reply;
}

Reply App::dispatch(Route route, std::string_view id, const Request& request,
                    std::mt19937_64& rng) const {
    switch (route) {
        case Route::root:
            return root();
        case Route::health:
        case Route::api_health:
            return json_reply(200, R"({"status":"healthy"})");
        case Route::metrics: {
            Reply reply =
                json_reply(200, m_metrics.scrape(m_users.count(ActiveUsers::Clock::now())));
            reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
            return reply;
        }
        case Route::users:
            return users_list(rng);
        case Route::user_by_id:
            return user(id, rng);
        case Route::orders:
            return create_order(request, rng);
        case Route::slow:
            return slow(rng);
        case Route::error:
            return error(rng);
        case Route::metrics_demo:
            return metrics_demo(rng);
        case Route::unmatched:
            break;
    }
    return json_reply(404, error_body("no route for this path"));
}

Reply App::root() const {
    std::string body = "{\"name\":\"";
    body += k_app_name;
    body += "\",\"version\":\"";
    body += k_version;
    body += "\",\"endpoints\":[";
    for (std::size_t i = 0; i + 1 < k_route_count; ++i) {
        auto route = static_cast<Route>(i);
        if (i > 0)
            body += ',';
        body += "\"" + std::string(route_method(route)) + " " + std::string(route_template(route)) +
                "\"";
    }
    body += "]}";
    return json_reply(200, std::move(body));
}

milliseconds App::db_query(bool insert, std::mt19937_64& rng) const {
    const milliseconds latency = uniform_delay(m_config.db_min, m_config.db_max, rng);
    m_metrics.observe_db_query(insert, std::chrono::duration<double>(latency).count());
    return latency;
}

Reply App::users_list(std::mt19937_64& rng) const {
    std::string body = "{\"users\":[";
    for (std::int64_t id = 1; id <= 10; ++id) {
        if (id > 1)
            body += ',';
        body += user_json(id);
    }
    body += "],\"total\":" + std::to_string(k_user_count) + "}";
    Reply reply = json_reply(200, std::move(body));
    reply.delay = db_query(false, rng);
    return reply;
}

Reply App::user(std::string_view id, std::mt19937_64& rng) const {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (ec != std::errc{} || end != id.data() + id.size()) {
        return json_reply(400, error_body("user id must be a number"));
    }
    Reply reply;
    if (value < 1 || value > k_user_count) {
        reply = json_reply(404, error_body("no user with id " + std::to_string(value)));
    } else {
        m_users.seen(static_cast<std::uint64_t>(value), ActiveUsers::Clock::now());
        reply = json_reply(200, user_json(value));
    }
    reply.delay = db_query(false, rng);
    return reply;
}

Reply App::create_order(const Request& request, std::mt19937_64& rng) const {
    auto parsed = parse_order(request.body);
    if (auto* rejection = std::get_if<OrderRejection>(&parsed)) {
        m_metrics.count_order("invalid");
        m_log.order(
            {.outcome = "invalid", .reason = rejection->message, .request_id = request.request_id});
        std::string body = "{\"error\":\"";
        append_json_escaped(body, rejection->message);
        body += "\",\"field\":\"";
        append_json_escaped(body, rejection->field);
        body += "\"}";
        return json_reply(rejection->status, std::move(body));
    }
    const Order& order = std::get<Order>(parsed);
    m_users.seen(static_cast<std::uint64_t>(order.user_id), ActiveUsers::Clock::now());
    const milliseconds latency = db_query(true, rng);
    const std::string order_id = "ord-" + std::to_string(m_next_order.fetch_add(1));
    const double total = order.total();
    Reply reply;
    const bool declined = order.card == k_processing_error_card;
    if (declined || chance(m_config.order_failure_rate, rng)) {
        const std::string reason = declined ? "payment processing failed (card ending 0119: "
                                              "processing_error)"
                                            : "payment processing failed";
        m_metrics.count_order("failed");
        m_log.order({.outcome = "failed",
                     .order_id = order_id,
                     .user_id = order.user_id,
                     .total = total,
                     .reason = reason,
                     .request_id = request.request_id});
        reply = json_reply(500, error_body("order " + order_id + " failed: " + reason));
    } else {
        m_metrics.count_order("success");
        m_metrics.observe_order_value(total);
        m_log.order({.outcome = "created",
                     .order_id = order_id,
                     .user_id = order.user_id,
                     .total = total,
                     .request_id = request.request_id});
        char total_text[32];
        std::snprintf(total_text, sizeof total_text, "%.2f", total);
        reply = json_reply(201, "{\"order_id\":\"" + order_id +
                                    "\",\"user_id\":" + std::to_string(order.user_id) +
                                    ",\"items\":" + std::to_string(order.items.size()) +
                                    ",\"total\":" + total_text + ",\"status\":\"created\"}");
    }
    reply.delay = latency;
    return reply;
}

Reply App::slow(std::mt19937_64& rng) const {
    Reply reply;
    reply.delay = uniform_delay(m_config.slow_min, m_config.slow_max, rng);
    reply.body =
        "{\"message\":\"slow response\",\"delay_ms\":" + std::to_string(reply.delay.count()) + "}";
    return reply;
}

Reply App::error(std::mt19937_64& rng) const {
    if (chance(m_config.error_rate, rng)) {
        return json_reply(500, error_body("simulated internal error"));
    }
    return json_reply(200, R"({"message":"no error this time"})");
}

Reply App::metrics_demo(std::mt19937_64& rng) const {
    // Moves the business metrics a dashboard shows, without an order body: one sample order
    // and one sample user.
    const double value = std::uniform_real_distribution<double>(5.0, 500.0)(rng);
    const auto user = std::uniform_int_distribution<std::int64_t>(1, k_user_count)(rng);
    m_metrics.count_order("success");
    m_metrics.observe_order_value(value);
    m_users.seen(static_cast<std::uint64_t>(user), ActiveUsers::Clock::now());
    char body[128];
    std::snprintf(body, sizeof body, R"({"order_value":%.2f,"user_id":%lld})", value,
                  static_cast<long long>(user));
    return json_reply(200, body);
}

}  // namespace demoapp
