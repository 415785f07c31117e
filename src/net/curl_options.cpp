#include "net/curl_options.hpp"

#include <curl/curl.h>

namespace net {

std::vector<std::string> header_lines(const Endpoint& endpoint) {
    std::vector<std::string> lines;
    if (!endpoint.credentials.empty())
        lines.push_back("Authorization: " + endpoint.auth_type + " " + endpoint.credentials);
    for (const auto& [name, value] : endpoint.headers)
        lines.push_back(name + ": " + value);
    return lines;
}

void configure_curl(void* handle, const Endpoint& endpoint) {
    auto* curl = static_cast<CURL*>(handle);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROXY, endpoint.proxy_url.c_str());
    if (!endpoint.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERNAME, endpoint.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, endpoint.password.c_str());
    }
    const auto& tls = endpoint.tls;
    if (!tls.ca_file.empty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_file.c_str());
    if (!tls.cert_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.cert_file.c_str());
        curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.key_file.c_str());
    }
    if (tls.insecure_skip_verify) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

std::string apply_server_name(const Endpoint& endpoint, std::string& url) {
    const auto& name = endpoint.tls.server_name;
    if (name.empty())
        return {};
    const auto scheme = url.find("://");
    if (scheme == std::string::npos)
        return {};
    const std::size_t begin = scheme + 3;
    const std::size_t end = std::min(url.find('/', begin), url.size());
    std::string authority = url.substr(begin, end - begin);
    std::string host = authority, port = url.starts_with("https") ? "443" : "80";
    const std::size_t after_host = authority.starts_with("[") ? authority.find(']') + 1 : 0;
    if (const auto colon = authority.find(':', after_host); colon != std::string::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host == name)
        return {};
    url.replace(begin, end - begin, name + ":" + port);
    return name + ":" + port + ":" + host + ":" + port;
}

util::Error transport_error(int curl_code, const std::string& detail, const std::string& url) {
    const auto code = static_cast<CURLcode>(curl_code);
    std::string what = detail.empty() ? curl_easy_strerror(code) : detail;
    std::string hint;
    auto has = [&](const char* text) { return detail.find(text) != std::string::npos; };
    if (code == CURLE_PEER_FAILED_VERIFICATION) {
        if (has("subject name") || has("host name") || has("does not match")) {
            what = "TLS: the server's certificate is not for this host name (" + what + ")";
            hint = "connect by a name the certificate lists, or set tls_config.server_name";
        } else {
            what = "TLS: the server's certificate is not trusted (" + what + ")";
            hint = "set tls_config.ca_file to the CA that signed it";
        }
    } else if (code == CURLE_SSL_CACERT_BADFILE) {
        what = "TLS: cannot read the CA file (" + what + ")";
        hint = "check tls_config.ca_file";
    } else if (code == CURLE_SSL_CERTPROBLEM) {
        what = "TLS: the client certificate or key is unusable (" + what + ")";
        hint = "check tls_config.cert_file and key_file";
    } else if (code == CURLE_SSL_CONNECT_ERROR) {
        what = "TLS handshake failed (" + what + ")";
        hint = "is this an https:// server, and does it want a client certificate?";
    } else if (code == CURLE_GOT_NOTHING && url.starts_with("http://")) {
        hint = "does the server expect https://?";
    }
    return {scrub(what), redact_url(url), hint, util::ExitCode::stack_unavailable};
}

util::Error auth_error(long status, const Endpoint& endpoint, const std::string& url) {
    const std::string code = "HTTP " + std::to_string(status);
    std::string what, hint;
    if (endpoint.has_credentials()) {
        what = code + ": the credentials were refused";
        hint = status == 401 ? "check basic_auth or authorization in --endpoints"
                             : "the credentials are valid but not allowed here (tenant?)";
    } else {
        what = code + ": credentials are missing";
        hint =
            "set basic_auth or authorization in --endpoints, or a tenant header "
            "(--header 'X-Scope-OrgID: ...')";
    }
    return {what, redact_url(url), hint, util::ExitCode::stack_unavailable};
}

std::string curl_version() {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info != nullptr && info->version != nullptr ? info->version : "unknown";
}

}  // namespace net
