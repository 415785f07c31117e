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

/// A JSON object of strings as a label map (non-string values are skipped).
Labels to_labels(const nlohmann::json& object);

/// The `alertname` label, or empty.
std::string alert_name(const Labels& labels);

/// GET <base_url>/-/ready answered 200 (Prometheus and Alertmanager alike).
util::Result<void> probe_ready(HttpClient& http, const std::string& base_url);

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
