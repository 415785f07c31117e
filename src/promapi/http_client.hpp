#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "net/endpoint.hpp"

#include "util/error.hpp"

namespace promapi {

struct HttpResponse {
    long status = 0;
    std::string body;
};

/// A blocking HTTP client for the control plane (API queries, readiness checks), not for load.
/// Abstract so the API clients can be tested on captured responses without a network.
/// A transport failure (refused, timeout, TLS) is an Error naming the URL with exit code 3, and
/// so is a 401 or 403 (credentials refused or missing); any other HTTP status is a response.
class HttpClient {
  public:
    virtual ~HttpClient() = default;
    virtual util::Result<HttpResponse> get(const std::string& url) = 0;
    virtual util::Result<HttpResponse> post(const std::string& url, const std::string& body,
                                            const std::string& content_type) = 0;
    virtual util::Result<HttpResponse> del(const std::string& url) = 0;
};

/// libcurl, one reused easy handle (keep-alive to the same host), configured once from an
/// Endpoint (auth, TLS, headers, proxy, timeout). Not thread-safe: one per thread.
class CurlHttpClient : public HttpClient {
  public:
    explicit CurlHttpClient(net::Endpoint endpoint);
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    util::Result<HttpResponse> get(const std::string& url) override;
    util::Result<HttpResponse> post(const std::string& url, const std::string& body,
                                    const std::string& content_type) override;
    util::Result<HttpResponse> del(const std::string& url) override;

  private:
    util::Result<HttpResponse> perform(std::string url, const std::string& content_type);
    void* m_handle;  ///< CURL*, kept opaque so callers need no curl headers
    net::Endpoint m_endpoint;
    std::vector<std::string> m_headers;  ///< the endpoint's, Authorization included
};

/// The one way obsctl makes a control-plane client: every API client, readiness check and
/// probe reaches its part of the stack through the same Endpoint.
std::unique_ptr<HttpClient> make_http_client(const net::Endpoint& endpoint);

/// Percent-encodes a query parameter value.
std::string url_encode(std::string_view value);

}  // namespace promapi
