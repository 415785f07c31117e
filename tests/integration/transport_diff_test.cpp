// Both transports mean the same thing: one seeded scenario (open and
// closed phases, a templated path, a templated JSON body, 5xx and timeouts) sent through the
// Engine on libcurl and on the lean HTTP/1.1 path to demoapp, whose own counters per route and
// status class must equal each report's counts exactly; and one request of each name, recorded
// by a raw listener, must carry the same request line, header lines and body on both.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "load/engine.hpp"
#include "scenario/parser.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;

namespace {

const char* transport_name(load::TransportChoice how) {
    return how == load::TransportChoice::http1 ? "http1" : "curl";
}

/// The requests: (name, YAML mapping), with the demoapp route each one hits.
struct DiffRequest {
    const char* name;
    const char* yaml;
    const char* route;  ///< demoapp's `endpoint` label
};
const DiffRequest k_diff_requests[] = {
    {"health", "{name: health, path: /health}", "/health"},
    {"user", "{name: user, path: \"/api/users/{{randint 1 200}}\"}", "/api/users/<id>"},
    {"order",
     "{name: order, method: POST, path: /api/orders, headers: {Content-Type: application/json}, "
     "json: {user_id: \"{{randint 1 100}}\", items: [{sku: \"A-{{choice red blue}}\", "
     "qty: \"{{randint 1 5}}\", price: 9.5}]}}",
     "/api/orders"},
    {"error", "{name: error, path: /api/error}", "/api/error"},
    {"slow", "{name: slow, path: /api/slow}", "/api/slow"},
};
constexpr std::size_t k_slow = 4;

scenario::Scenario diff_scenario(const std::string& requests, const std::string& phases) {
    const std::string text =
        "name: diff\nseed: 7\ntimeout: 400ms\nrequests:\n" + requests + "phases:\n" + phases;
    auto s = scenario::parse_scenario(text, "diff.yaml");
    BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().message()));
    return *s;
}

load::RunResult run_engine(const scenario::Scenario& s, std::uint16_t port,
                           load::TransportChoice how) {
    load::EngineOptions options;
    options.target = net::endpoint_from_url("http://127.0.0.1:" + std::to_string(port));
    options.threads = 2;
    options.seed = 7;
    options.transport = how;
    auto engine = load::Engine::prepare(s, options);
    BOOST_REQUIRE_MESSAGE(engine.has_value(), (engine ? "" : engine.error().message()));
    auto result = engine->run(load::RunControls{});
    BOOST_TEST(result.transport == transport_name(how));
    return result;
}

/// demoapp's http_requests_total by (endpoint, status class), scrapes aside.
using RouteCounts = std::map<std::pair<std::string, unsigned>, double>;

std::string label_of(const std::string& line, const std::string& label) {
    const auto at = line.find(label + "=\"");
    if (at == std::string::npos)
        return {};
    const auto from = at + label.size() + 2;
    return line.substr(from, line.find('"', from) - from);
}

RouteCounts demoapp_counts(std::uint16_t port) {
    RouteCounts counts;
    std::istringstream lines(test_support::body_of(test_support::http_get(port, "/metrics")));
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("http_requests_total{"))
            continue;
        const auto status = static_cast<unsigned>(std::stoul(label_of(line, "status")));
        counts[{label_of(line, "endpoint"), status / 100}] +=
            std::stod(line.substr(line.rfind(' ') + 1));
    }
    return counts;
}

double in_flight(std::uint16_t port) {
    std::istringstream lines(test_support::body_of(test_support::http_get(port, "/metrics")));
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("http_requests_in_flight "))
            return std::stod(line.substr(line.find(' ') + 1));
    return -1;
}

