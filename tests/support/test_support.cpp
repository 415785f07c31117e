#include "support/test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "util/ports.hpp"
#include "util/process.hpp"

namespace test_support {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "obsctl-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(poll);
    }
    return condition();
}

std::string raw_exchange(std::uint16_t port, std::string_view request,
                         std::chrono::milliseconds timeout, std::size_t chunk,
                         std::chrono::milliseconds gap) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return {};
    }
    const auto deadline = Clock::now() + timeout;
    if (chunk == 0)
        chunk = request.size();
    for (std::size_t sent = 0; sent < request.size(); sent += chunk) {
        auto piece = request.substr(sent, chunk);
        if (send(fd, piece.data(), piece.size(), MSG_NOSIGNAL) < 0)
            break;
        if (gap.count() > 0)
            std::this_thread::sleep_for(gap);
    }
    std::string response;
    char buf[8192];
    while (Clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0)
            break;
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        response.append(buf, static_cast<std::size_t>(n));
    }
    close(fd);
    return response;
}

std::string captured(const std::string& name) {
    std::ifstream in(std::string(OBSCTL_TEST_DATA) + "/promapi/" + name);
    if (!in)
        throw std::runtime_error("missing capture " + name + ": run tests/data/promapi/capture.sh");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<CapturedError> captured_errors() {
    std::ifstream in(std::string(OBSCTL_TEST_DATA) + "/promapi/errors.tsv");
    std::vector<CapturedError> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.starts_with('#'))
            continue;
        std::istringstream fields(line);
        CapturedError e;
        std::string status;
        std::getline(fields, e.file, '\t');
        std::getline(fields, e.api, '\t');
        std::getline(fields, e.path, '\t');
        std::getline(fields, status);
        e.status = std::stoi(status);
        e.body = captured(e.file);
        out.push_back(std::move(e));
    }
    return out;
}

CapturedError captured_error(const std::string& file) {
    for (auto& e : captured_errors()) {
        if (e.file == file)
            return e;
    }
    throw std::runtime_error(file + " is not in tests/data/promapi/errors.tsv");
}

int status_of(std::string_view raw) {
    if (!raw.starts_with("HTTP/1.") || raw.size() < 12)
        return 0;
    return std::atoi(std::string(raw.substr(9, 3)).c_str());
}

std::string body_of(std::string_view raw) {
    auto pos = raw.find("\r\n\r\n");
    return pos == std::string_view::npos ? std::string{} : std::string(raw.substr(pos + 4));
}

std::string http_get(std::uint16_t port, std::string_view target) {
    std::string request =
        "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    return raw_exchange(port, request);
}

DemoApp::DemoApp(std::vector<std::string> extra_args) {
    m_port = util::free_loopback_port();
    std::vector<std::string> argv{DEMOAPP_BINARY, "--listen",
                                  "127.0.0.1:" + std::to_string(m_port)};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    auto pid = util::spawn({.argv = argv, .log_file = m_dir.path() / "demoapp.log"});
    if (!pid)
        throw std::runtime_error(pid.error().message());
    m_pid = *pid;
    // Until it answers, or exits (a bad flag): then its own message says why, at once.
    bool exited = false;
    if (!wait_until(
            [&] {
                exited = util::reap_if_exited(m_pid).has_value();
                return exited || status_of(http_get(m_port, "/health")) == 200;
            },
            10s, 20ms) ||
        exited) {
        if (!exited)
            util::terminate(m_pid, 5s);
        m_pid = 0;
        throw std::runtime_error("demoapp did not answer /health: " + log());
    }
}

DemoApp::~DemoApp() {
    if (m_pid > 0)
        util::terminate(m_pid, 5s);
}

int DemoApp::stop() {
    kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string DemoApp::log() const {
    std::ifstream in(m_dir.path() / "demoapp.log");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double exact_percentile(const std::vector<std::uint64_t>& sorted, double percent) {
    const auto rank = std::max<std::size_t>(
        1,
        static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size()))));
    return static_cast<double>(sorted[rank - 1]) / 1e6;
}

Listener listen_on_loopback(int backlog) {
    Listener out;
    out.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (out.fd < 0 || ::bind(out.fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(out.fd, backlog) != 0 ||
        ::getsockname(out.fd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        throw std::runtime_error("no listening socket on 127.0.0.1");
    out.port = ntohs(address.sin_port);
    return out;
}

}  // namespace test_support
