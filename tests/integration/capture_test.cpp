// The real Alertmanager 0.25 (prometheus-alertmanager) sends a Slack notification and an email
// to capture/'s parsers and SmtpListener, through Go's own HTTP and net/smtp clients: what
// arrives reads as the person would see it, and Alertmanager counts both as sent.
#include <utility>  // Boost 1.74's asio/awaitable.hpp needs std::exchange

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <mutex>
#include <thread>

#include "capture/http_payloads.hpp"
#include "capture/smtp_listener.hpp"
#include "support/test_support.hpp"
#include "util/ports.hpp"
#include "util/process.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

/// A small stand-in for the capture side of obsctl's HTTP listener: every request to a capture
/// path is parsed and answered as capture/ says.
class HttpCapture {
  public:
    HttpCapture() {
        m_acceptor.open(tcp::v4());
        m_acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
        m_acceptor.listen();
        asio::co_spawn(m_ioc, accept_all(), asio::detached);
        m_thread = std::thread([this] { m_ioc.run(); });
    }
    ~HttpCapture() {
        asio::post(m_ioc, [this] {
            beast::error_code ec;
            m_acceptor.close(ec);
            m_ioc.stop();
        });
        m_thread.join();
    }
    std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    std::vector<capture::Notification> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_received, {});
    }

  private:
    asio::awaitable<void> accept_all() {
        for (;;) {
            beast::error_code ec;
            auto socket =
                co_await m_acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
            asio::co_spawn(m_ioc, serve(std::move(socket)), asio::detached);
        }
    }
    asio::awaitable<void> serve(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> request;
            beast::error_code ec;
            stream.expires_after(30s);
            co_await http::async_read(stream, buffer, request,
                                      asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
            const std::string target(request.target());
            const std::string method(request.method_string());
            http::response<http::string_body> response{http::status::not_found, 11};
            if (auto path = capture::parse_capture_path(target)) {
                if (auto n = capture::parse_http_notification(*path, method, target, request.body(),
                                                              std::chrono::steady_clock::now())) {
                    std::lock_guard lock(m_mutex);
                    m_received.push_back(std::move(*n));
                }
                const auto answer = capture::answer_http(*path, method, target);
                response.result(answer.status);
                if (!answer.content_type.empty())
                    response.set(http::field::content_type, answer.content_type);
                response.body() = answer.body;
            }
            response.keep_alive(request.keep_alive());
            response.prepare_payload();
            co_await http::async_write(stream, response,
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
        }
    }

    asio::io_context m_ioc{1};
    tcp::acceptor m_acceptor{m_ioc};
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<capture::Notification> m_received;
};

