#include "util/process_runner.hpp"

#include <csignal>
#include <cstring>

namespace util {
namespace {

class RealProcessRunner final : public ProcessRunner {
  public:
    Result<pid_t> spawn(const SpawnOptions& options) override { return util::spawn(options); }
    bool alive(pid_t pid) override { return process_alive(pid); }
    std::optional<int> reap_if_exited(pid_t pid) override { return util::reap_if_exited(pid); }
    bool terminate(pid_t pid, std::chrono::milliseconds grace) override {
        return util::terminate(pid, grace);
    }
    Result<void> signal(pid_t pid, int sig) override { return signal_process(pid, sig); }
    std::string program(pid_t pid) override { return process_program(pid); }
    Result<CommandOutput> run_command(const std::vector<std::string>& argv,
                                      const std::filesystem::path& scratch_file,
                                      std::chrono::milliseconds timeout) override {
        return util::run_command(argv, scratch_file, timeout);
    }
};

}  // namespace

ProcessRunner& real_process_runner() {
    static RealProcessRunner runner;
    return runner;
}

}  // namespace util
