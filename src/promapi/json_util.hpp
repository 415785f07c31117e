#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "promapi/http_client.hpp"
#include "util/error.hpp"

namespace promapi {

using Labels = std::map<std::string, std::string>;

/// Parses a response body as JSON; an unreadable body is an Error naming `url`.
util::Result<nlohmann::json> parse_json(const std::string& body, const std::string& url);

/// Unwraps Prometheus's `{"status": "success", "data": ...}` envelope. An error response
/// (`"status": "error"`, any HTTP status) becomes an Error with its errorType and message.
util::Result<nlohmann::json> prometheus_data(const HttpResponse& response, const std::string& url);

/// A response field of a type obsctl does not expect: thrown by the field readers below and
/// turned by `guarded` into an Error naming the URL and the field (exit 3), never escaping.
struct ShapeError {
    std::string field;
    std::string what;
};

/// `object[key]` as a string; missing or null is "" (vmalert omits or nulls empty fields),
/// a number is formatted; anything else throws ShapeError naming `path`.
std::string str_field(const nlohmann::json& object, const char* key, const std::string& path);

/// `object[key]` as an array (missing or null: empty) or object (missing or null: empty);
/// another type throws ShapeError.
const nlohmann::json& array_field(const nlohmann::json& object, const char* key,
                                  const std::string& path);
const nlohmann::json& object_field(const nlohmann::json& object, const char* key,
                                   const std::string& path);

/// Runs a parser; a ShapeError or a JSON type error inside becomes an Error naming `url`.
template <typename F>
auto guarded(const std::string& url, F parse) -> decltype(parse()) {
    try {
        return parse();
    } catch (const ShapeError& e) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "unexpected response: " + e.field + " " + e.what, url,
                          "is this a Prometheus-compatible API?");
    } catch (const nlohmann::json::exception& e) {
        return util::fail(util::ExitCode::stack_unavailable,
                          std::string("unexpected response: ") + e.what(), url,
                          "is this a Prometheus-compatible API?");
    }
}

/// A JSON object of strings as a label map (non-string values are skipped).
Labels to_labels(const nlohmann::json& object);

/// The `alertname` label, or empty.
std::string alert_name(const Labels& labels);

/// GET <base_url>/-/ready answered 200 (Prometheus and Alertmanager alike).
/// When /-/ready does not exist (404: Mimir, Cortex and some proxies serve only the API under
/// their prefix), `fallback` (an API path) answering 200 counts as ready.
util::Result<void> probe_ready(HttpClient& http, const std::string& base_url,
                               const std::string& fallback);

/// GETs `url` and reads the answer with `parse` (one of the parse_*_response functions, which
/// the unit tests call on captured answers). Transport errors pass through.
template <typename T>
util::Result<T> get_parsed(HttpClient& http, const std::string& url,
                           util::Result<T> (*parse)(const HttpResponse&, const std::string&)) {
    auto response = http.get(url);
    if (!response)
        return std::unexpected(response.error());
    return parse(*response, url);
}

}  // namespace promapi
