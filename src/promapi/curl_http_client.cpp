#include <curl/curl.h>

#include "net/curl_options.hpp"
#include "promapi/http_client.hpp"

namespace promapi {
namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
    auto* body = static_cast<std::string*>(out);
    // A control-plane answer is small; a runaway one (a wrong URL serving a file) is cut off.
    constexpr std::size_t k_max_body = 64 << 20;
    if (body->size() + size * count > k_max_body)
        return 0;
    body->append(data, size * count);
    return size * count;
}

struct CurlGlobal {
    CURLcode code;
    CurlGlobal() : code(curl_global_init(CURL_GLOBAL_DEFAULT)) {}
};

}  // namespace

CurlHttpClient::CurlHttpClient(net::Endpoint endpoint)
    : m_handle(nullptr), m_endpoint(std::move(endpoint)), m_headers(net::header_lines(m_endpoint)) {
    static CurlGlobal global;
    if (global.code == CURLE_OK)
        m_handle = curl_easy_init();
    if (m_handle != nullptr)
        net::configure_curl(m_handle, m_endpoint);
}

CurlHttpClient::~CurlHttpClient() {
    if (m_handle != nullptr)
        curl_easy_cleanup(static_cast<CURL*>(m_handle));
}

util::Result<HttpResponse> CurlHttpClient::get(const std::string& url) {
    if (m_handle != nullptr) {
        curl_easy_setopt(static_cast<CURL*>(m_handle), CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(static_cast<CURL*>(m_handle), CURLOPT_CUSTOMREQUEST, nullptr);
    }
    return perform(url, "");
}

util::Result<HttpResponse> CurlHttpClient::post(const std::string& url, const std::string& body,
                                                const std::string& content_type) {
    if (m_handle != nullptr) {
        auto* curl = static_cast<CURL*>(m_handle);
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    return perform(url, content_type);
}

util::Result<HttpResponse> CurlHttpClient::del(const std::string& url) {
    if (m_handle != nullptr) {
        curl_easy_setopt(static_cast<CURL*>(m_handle), CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(static_cast<CURL*>(m_handle), CURLOPT_CUSTOMREQUEST, "DELETE");
    }
    return perform(url, "");
}

util::Result<HttpResponse> CurlHttpClient::perform(std::string url,
                                                   const std::string& content_type) {
    auto* curl = static_cast<CURL*>(m_handle);
    if (curl == nullptr)
        return util::fail(util::ExitCode::internal, "libcurl could not be initialised", url);
    const std::string shown = url;  // the caller's URL, before any server_name rewrite
    const std::string connect_to = net::apply_server_name(m_endpoint, url);
    curl_slist* pins =
        connect_to.empty() ? nullptr : curl_slist_append(nullptr, connect_to.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, pins);
    curl_slist* headers = nullptr;
    for (const auto& h : m_headers)
        headers = curl_slist_append(headers, h.c_str());
    if (!content_type.empty())
        headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
    HttpResponse response;
    char detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    const auto timeout = static_cast<long>(m_endpoint.timeout.count());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_slist_free_all(headers);
    curl_slist_free_all(pins);
    if (code != CURLE_OK)
        return std::unexpected(net::transport_error(code, detail, shown));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    if (response.status == 401 || response.status == 403)
        return std::unexpected(net::auth_error(response.status, m_endpoint, shown));
    return response;
}

std::unique_ptr<HttpClient> make_http_client(const net::Endpoint& endpoint) {
    return std::make_unique<CurlHttpClient>(endpoint);
}

std::string url_encode(std::string_view value) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 0xf];
        }
    }
    return out;
}

}  // namespace promapi
