// A user's app under stack::SupervisedApp for real: python3's http.server started through
// /bin/sh on a free loopback port, stopped (its port refuses) and started again (it answers).
#include <boost/test/unit_test.hpp>

#include "stack/supervised_app.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"

using namespace std::chrono_literals;

namespace {

/// Whether something answers HTTP on the port (any status).
bool answers(promapi::HttpClient& http, const std::string& url) {
    auto response = http.get(url);
    return response.has_value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_python_http_server_stops_and_starts_again_on_its_port) {
    test_support::TempDir dir;
    const std::uint16_t port = util::free_loopback_port();
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
    // `& wait`: the server is the shell's child, not the shell, so only a stop that reaches
    // the process group frees the port.
    const std::string command = "python3 -m http.server " + std::to_string(port) +
                                " --bind 127.0.0.1 --directory " + dir.path().string() + " & wait";
    auto http = promapi::make_http_client(net::Endpoint{.timeout = std::chrono::seconds(2)});
    auto started = stack::SupervisedApp::start(command, dir.path() / "app.log",
                                               util::real_process_runner(), url, 20s);
    BOOST_REQUIRE_MESSAGE(started.has_value(),
                          (started ? std::string() : started.error().message()));
    auto& app = **started;
    BOOST_TEST(app.running());
    BOOST_TEST(answers(*http, url));

    app.stop();
    BOOST_TEST(!app.running());
    BOOST_TEST(!answers(*http, url), "the port still answers after stop()");

    auto again = app.start();
    BOOST_REQUIRE_MESSAGE(again.has_value(), (again ? std::string() : again.error().message()));
    BOOST_TEST(answers(*http, url));
    // Going out of scope stops it: the destructor is the last stop.
}

BOOST_AUTO_TEST_CASE(an_app_that_exits_at_once_is_reported_with_its_output) {
    test_support::TempDir dir;
    auto started = stack::SupervisedApp::start(
        "echo 'listening? no: config.yaml missing' >&2; exit 4", dir.path() / "app.log",
        util::real_process_runner(),
        "http://127.0.0.1:" + std::to_string(util::free_loopback_port()) + "/health", 20s);
    BOOST_REQUIRE(!started.has_value());
    BOOST_TEST(started.error().what.find("exited (exit code 4)") != std::string::npos,
               started.error().what);
    BOOST_TEST(started.error().what.find("config.yaml missing") != std::string::npos);
}
