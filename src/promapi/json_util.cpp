#include "promapi/json_util.hpp"

namespace promapi {
namespace {

/// The start of a body for a one-line message: at most 120 bytes, line breaks and other
/// control characters as spaces (a proxy's HTML error page must not break the line).
std::string snippet(const std::string& body) {
    std::string out = body.substr(0, 120);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

}  // namespace

util::Result<nlohmann::json> parse_json(const std::string& body, const std::string& url) {
    auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "response is not JSON: " + snippet(body), url);
    }
    return doc;
}

util::Result<nlohmann::json> prometheus_data(const HttpResponse& response, const std::string& url) {
    auto doc = parse_json(response.body, url);
    if (!doc && response.status != 200) {
        // Not Prometheus's API at all (a URL of another server, a proxy's error page).
        return util::fail(util::ExitCode::stack_unavailable,
                          "HTTP " + std::to_string(response.status) + ": " + snippet(response.body),
                          url, "is this Prometheus's URL?");
    }
    if (!doc)
        return std::unexpected(doc.error());
    if (!doc->is_object()) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "unexpected response: expected a JSON object with status and data", url);
    }
    // Not value("status", ""): it throws when status is there but not a string (found by
    // tests/fuzz/prometheus_api; the exception reached main as an internal error).
    const auto status = doc->find("status");
    if (status == doc->end() || !status->is_string() || *status != "success") {
        // bad_data is Prometheus refusing what it was asked (PromQL of the scenario's).
        const auto* type = doc->contains("errorType") && (*doc)["errorType"].is_string()
                               ? &(*doc)["errorType"].get_ref<const std::string&>()
                               : nullptr;
        const auto* message = doc->contains("error") && (*doc)["error"].is_string()
                                  ? &(*doc)["error"].get_ref<const std::string&>()
                                  : nullptr;
        return util::fail(type != nullptr && *type == "bad_data"
                              ? util::ExitCode::usage
                              : util::ExitCode::stack_unavailable,
                          "HTTP " + std::to_string(response.status) + ", " +
                              (type ? *type : std::string("error")) + ": " +
                              (message ? *message : std::string("?")),
                          url);
    }
    if (!doc->contains("data")) {
        return util::fail(util::ExitCode::stack_unavailable, "response has no data", url);
    }
    return (*doc)["data"];
}

namespace {

std::string type_of(const nlohmann::json& j) {
    return j.type_name();
}

}  // namespace

std::string str_field(const nlohmann::json& object, const char* key, const std::string& path) {
    if (!object.is_object())
        throw ShapeError{path, "is " + type_of(object) + ", expected an object"};
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number())
        return it->dump();
    throw ShapeError{path + "." + key, "is " + type_of(*it) + ", expected a string"};
}

namespace {

const nlohmann::json& container_field(const nlohmann::json& object, const char* key,
                                      const std::string& path, bool array) {
    static const nlohmann::json k_empty_array = nlohmann::json::array();
    static const nlohmann::json k_empty_object = nlohmann::json::object();
    if (!object.is_object())
        throw ShapeError{path, "is " + type_of(object) + ", expected an object"};
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return array ? k_empty_array : k_empty_object;
    if (array ? !it->is_array() : !it->is_object()) {
        throw ShapeError{path + "." + key,
                         "is " + type_of(*it) + ", expected " + (array ? "an array" : "an object")};
    }
    return *it;
}

}  // namespace

const nlohmann::json& array_field(const nlohmann::json& object, const char* key,
                                  const std::string& path) {
    return container_field(object, key, path, true);
}

const nlohmann::json& object_field(const nlohmann::json& object, const char* key,
                                   const std::string& path) {
    return container_field(object, key, path, false);
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

util::Result<void> probe_ready(HttpClient& http, const std::string& base_url,
                               const std::string& fallback) {
    const std::string url = base_url + "/-/ready";
    auto response = http.get(url);
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 404) {
        auto api = http.get(base_url + fallback);
        if (!api)
            return std::unexpected(api.error());
        if (api->status == 200)
            return {};
        return util::fail(util::ExitCode::stack_unavailable,
                          "no /-/ready (HTTP 404) and " + fallback + " answered HTTP " +
                              std::to_string(api->status),
                          base_url, "is this the API's base URL, prefix included?");
    }
    if (response->status != 200) {
        return util::fail(util::ExitCode::stack_unavailable,
                          "not ready (HTTP " + std::to_string(response->status) + ")", url);
    }
    return {};
}

}  // namespace promapi
