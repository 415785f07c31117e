// The lean HTTP/1.1 transport driven directly (send, wait, reap) against a scripted raw server
// whose answer each request path picks: the same Answer libcurl gives for every way a server
// can fail (checked against libcurl 7.88 with the same script), keep-alive reuse, and a stale
// keep-alive connection sent again once. Then the real demoapp.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "load/http1_request.hpp"
#include "load/http1_transport.hpp"
#include "load/request_mix.hpp"
#include "net/endpoint.hpp"
#include "scenario/parser.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;

namespace {

/// A listening socket on 127.0.0.1:0 and a thread per connection answering each request as
/// its path says (see answer()); counts connections and requests by path.
class ScriptedServer {
  public:
    ScriptedServer() {
        const auto listener = test_support::listen_on_loopback(64);
        m_listener = listener.fd;
        m_port = listener.port;
        m_acceptor = std::thread([this] { accept_loop(); });
    }
    ~ScriptedServer() {
        m_stop = true;
        m_acceptor.join();
        ::close(m_listener);
        for (auto& t : m_connections)
            t.join();
    }
    std::uint16_t port() const { return m_port; }
    int accepted() const { return m_accepted; }
    int requests(const std::string& path) {
        std::lock_guard lock(m_mutex);
        return m_requests[path];
    }

  private:
    void accept_loop() {
        while (!m_stop) {
            pollfd p{m_listener, POLLIN, 0};
            if (::poll(&p, 1, 20) != 1)
                continue;
            const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            ++m_accepted;
            m_connections.emplace_back([this, fd] { serve(fd); });
        }
    }

    void serve(int fd) {
        std::string in;
        char buffer[4096];
        bool open = true;
        while (open && !m_stop) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 20) != 1)
                continue;
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            in.append(buffer, static_cast<std::size_t>(n));
            for (auto end = in.find("\r\n\r\n"); open && end != std::string::npos;
                 end = in.find("\r\n\r\n")) {
                std::size_t length = 0;
                if (const auto at = in.find("Content-Length: "); at < end)
                    length = std::stoul(in.substr(at + 16));
                if (in.size() < end + 4 + length)
                    break;
                const auto first = in.find(' ') + 1;
                std::string path = in.substr(first, in.find(' ', first) - first);
                path = path.substr(0, path.find('?'));
                in.erase(0, end + 4 + length);
                {
                    std::lock_guard lock(m_mutex);
                    ++m_requests[path];
                }
                open = answer(fd, path);
            }
        }
        ::close(fd);
    }

    /// Answers `path` on `fd`; false: close the connection now.
    static bool answer(int fd, const std::string& path) {
        auto say = [fd](std::string_view bytes) {
            ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        };
        const std::string_view ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        if (path == "/ok") {
            say(ok);
        } else if (path == "/error") {
            say("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        } else if (path == "/chunked") {
            say("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n"
                "6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n");
        } else if (path == "/head") {
            say("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        } else if (path == "/closing") {
            say("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            return false;
        } else if (path == "/once") {
            say(ok);  // then closes the kept-alive connection, as an idle timeout would
            return false;
        } else if (path == "/midhead") {
            say("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Cut");
            return false;
        } else if (path == "/midbody") {
            say("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            return false;
        } else if (path == "/rst") {
            const linger hard{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            return false;
        } else if (path == "/close") {
            return false;
        } else if (path == "/late") {
            std::this_thread::sleep_for(300ms);  // past a 200 ms timeout
            say(ok);
        }
        return true;  // "/hang": never answers
    }

    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::thread m_acceptor;
    std::vector<std::thread> m_connections;  ///< only the acceptor adds, joined after it
    std::mutex m_mutex;
    std::map<std::string, int> m_requests;
};

/// A transport to `port` for requests `paths` (request i is paths[i]; "HEAD /x" for a HEAD).
class Rig {
  public:
    Rig(std::uint16_t port, const std::vector<std::string>& paths,
        std::chrono::milliseconds timeout = 2s)
        : m_scenario(scenario_of(paths)),
          m_target(net::endpoint_from_url("http://127.0.0.1:" + std::to_string(port))),
          m_mix(m_scenario, m_target.url, 1) {
        auto factory = load::make_http1_factory({m_target, m_mix, timeout});
        BOOST_REQUIRE_MESSAGE(factory.has_value(),
                              (factory ? std::string() : factory.error().message()));
        m_factory = std::move(*factory);
        auto transport = m_factory->make(8);
        BOOST_REQUIRE(transport.has_value());
        m_transport = std::move(*transport);
    }

    load::Transport& transport() { return *m_transport; }

    /// Sends request `index` and waits (at most 5 s) for its answer.
    load::Answer answer(std::size_t index) {
        const std::uint32_t tag = m_next_tag++;
        std::uint64_t n = m_next_n++;
        while (m_mix.pick(n) != index)  // as the worker does: arrival n is request pick(n)
            n = m_next_n++;
        BOOST_REQUIRE(m_transport->send(index, n, tag));
        return wait_for(tag);
    }
    load::Answer wait_for(std::uint32_t tag) {
        const auto give_up = load::Clock::now() + 5s;
        std::vector<load::Completion> done;
        while (load::Clock::now() < give_up) {
            m_transport->wait(10ms);
            done.clear();
            m_transport->reap(done);
            for (const auto& c : done)
                if (c.tag == tag)
                    return c.answer;
            BOOST_TEST(done.empty(), "an answer for another request");
        }
        BOOST_FAIL("no answer within 5 s");
        return std::unexpected(load::ErrorKind::other);
    }

  private:
    static scenario::Scenario scenario_of(const std::vector<std::string>& paths) {
        std::string text = "name: http1\nrequests:\n";
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const bool head = paths[i].starts_with("HEAD ");
            text += "  - {name: r" + std::to_string(i) + ", path: '" +
                    (head ? paths[i].substr(5) : paths[i]) + "'" + (head ? ", method: HEAD" : "") +
                    "}\n";
        }
        text += "phases:\n  - {duration: 1s, rate: 1}\n";
        auto s = scenario::parse_scenario(text, "http1.yaml");
        BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().message()));
        return *s;
    }

    scenario::Scenario m_scenario;
    net::Endpoint m_target;
    load::RequestMix m_mix;
    std::unique_ptr<load::TransportFactory> m_factory;
    std::unique_ptr<load::Transport> m_transport;
    std::uint32_t m_next_tag = 1;
    std::uint64_t m_next_n = 0;
};

/// "200", or the error's name ("reset"): what a report would count.
std::string said(const load::Answer& answer) {
    return answer ? std::to_string(*answer)
                  : load::k_error_names[static_cast<std::size_t>(answer.error())];
}

/// A loopback port nothing listens on.
std::uint16_t closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hundred_requests_go_over_one_kept_alive_connection) {
    ScriptedServer server;
    Rig rig(server.port(), {"/ok"});
    for (int i = 0; i < 100; ++i)
        BOOST_TEST(said(rig.answer(0)) == "200");
    BOOST_TEST(server.accepted() == 1);
    BOOST_TEST(server.requests("/ok") == 100);
}

