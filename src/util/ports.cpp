#include "util/ports.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>

namespace util {
namespace {

int bind_to(const std::string& host, std::uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1 ||
        bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/// Claims `port` for this process against other processes on the machine that use this
/// function (the e2e tests run several obsctl at once): an flock on $TMPDIR/obsctl-ports/PORT,
/// held until the process exits. True when claimed, or when the lock directory is unusable
/// (then only this process's own record protects the port).
bool claim_across_processes(std::uint16_t port) {
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec) / "obsctl-ports";
    if (ec)
        return true;
    if (::mkdir(dir.c_str(), 01777) == 0)
        ::chmod(dir.c_str(), 01777);  // every user's obsctl shares it; umask took bits away
    const auto file = dir / std::to_string(port);
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        return true;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return false;  // another live process holds it
    }
    return true;  // fd stays open on purpose: the lock lasts as long as this process
}

}  // namespace

std::uint16_t free_loopback_port() {
    // The kernel hands out port 0 binds from the ephemeral range at random, so two calls can
    // return the same port once the first socket is closed: remember what was given.
    static std::mutex mutex;
    static std::set<std::uint16_t> given;
    for (int attempt = 0; attempt < 1000; ++attempt) {
        int fd = bind_to("127.0.0.1", 0);
        if (fd < 0)
            throw std::runtime_error("cannot bind a loopback socket");
        sockaddr_in addr{};
        socklen_t len = sizeof addr;
        const int got = getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        close(fd);
        if (got != 0)
            throw std::runtime_error("cannot read a loopback socket's port");
        const std::uint16_t port = ntohs(addr.sin_port);
        std::lock_guard lock(mutex);
        if (given.count(port) != 0)
            continue;
        given.insert(port);
        if (claim_across_processes(port))
            return port;
    }
    throw std::runtime_error("no free loopback port after 1000 tries");
}

bool port_available(const std::string& host, std::uint16_t port) {
    int fd = bind_to(host, port);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

}  // namespace util