/// prometheus-alertmanager on a free loopback port; stopped at scope exit.
class Alertmanager {
  public:
    Alertmanager(const std::string& config) {
        const auto file = m_dir.path() / "alertmanager.yml";
        std::ofstream(file) << config;
        m_port = util::free_loopback_port();
        auto pid = util::spawn({{"prometheus-alertmanager", "--config.file=" + file.string(),
                                 "--storage.path=" + m_dir.path().string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(m_port),
                                 "--cluster.listen-address=", "--log.level=debug"},
                                m_dir.path() / "alertmanager.log",
                                {},
                                true});
        BOOST_REQUIRE_MESSAGE(pid.has_value(), "cannot start prometheus-alertmanager");
        m_pid = *pid;
        BOOST_REQUIRE_MESSAGE(test_support::wait_until(
                                  [&] {
                                      return test_support::status_of(
                                                 test_support::http_get(m_port, "/-/ready")) == 200;
                                  },
                                  20s),
                              "alertmanager not ready: " << log());
    }
    ~Alertmanager() { util::terminate(m_pid, 5s); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::string log() const { return util::tail_lines(m_dir.path() / "alertmanager.log", 30); }

  private:
    test_support::TempDir m_dir;
    std::uint16_t m_port = 0;
    pid_t m_pid = 0;
};

const capture::Notification* find(const std::vector<capture::Notification>& all,
                                  const std::string& integration) {
    for (const auto& n : all) {
        if (n.integration == integration)
            return &n;
    }
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(alertmanagers_slack_and_email_reach_the_capture_listeners) {
    HttpCapture http_capture;
    auto smtp = capture::SmtpListener::start("127.0.0.1:0");
    BOOST_REQUIRE(smtp.has_value());
    const std::string receiver = "ops team/eu";
    const std::string config =
        "route:\n  receiver: '" + receiver +
        "'\n  group_wait: 0s\n  group_interval: 1s\nreceivers:\n  - name: '" + receiver +
        "'\n    slack_configs:\n      - api_url: '" +
        capture::capture_url(http_capture.port(), receiver, "slack", 0) +
        "'\n        channel: '#ops'\n        title: '{{ .CommonLabels.alertname }} is "
        "{{ .Status }}'\n    email_configs:\n      - to: 'oncall@example.org'\n"
        "        from: 'am@example.org'\n        smarthost: '127.0.0.1:" +
        std::to_string((*smtp)->port()) +
        "'\n        require_tls: false\n        text: 'Summary: {{ "
        ".CommonAnnotations.summary }}'\n        headers:\n          Subject: 'Alarm: "
        "{{ .CommonLabels.alertname }} – Ünïcode'\n          X-Obsctl-Capture: 'ops%20team%2Feu/"
        "email/1'\n";
    Alertmanager am(config);
    test_support::TempDir scratch;
    const auto added = util::run_command(
        {"amtool", "alert", "add", "alertname=DiskFull", "instance=db1",
         "--annotation=summary=Disk full on db1", "--alertmanager.url=" + am.url()},
        scratch.path() / "amtool.out");
    BOOST_REQUIRE(added.has_value());
    BOOST_REQUIRE_MESSAGE(added->exit_status == 0, added->output);

    std::vector<capture::Notification> got;
    test_support::wait_until(
        [&] {
            for (auto& n : http_capture.take())
                got.push_back(std::move(n));
            for (auto& n : (*smtp)->take())
                got.push_back(std::move(n));
            return find(got, "slack") && find(got, "email");
        },
        30s, 200ms);

    const auto* slack = find(got, "slack");
    BOOST_REQUIRE_MESSAGE(slack != nullptr, "no Slack notification: " << am.log());
    BOOST_TEST(slack->receiver == receiver);
    BOOST_TEST(slack->unreadable == "");
    BOOST_REQUIRE(slack->field("title") != nullptr);
    BOOST_TEST(*slack->field("title") == "DiskFull is firing");
    BOOST_TEST(*slack->field("channel") == "#ops");

    const auto* email = find(got, "email");
    BOOST_REQUIRE_MESSAGE(email != nullptr, "no email: " << am.log());
    BOOST_TEST(email->receiver == receiver);
    BOOST_TEST(email->index == 1);
    BOOST_TEST(email->unreadable == "");
    BOOST_REQUIRE(email->field("subject") != nullptr);
    BOOST_TEST(*email->field("subject") == "Alarm: DiskFull – Ünïcode");
    BOOST_TEST(*email->field("to") == "oncall@example.org");
    BOOST_TEST(*email->field("text") == "Summary: Disk full on db1");
    BOOST_REQUIRE(email->field("html") != nullptr);  // the default HTML template
    BOOST_TEST(email->field("html")->find("DiskFull") != std::string::npos);
    // Alertmanager counted both as sent (Go's clients liked the answers).
    BOOST_TEST(am.log().find("Notify for alerts failed") == std::string::npos, am.log());
}

BOOST_AUTO_TEST_CASE(the_smtp_listener_drops_a_client_that_never_ends_a_line) {
    capture::SmtpLimits limits;
    limits.idle_timeout = 500ms;
    auto smtp = capture::SmtpListener::start("127.0.0.1:0", limits);
    BOOST_REQUIRE(smtp.has_value());
    const auto started = std::chrono::steady_clock::now();
    // 10 bytes, 200 ms apart, never a newline: the bytes are no progress.
    const std::string got =
        test_support::raw_exchange((*smtp)->port(), "EHLO slowly", 5s, 1, 200ms);
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(got.starts_with("220 "));
    BOOST_TEST((took < 4s));
    // Still serving: a whole message goes through.
    const std::string reply =
        test_support::raw_exchange((*smtp)->port(),
                                   "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: "
                                   "hi\r\n\r\nx\r\n.\r\nQUIT\r\n");
    BOOST_TEST(reply.find("250 OK: message captured") != std::string::npos, reply);
    BOOST_TEST(test_support::wait_until([&] { return !(*smtp)->take().empty(); }, 2s));
    BOOST_TEST((*smtp)->dropped() == 0u);
}

BOOST_AUTO_TEST_CASE(a_busy_or_bad_address_is_an_error) {
    auto first = capture::SmtpListener::start("127.0.0.1:0");
    BOOST_REQUIRE(first.has_value());
    const auto busy = capture::SmtpListener::start("127.0.0.1:" + std::to_string((*first)->port()));
    BOOST_TEST(!busy.has_value());
    for (const char* bad : {"nonsense", "127.0.0.1:99999", "300.1.1.1:25", "127.0.0.1:x"})
        BOOST_TEST(!capture::SmtpListener::start(bad).has_value(), bad);
}
