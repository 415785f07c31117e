#pragma once
// A Prometheus, ruler and Alertmanager for the preflight's tests: each GET is answered by the
// first route whose fragment the URL contains (captured answers of the real processes, or
// answers in their shape), anything else is refused like a closed port.

#include <string>
#include <utility>
#include <vector>

#include "promapi/http_client.hpp"
#include "support/test_support.hpp"

namespace fake_stack {

class Http : public promapi::HttpClient {
  public:
    std::vector<std::pair<std::string, promapi::HttpResponse>> routes;
    std::vector<std::string> requested;

    /// Answers `fragment` with `body` (HTTP 200), ahead of the routes already there.
    void answer(const std::string& fragment, std::string body, long status = 200) {
        routes.insert(routes.begin(), {fragment, {status, std::move(body)}});
    }
    util::Result<promapi::HttpResponse> get(const std::string& url) override {
        requested.push_back(url);
        for (const auto& [fragment, response] : routes) {
            if (url.find(fragment) != std::string::npos)
                return response;
        }
        return util::fail(util::ExitCode::stack_unavailable, "Couldn't connect to server", url);
    }
    util::Result<promapi::HttpResponse> post(const std::string& url, const std::string&,
                                             const std::string&) override {
        return get(url);
    }
    util::Result<promapi::HttpResponse> del(const std::string& url) override { return get(url); }
};

/// The shipped stack as captured by tests/data/promapi/capture.sh: ready, demoapp scraped,
/// its rules loaded, nothing firing, Alertmanager routing by severity to default, oncall, team.
inline Http shipped_stack() {
    Http http;
    const std::string empty_list = R"({"status":"success","data":[]})";
    http.routes = {
        {"/-/ready", {200, "Ready."}},
        {"/api/v1/status/config", {200, test_support::captured("status_config.json")}},
        {"/api/v1/targets", {200, test_support::captured("targets.json")}},
        {"/api/v1/rules?type=alert", {200, test_support::captured("rules.json")}},
        {"/api/v1/rules?type=record", {200, R"({"status":"success","data":{"groups":[]}})"}},
        {"/api/v1/alerts", {200, test_support::captured("alerts_none.json")}},
        {"/api/v1/label", {200, empty_list}},
        {"/api/v2/status", {200, test_support::captured("am_status.json")}},
    };
    return http;
}

}  // namespace fake_stack
