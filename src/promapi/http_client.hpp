#pragma once

#include <chrono>
#include <string>

#include "util/error.hpp"

namespace promapi {

struct HttpResponse {
    long status = 0;
    std::string body;
};

/// A blocking HTTP client for the control plane (API queries, readiness checks), not for load.
/// Abstract so the API clients can be tested on captured responses without a network.
/// A transport failure (refused, timeout) is an Error naming the URL with exit code 3;
/// any HTTP status is a response.
class HttpClient {
  public:
    virtual ~HttpClient() = default;
    virtual util::Result<HttpResponse> get(const std::string& url) = 0;
    virtual util::Result<HttpResponse> post(const std::string& url, const std::string& body,
                                            const std::string& content_type) = 0;
};

/// libcurl, one reused easy handle (keep-alive to the same host). Not thread-safe: one per thread.
class CurlHttpClient : public HttpClient {
  public:
    explicit CurlHttpClient(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    util::Result<HttpResponse> get(const std::string& url) override;
    util::Result<HttpResponse> post(const std::string& url, const std::string& body,
                                    const std::string& content_type) override;

  private:
    util::Result<HttpResponse> perform(const std::string& url);
    void* m_handle;  ///< CURL*, kept opaque so callers need no curl headers
    std::chrono::milliseconds m_timeout;
};

/// Percent-encodes a query parameter value.
std::string url_encode(std::string_view value);

}  // namespace promapi