/// One transport's run against demoapp, checked against demoapp's counters.
load::RunResult run_and_reconcile(const test_support::DemoApp& app, load::TransportChoice how) {
    const char* name = transport_name(how);
    std::string requests;
    for (const auto& r : k_diff_requests)
        requests += std::string("  - ") + r.yaml + "\n";
    const auto s = diff_scenario(requests,
                                 "  - {name: open, duration: 2s, rate: 300}\n"
                                 "  - {name: closed, duration: 2s, vus: 8, think: 20ms}\n");
    const auto before = demoapp_counts(app.port());
    auto result = run_engine(s, app.port(), how);
    // demoapp counts /api/slow's 1.2 s answers after writing them, also to a closed socket.
    std::this_thread::sleep_for(1300ms);
    test_support::wait_until([&] { return in_flight(app.port()) == 0; }, 3s, 50ms);
    auto delta = demoapp_counts(app.port());
    for (const auto& [key, value] : before)
        delta[key] -= value;

    double counted_by_app = 0, counted_by_report = 0;
    for (const auto& [key, value] : delta)
        counted_by_app += value;
    for (std::size_t i = 0; i < std::size(k_diff_requests); ++i) {
        const auto& r = k_diff_requests[i];
        const auto got = result.for_request(i);
        const auto app_count = [&](unsigned c) {
            return delta[std::pair(std::string(r.route), c)];
        };
        std::ostringstream line;
        line << name << " " << r.name << ": sent " << got.sent << " (open "
             << result.phases.at(0).requests.at(i).sent << "), 1xx-5xx";
        for (unsigned c = 1; c <= 5; ++c)
            line << " " << got.status_class[c] << "/" << app_count(c);
        line << " (report/demoapp), errors";
        for (std::size_t e = 0; e < load::k_error_names.size(); ++e)
            line << " " << load::k_error_names[e] << "=" << got.errors[e];
        line << ", dropped " << got.dropped;
        BOOST_TEST_MESSAGE(line.str());

        BOOST_TEST_CONTEXT(name << " " << r.name) {
            BOOST_TEST(got.dropped == 0u);
            BOOST_TEST(got.sent == got.responses() + got.transport_errors());
            for (auto kind :
                 {load::ErrorKind::connect, load::ErrorKind::reset, load::ErrorKind::other})
                BOOST_TEST(got.errors[static_cast<std::size_t>(kind)] == 0u,
                           "errors." << load::k_error_names[static_cast<std::size_t>(kind)]);
            const auto timeouts = got.errors[static_cast<std::size_t>(load::ErrorKind::timeout)];
            if (i == k_slow) {
                // Every /api/slow times out at 400 ms; demoapp answers each 200 at 1.2 s.
                BOOST_TEST(got.responses() == 0u);
                BOOST_TEST(timeouts == got.sent);
                BOOST_TEST(app_count(2) == static_cast<double>(timeouts));
            } else {
                BOOST_TEST(timeouts == 0u);
                for (unsigned c = 1; c <= 5; ++c)
                    BOOST_TEST(app_count(c) == static_cast<double>(got.status_class[c]), c << "xx");
            }
            counted_by_report += static_cast<double>(got.sent);
        }
    }
    // Nothing else reached demoapp (a malformed request would be a 400 on "unmatched").
    BOOST_TEST(counted_by_app == counted_by_report, name << ": all routes");
    return result;
}

/// A listener on 127.0.0.1:0 that answers every request `200 OK` without a body and keeps each
/// request's head (request line and headers) and body, in arrival order.
class RequestRecorder {
  public:
    struct Recorded {
        std::string head;  ///< up to and without the blank line
        std::string body;
    };

    RequestRecorder() {
        const auto listener = test_support::listen_on_loopback(16);
        m_listener = listener.fd;
        m_port = listener.port;
        m_thread = std::thread([this] { serve(); });
    }
    ~RequestRecorder() {
        m_stop = true;
        m_thread.join();
        ::close(m_listener);
    }
    std::uint16_t port() const { return m_port; }
    /// What was recorded since the last take().
    std::vector<Recorded> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_recorded, {});
    }

  private:
    /// One thread polls the listener and every connection.
    void serve() {
        std::vector<pollfd> fds{{m_listener, POLLIN, 0}};
        std::map<int, std::string> pending;
        while (!m_stop) {
            if (::poll(fds.data(), fds.size(), 20) <= 0)
                continue;
            for (std::size_t i = fds.size(); i-- > 1;) {
                if (fds[i].revents == 0)
                    continue;
                if (!read_from(fds[i].fd, pending[fds[i].fd])) {
                    ::close(fds[i].fd);
                    pending.erase(fds[i].fd);
                    fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
                }
            }
            if (fds[0].revents != 0)
                if (const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC); fd >= 0)
                    fds.push_back({fd, POLLIN, 0});
        }
        for (std::size_t i = 1; i < fds.size(); ++i)
            ::close(fds[i].fd);
    }

    /// Reads what `fd` has, records and answers each whole request; false: closed.
    bool read_from(int fd, std::string& in) {
        char buffer[8192];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return false;
        in.append(buffer, static_cast<std::size_t>(n));
        for (auto end = in.find("\r\n\r\n"); end != std::string::npos; end = in.find("\r\n\r\n")) {
            std::string lower = in.substr(0, end);
            std::ranges::transform(lower, lower.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            std::size_t length = 0;
            if (const auto at = lower.find("\r\ncontent-length:"); at != std::string::npos)
                length = std::stoul(lower.substr(at + 17));
            if (in.size() < end + 4 + length)
                break;
            {
                std::lock_guard lock(m_mutex);
                m_recorded.push_back({in.substr(0, end), in.substr(end + 4, length)});
            }
            in.erase(0, end + 4 + length);
            const std::string_view ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            ::send(fd, ok.data(), ok.size(), MSG_NOSIGNAL);
        }
        return true;
    }

    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<Recorded> m_recorded;
};

