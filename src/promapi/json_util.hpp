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

}  // namespace promapi