BOOST_AUTO_TEST_CASE(templated_requests_are_rendered_per_request_on_the_same_connections) {
    ScriptedServer server;
    Rig rig(server.port(), {"/ok?n={{seq}}", "/error?n={{seq}}"});
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(said(rig.answer(0)) == "200");
        BOOST_TEST(said(rig.answer(1)) == "503");
    }
    BOOST_TEST(server.accepted() == 1);
    BOOST_TEST(server.requests("/ok") == 3);
}

BOOST_AUTO_TEST_CASE(refuses_what_only_libcurl_can_send) {
    auto s = scenario::parse_scenario(
        "name: r\nrequests:\n  - {name: own, path: /a}\n"
        "  - {name: other, url: 'http://elsewhere:8080/x'}\n"
        "phases:\n  - {duration: 1s, rate: 1}\n",
        "r.yaml");
    BOOST_REQUIRE(s.has_value());
    auto refusal = [&](const std::string& url, const std::string& proxy = {}) {
        auto target = net::endpoint_from_url(url);
        target.proxy_url = proxy;
        const load::RequestMix mix(*s, target.url, 1);
        return load::http1_refusal({target, mix, 1s}).value_or("");
    };
    BOOST_TEST(test_support::contains(refusal("https://127.0.0.1:1"), "not plain http://"));
    BOOST_TEST(test_support::contains(refusal("http://127.0.0.1:1"), "request other goes to"));
    BOOST_TEST(refusal("http://elsewhere:8080") == "");
    BOOST_TEST(
        test_support::contains(refusal("http://elsewhere:8080", "http://proxy:3128"), "proxy"));
    auto templated = scenario::parse_scenario(
        "name: t\nrequests:\n  - {url: 'http://{{choice a b}}:1/x'}\n"
        "phases:\n  - {duration: 1s, rate: 1}\n",
        "t.yaml");
    BOOST_REQUIRE(templated.has_value());
    const auto target = net::endpoint_from_url("http://a:1");
    const load::RequestMix mix(*templated, target.url, 1);
    BOOST_TEST(test_support::contains(load::http1_refusal({target, mix, 1s}).value_or(""),
                                      "may leave the target"));
    // A templated url that fixes the target's origin and a path before its first {{ stays on
    // the target whatever it renders; one whose port or host is still open does not.
    auto on_target = [](const std::string& url) {
        auto t = scenario::parse_scenario(
            "name: t\nrequests:\n  - {url: '" + url + "'}\nphases:\n  - {duration: 1s, rate: 1}\n",
            "t.yaml");
        BOOST_REQUIRE(t.has_value());
        const auto local = net::endpoint_from_url("http://127.0.0.1:8080");
        const load::RequestMix local_mix(*t, local.url, 1);
        return !load::http1_refusal({local, local_mix, 1s}).has_value();
    };
    BOOST_TEST(on_target("http://127.0.0.1:8080/api/users/{{randint 1 9}}"));
    BOOST_TEST(on_target("http://127.0.0.1:8080?id={{seq}}"));
    BOOST_TEST(!on_target("http://127.0.0.1:8080{{choice /a :9090/b}}"));
    BOOST_TEST(!on_target("http://127.0.0.1:80{{choice 80 90}}/x"));
    BOOST_TEST(!on_target("http://127.0.0.1:8080.{{choice evil.example x}}/x"));
}

