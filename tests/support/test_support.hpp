#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace test_support {

using namespace std::chrono_literals;

/// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

/// Polls `condition` every `poll` until it holds or `timeout` passes; returns the last answer.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = 100ms);

/// Connects to 127.0.0.1:port, writes `request` (in pieces of `chunk` bytes with `gap`
/// between them, to play a slow client), and returns everything the server sends until it
/// closes or `timeout` passes.
std::string raw_exchange(std::uint16_t port, std::string_view request,
                         std::chrono::milliseconds timeout = 5s, std::size_t chunk = 0,
                         std::chrono::milliseconds gap = 0ms);

/// A response captured from the real Prometheus or Alertmanager by
/// tests/data/promapi/capture.sh (fails the test if missing).
std::string captured(const std::string& name);

/// An error response listed in tests/data/promapi/errors.tsv: the request that caused it and
/// the status and body the real process answered.
struct CapturedError {
    std::string file;
    std::string api;   ///< "prometheus" or "alertmanager"
    std::string path;  ///< with its query string
    int status = 0;
    std::string body;
};
std::vector<CapturedError> captured_errors();
CapturedError captured_error(const std::string& file);

/// Whether `part` occurs in `text`.
inline bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

/// The exact nearest-rank percentile of sorted nanosecond values, in milliseconds.
double exact_percentile(const std::vector<std::uint64_t>& sorted, double percent);

/// The status code of a raw HTTP response ("HTTP/1.1 413 ..." -> 413), 0 if none.
int status_of(std::string_view raw_response);

/// The body of a raw HTTP response (after the blank line).
std::string body_of(std::string_view raw_response);

/// A GET with Connection: close; returns the raw response.
std::string http_get(std::uint16_t port, std::string_view target);

/// demoapp started on a free loopback port; stopped (SIGTERM) at scope exit.
class DemoApp {
  public:
    explicit DemoApp(std::vector<std::string> extra_args = {});
    ~DemoApp();
    std::uint16_t port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    /// SIGTERM, then waits; returns the exit code (or -1 if killed by a signal).
    int stop();
    std::string log() const;

  private:
    TempDir m_dir;
    std::uint16_t m_port = 0;
    pid_t m_pid = 0;
};

/// A listening TCP socket on 127.0.0.1 with a port the kernel chose: {fd, port}. Throws
/// std::runtime_error when the socket cannot be had.
struct Listener {
    int fd = -1;
    std::uint16_t port = 0;
};
Listener listen_on_loopback(int backlog);

}  // namespace test_support
