#pragma once

#include <functional>
#include <string>
#include <vector>

#include "promapi/http_client.hpp"

namespace test_support {

/// An HttpClient that asks `answer` (default: refuses every connection) and records each URL.
/// Header-only: the support library does not link promapi.
class FakeHttpClient : public promapi::HttpClient {
  public:
    using Answer = std::function<util::Result<promapi::HttpResponse>(const std::string& url)>;
    Answer answer = [](const std::string& url) -> util::Result<promapi::HttpResponse> {
        return refused(url);
    };
    std::vector<std::string> requested;

    static util::Result<promapi::HttpResponse> refused(const std::string& url) {
        return util::fail(util::ExitCode::stack_unavailable, "Couldn't connect to server", url);
    }

    util::Result<promapi::HttpResponse> get(const std::string& url) override {
        requested.push_back(url);
        return answer(url);
    }
    util::Result<promapi::HttpResponse> post(const std::string& url, const std::string&,
                                             const std::string&) override {
        return get(url);
    }
    util::Result<promapi::HttpResponse> del(const std::string& url) override { return get(url); }
};

}  // namespace test_support