/// A request head as compared: the request line, then its header lines with lower-cased names
/// and trimmed values, sorted (the order of headers is no difference).
std::vector<std::string> comparable_head(const std::string& head) {
    std::vector<std::string> lines;
    std::istringstream in(head);
    for (std::string line; std::getline(in, line);) {
        if (line.ends_with('\r'))
            line.pop_back();
        if (!lines.empty()) {
            const auto colon = line.find(':');
            std::string field = line.substr(0, colon);
            std::ranges::transform(field, field.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            value.erase(value.find_last_not_of(" \t") + 1);
            line = field + ": " + value;
        }
        lines.push_back(line);
    }
    std::sort(lines.begin() + (lines.empty() ? 0 : 1), lines.end());
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += "    " + line + "\n";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(demoapp_counts_exactly_what_each_transport_reports) {
    test_support::DemoApp app({"--error-rate", "0.3", "--order-failure-rate", "0.2", "--slow-min",
                               "1200ms", "--slow-max", "1200ms", "--db-min", "0ms", "--db-max",
                               "0ms"});
    const auto curl = run_and_reconcile(app, load::TransportChoice::curl);
    const auto http1 = run_and_reconcile(app, load::TransportChoice::http1);
    // Same seed, same schedule: the open phase sends the same requests, name by name.
    for (std::size_t i = 0; i < std::size(k_diff_requests); ++i)
        BOOST_TEST(curl.phases.at(0).requests.at(i).sent == http1.phases.at(0).requests.at(i).sent,
                   "open phase, " << k_diff_requests[i].name);
    BOOST_TEST(curl.phases.at(0).total().sent == 600u);
}

BOOST_AUTO_TEST_CASE(both_transports_send_the_same_request_line_headers_and_body) {
    RequestRecorder recorder;
    for (const auto& r : k_diff_requests) {
        // One arrival at t = 0: request number 0, rendered alike by both.
        const auto s =
            diff_scenario(std::string("  - ") + r.yaml + "\n", "  - {duration: 100ms, rate: 10}\n");
        std::map<load::TransportChoice, RequestRecorder::Recorded> sent;
        for (const auto how : {load::TransportChoice::curl, load::TransportChoice::http1}) {
            const auto result = run_engine(s, recorder.port(), how);
            BOOST_TEST(result.total().status_class[2] == 1u, transport_name(how) << " " << r.name);
            auto recorded = recorder.take();
            BOOST_TEST_REQUIRE(recorded.size() == 1u, transport_name(how) << " " << r.name);
            sent[how] = recorded.front();
        }
        const auto& curl = sent[load::TransportChoice::curl];
        const auto& http1 = sent[load::TransportChoice::http1];
        const auto curl_head = comparable_head(curl.head);
        const auto http1_head = comparable_head(http1.head);
        BOOST_TEST_MESSAGE(r.name << " (curl):\n" << joined(curl_head));
        BOOST_TEST((curl_head == http1_head), r.name << ": curl sent\n"
                                                     << joined(curl_head) << "  http1 sent\n"
                                                     << joined(http1_head));
        BOOST_TEST(curl.body == http1.body, r.name << ": bodies differ");
    }
}