BOOST_AUTO_TEST_CASE(a_refused_connection_is_a_connect_error) {
    Rig rig(closed_port(), {"/ok"});
    BOOST_TEST(said(rig.answer(0)) == "connect");
}

BOOST_AUTO_TEST_CASE(a_server_failing_mid_answer_gives_what_libcurl_gives) {
    // libcurl: nothing -> GOT_NOTHING (reset), RST -> RECV_ERROR (reset), cut after the length
    // was announced -> PARTIAL_FILE (other).
    ScriptedServer server;
    Rig rig(server.port(), {"/close", "/rst", "/midhead", "/midbody", "/ok"});
    BOOST_TEST(said(rig.answer(0)) == "reset");
    BOOST_TEST(said(rig.answer(1)) == "reset");
    BOOST_TEST(said(rig.answer(2)) == "other");
    BOOST_TEST(said(rig.answer(3)) == "other");
    // A fresh connection: a failure on one is not sent again.
    BOOST_TEST(said(rig.answer(4)) == "200");
    BOOST_TEST(server.accepted() == 5);
    BOOST_TEST(server.requests("/close") == 1);
}

BOOST_AUTO_TEST_CASE(an_answer_after_the_timeout_is_a_timeout_however_long_the_worker_waits) {
    // The worker may ask to wait far past a request's deadline (its next arrival is later):
    // the wait ends at the deadline, and an answer already in the socket when the worker looks
    // again, but late, is still a timeout (as libcurl counts it).
    ScriptedServer server;
    Rig rig(server.port(), {"/late"}, 200ms);
    BOOST_REQUIRE(rig.transport().send(0, 0, 7));
    const auto start = load::Clock::now();
    rig.transport().wait(5s);
    BOOST_TEST((load::Clock::now() - start < 1s));
    std::this_thread::sleep_for(400ms);  // the answer has come by now, 100 ms late
    std::vector<load::Completion> done;
    rig.transport().reap(done);
    BOOST_REQUIRE(done.size() == 1u);
    BOOST_TEST(done[0].tag == 7u);
    BOOST_TEST(said(done[0].answer) == "timeout");
}

BOOST_AUTO_TEST_CASE(a_request_never_answered_times_out_at_the_scenarios_timeout) {
    ScriptedServer server;
    Rig rig(server.port(), {"/hang", "/ok"}, 200ms);
    const auto start = load::Clock::now();
    BOOST_TEST(said(rig.answer(0)) == "timeout");
    const auto took = load::Clock::now() - start;
    BOOST_TEST(took >= 200ms);
    BOOST_TEST(took < 2s);  // fired: a sanitizer build on a busy machine may take a while
    BOOST_TEST(said(rig.answer(1)) == "200");  // the timed-out connection is not reused
    BOOST_TEST(server.accepted() == 2);
}

BOOST_AUTO_TEST_CASE(chunked_and_head_answers_end_where_they_end_and_keep_the_connection) {
    ScriptedServer server;
    Rig rig(server.port(), {"/chunked", "HEAD /head", "/error", "/ok"});
    BOOST_TEST(said(rig.answer(0)) == "200");
    BOOST_TEST(said(rig.answer(1)) == "200");
    BOOST_TEST(said(rig.answer(2)) == "503");
    BOOST_TEST(said(rig.answer(3)) == "200");
    BOOST_TEST(server.accepted() == 1);
}

