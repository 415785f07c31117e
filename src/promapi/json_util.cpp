#include "promapi/json_util.hpp"

namespace promapi {

util::Result<nlohmann::json> parse_json(const std::string& body, const std::string& url) {
    auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "response is not JSON: " + body.substr(0, 120), url);
    }
    return doc;
}

util::Result<nlohmann::json> prometheus_data(const HttpResponse& response, const std::string& url) {
    auto doc = parse_json(response.body, url);
    if (!doc && response.status != 200) {
        // Not Prometheus's API at all (a URL of another server, a proxy's error page).
        auto body = response.body.substr(0, 120);
        while (!body.empty() && (body.back() == '\n' || body.back() == '\r'))
            body.pop_back();
        return util::fail(util::ExitCode::stack_unavailable,
                          "HTTP " + std::to_string(response.status) + ": " + body, url,
                          "is this Prometheus's URL?");
    }
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->value("status", "") != "success") {
        return util::fail(util::ExitCode::stack_unavailable,
                          "HTTP " + std::to_string(response.status) + ", " +
                              doc->value("errorType", "error") + ": " + doc->value("error", "?"),
                          url);
    }
    if (!doc->contains("data")) {
        return util::fail(util::ExitCode::stack_unavailable, "response has no data", url);
    }
    return (*doc)["data"];
}

Labels to_labels(const nlohmann::json& object) {
    Labels labels;
    if (!object.is_object())
        return labels;
    for (const auto& [key, value] : object.items()) {
        if (value.is_string())
            labels.emplace(key, value.get<std::string>());
    }
    return labels;
}

std::string alert_name(const Labels& labels) {
    auto it = labels.find("alertname");
    return it == labels.end() ? std::string{} : it->second;
}

util::Result<void> probe_ready(HttpClient& http, const std::string& base_url) {
    const std::string url = base_url + "/-/ready";
    auto response = http.get(url);
    if (!response)
        return std::unexpected(response.error());
    if (response->status != 200) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "not ready (HTTP " + std::to_string(response->status) + ")", url);
    }
    return {};
}

}  // namespace promapi
