#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>

#include "net/curl_options.hpp"
#include "net/endpoints_file.hpp"
#include "support/test_support.hpp"

namespace {

std::filesystem::path write(const test_support::TempDir& dir, const std::string& name,
                            const std::string& text) {
    const auto file = dir.path() / name;
    std::ofstream(file) << text;
    return file;
}

}  // namespace

BOOST_AUTO_TEST_CASE(userinfo_in_a_url_becomes_basic_auth_and_leaves_the_url) {
    const auto e = net::endpoint_from_url("https://ci:s%3Acret@prom.example:9090/prometheus/");
    BOOST_TEST(e.url == "https://prom.example:9090/prometheus");
    BOOST_TEST(e.username == "ci");
    BOOST_TEST(e.password == "s:cret");
    BOOST_TEST(net::scrub("refused s:cret") == "refused <redacted>");
    BOOST_TEST(net::redact_url("http://a:b@h/x") == "http://<redacted>@h/x");
    BOOST_TEST(net::redact_url("http://h/x@y") == "http://h/x@y");
}

BOOST_AUTO_TEST_CASE(reads_every_http_config_block_with_files_and_environment) {
    test_support::TempDir dir;
    write(dir, "pass.txt", "file-password-1\n");
    write(dir, "ca.pem", "not checked here");
    ::setenv("OBSCTL_TEST_TOKEN", "env-token-77", 1);
    ::unsetenv("OBSCTL_TEST_UNSET_RULER");
    const auto file = write(dir, "endpoints.yml", R"(
prometheus:
  url: https://prom.example:9090/
  basic_auth: {username: ci, password_file: pass.txt}
  tls_config: {ca_file: ca.pem, server_name: prom.internal}
  timeout: 2s
ruler:
  url: ${OBSCTL_TEST_UNSET_RULER:-http://vmalert:8880}
alertmanager:
  url: https://am.example/alertmanager
  authorization: {credentials: "${OBSCTL_TEST_TOKEN}"}
  headers: {X-Scope-OrgID: tenant-1}
)");
    auto read = net::load_endpoints_file(file);
    BOOST_REQUIRE_MESSAGE(read.has_value(), (read ? std::string() : read.error().message()));
    BOOST_REQUIRE(read->prometheus && read->ruler && read->alertmanager);
    BOOST_TEST(!read->target.has_value());
    const auto& p = *read->prometheus;
    BOOST_TEST(p.url == "https://prom.example:9090");
    BOOST_TEST(p.username == "ci");
    BOOST_TEST(p.password == "file-password-1");
    BOOST_TEST(p.tls.ca_file == (dir.path() / "ca.pem").string());
    BOOST_TEST(p.tls.server_name == "prom.internal");
    BOOST_TEST(p.timeout.count() == 2000);
    BOOST_TEST(read->ruler->url == "http://vmalert:8880");  // the default of an unset ${VAR}
    const auto headers = net::header_lines(*read->alertmanager);
    BOOST_REQUIRE(headers.size() == 2u);
    BOOST_TEST(headers[0] == "Authorization: Bearer env-token-77");
    BOOST_TEST(headers[1] == "X-Scope-OrgID: tenant-1");
    // Every secret read is scrubbed from anything printed.
    BOOST_TEST(net::scrub("a file-password-1 b env-token-77") == "a <redacted> b <redacted>");
}

BOOST_AUTO_TEST_CASE(a_mistake_is_one_line_with_file_line_col_and_exit_2) {
    test_support::TempDir dir;
    struct Case {
        std::string text, expect;
    };
    for (const auto& c : std::vector<Case>{
             {"prometheus:\n  url: http://x\n  basic_auth: {username: u, pasword: p}\n",
              ":3:29: prometheus.basic_auth.pasword: unknown key"},
             {"prometheus:\n  url: http://x\n  authorization: {credentials: "
              "\"${OBSCTL_UNSET_VAR}\"}\n",
              ":3:32: prometheus.authorization.credentials: environment variable "
              "OBSCTL_UNSET_VAR is not set"},
             {"alertmanager:\n  url: ftp://x\n", ":2:8: alertmanager.url: expected an http"},
             {"prometheus:\n  url: http://x\n  timeout: soon\n",
              ":3:12: prometheus.timeout: expected a duration"},
             {"prometheus:\n  url: http://x\n  basic_auth: {username: u, password_file: "
              "none.txt}\n",
              "none.txt: cannot read the secret file: No such file or directory"},
             {"promethus:\n  url: http://x\n", ":1:1: endpoints.promethus: unknown key"},
             {"prometheus: [1, 2\n", "endpoints.yml:"}}) {
        const auto file = write(dir, "endpoints.yml", c.text);
        auto read = net::load_endpoints_file(file);
        BOOST_REQUIRE(!read.has_value());
        BOOST_TEST((read.error().code == util::ExitCode::usage));
        BOOST_TEST(read.error().message().find(c.expect) != std::string::npos,
                   read.error().message() << " should contain " << c.expect);
        BOOST_TEST(read.error().message().find('\n') == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(auth_and_tls_failures_say_what_to_fix_and_name_the_url) {
    net::Endpoint with = net::endpoint_from_url("https://u:pw-xyz@h:1");
    const auto refused = net::auth_error(401, with, "https://h:1/api/v1/rules");
    BOOST_TEST(refused.message().find("https://h:1/api/v1/rules: HTTP 401: the credentials were "
                                      "refused") == 0,
               refused.message());
    BOOST_TEST((refused.code == util::ExitCode::stack_unavailable));
    const auto missing = net::auth_error(401, net::Endpoint{}, "http://h/x");
    BOOST_TEST(missing.message().find("credentials are missing") != std::string::npos);
    BOOST_TEST(missing.message().find("X-Scope-OrgID") != std::string::npos);
    // libcurl's own words for an untrusted CA and for a wrong host name (curl 7.88, OpenSSL 3).
    const auto ca = net::transport_error(
        60, "SSL certificate problem: unable to get local issuer certificate", "https://h");
    BOOST_TEST(ca.message().find("not trusted") != std::string::npos, ca.message());
    BOOST_TEST(ca.message().find("tls_config.ca_file") != std::string::npos);
    const auto name = net::transport_error(
        60, "SSL: no alternative certificate subject name matches target host name 'h'",
        "https://h");
    BOOST_TEST(name.message().find("not for this host name") != std::string::npos, name.message());
}

BOOST_AUTO_TEST_CASE(server_name_pins_the_connection_and_names_the_url) {
    net::Endpoint e;
    e.tls.server_name = "prom.internal";
    std::string url = "https://127.0.0.1:9443/api/v1/query";
    BOOST_TEST(net::apply_server_name(e, url) == "prom.internal:9443:127.0.0.1:9443");
    BOOST_TEST(url == "https://prom.internal:9443/api/v1/query");
}