BOOST_AUTO_TEST_CASE(connection_close_closes_after_the_answer) {
    ScriptedServer server;
    Rig rig(server.port(), {"/closing", "/ok"});
    BOOST_TEST(said(rig.answer(0)) == "200");
    BOOST_TEST(said(rig.answer(1)) == "200");
    BOOST_TEST(server.accepted() == 2);
}

BOOST_AUTO_TEST_CASE(a_kept_alive_connection_the_server_closed_is_sent_again_once) {
    // The server closes after answering; the next request goes out on that connection before
    // the transport saw the close (no reap between), meets EOF or RST before any answer byte,
    // and goes again on a new connection: the caller sees one 200, as libcurl gives.
    ScriptedServer server;
    Rig rig(server.port(), {"/once", "/ok"});
    BOOST_TEST(said(rig.answer(0)) == "200");
    std::this_thread::sleep_for(100ms);
    BOOST_TEST(said(rig.answer(1)) == "200");
    BOOST_TEST(server.accepted() == 2);
    BOOST_TEST(server.requests("/ok") == 1);
    // Seen by reap while idle, the close just retires the connection.
    BOOST_TEST(said(rig.answer(0)) == "200");
    std::this_thread::sleep_for(100ms);
    std::vector<load::Completion> done;
    rig.transport().reap(done);
    BOOST_TEST(said(rig.answer(1)) == "200");
    BOOST_TEST(server.accepted() == 3);
    BOOST_TEST(server.requests("/ok") == 2);
}

BOOST_AUTO_TEST_CASE(abandon_gives_up_what_is_still_out) {
    ScriptedServer server;
    Rig rig(server.port(), {"/hang"});
    BOOST_TEST(rig.transport().send(0, 0, 1));
    BOOST_TEST(rig.transport().send(0, 1, 2));
    rig.transport().wait(20ms);
    BOOST_TEST(rig.transport().abandon() == 2u);
    std::vector<load::Completion> done;
    rig.transport().reap(done);
    BOOST_TEST(done.empty());
}

BOOST_AUTO_TEST_CASE(demoapp_answers_health_and_errors) {
    test_support::DemoApp app({"--error-rate", "1"});
    Rig rig(app.port(), {"/health", "/api/error"});
    BOOST_TEST(said(rig.answer(0)) == "200");
    BOOST_TEST(said(rig.answer(1)) == "500");
}

BOOST_AUTO_TEST_CASE(requests_are_the_bytes_libcurl_sends) {
    // Captured from libcurl 7.88.1 with the engine's options on a recording listener.
    net::Endpoint target = net::endpoint_from_url("http://u:p:w@127.0.0.1:8080/base");
    target.headers = {{"X-Tenant", "a"}};
    const load::Http1RequestWriter writer(target, *load::parse_http1_origin(target.url));
    std::string out;
    load::BuiltRequest put{
        0, "http://127.0.0.1:8080/base/p/../q/./r?x=/../#frag", {"X-A: 1"}, "xx", true};
    BOOST_TEST(writer.write("PUT", put, out));
    BOOST_TEST(out ==
               "PUT /base/q/r?x=/../ HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
               "Authorization: Basic dTpwOnc=\r\nX-Tenant: a\r\nX-A: 1\r\nContent-Length: 2\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\n\r\nxx");
    load::BuiltRequest get{
        0,
        "http://127.0.0.1:8080/base",
        {"Host: other", "Content-Type: t", "X-Empty:", "X-Semi;", "Authorization: Bearer t"},
        "b",
        true};
    BOOST_TEST(writer.write("GET", get, out));
    BOOST_TEST(out ==
               "POST /base HTTP/1.1\r\nHost: other\r\nX-Tenant: a\r\nContent-Type: t\r\n"
               "X-Semi:\r\nAuthorization: Bearer t\r\nContent-Length: 1\r\n\r\nb");
    BOOST_TEST(writer.write("HEAD", {0, "http://127.0.0.1:8080/base?", {}, "b", true}, out));
    BOOST_TEST(out ==
               "HEAD /base? HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
               "Authorization: Basic dTpwOnc=\r\nX-Tenant: a\r\n\r\n");
    BOOST_TEST(!writer.write("GET", {0, "http://127.0.0.1:8080/base/a b", {}, "", false}, out));
    BOOST_TEST(!writer.write("GET", {0, "http://127.0.0.1:80801/x", {}, "", false}, out));
}
