#include "cli/app_control.hpp"

#include <signal.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "promapi/http_client.hpp"
#include "util/process_runner.hpp"

namespace cli {
namespace {

class Demoapp : public run::AppControl {
  public:
    explicit Demoapp(stack::LocalStack& local) : m_local(local) {}
    std::string name() const override { return "demoapp"; }
    util::Result<void> stop() override {
        m_local.stop(stack::Component::demoapp);
        return {};
    }
    util::Result<void> start() override { return m_local.start(stack::Component::demoapp); }
    util::Result<void> pause() override { return m_local.pause(stack::Component::demoapp); }
    util::Result<void> resume() override { return m_local.resume(stack::Component::demoapp); }

  private:
    stack::LocalStack& m_local;
};

class Supervised : public run::AppControl {
  public:
    explicit Supervised(stack::SupervisedApp& app) : m_app(app) {}
    std::string name() const override { return "app (" + m_app.command() + ")"; }
    util::Result<void> stop() override {
        m_app.stop();
        return {};
    }
    util::Result<void> start() override { return m_app.start(); }
    util::Result<void> pause() override { return m_app.pause(); }
    util::Result<void> resume() override { return m_app.resume(); }

  private:
    stack::SupervisedApp& m_app;
};

class DetachedDemoapp : public run::AppControl {
  public:
    explicit DetachedDemoapp(stack::StackState& state)
        : m_state(state), m_runner(util::real_process_runner()) {}
    std::string name() const override { return "demoapp"; }
    util::Result<void> stop() override {
        auto& record = this->record();
        // Only the program the stack started: the pid may have been reused since.
        if (record.pid > 0 && m_runner.program(record.pid) == record.argv.front())
            m_runner.terminate(record.pid, std::chrono::seconds(10));
        record.pid = 0;  // `stack status` says it is stopped
        (void)stack::save_state(m_state);
        return {};
    }
    util::Result<void> start() override {
        auto& record = this->record();
        auto pid =
            m_runner.spawn({.argv = record.argv, .log_file = record.log, .die_with_parent = false});
        if (!pid)
            return std::unexpected(pid.error());
        record.pid = *pid;
        (void)stack::save_state(m_state);
        // Ready when it answers, as `stack up` waited for it.
        const auto http =
            promapi::make_http_client(net::Endpoint{.timeout = std::chrono::seconds(1)});
        const auto url = m_state.app_url() + "/health";
        for (int i = 0; i < 100; ++i) {
            if (auto answer = http->get(url); answer && answer->status == 200)
                return {};
            if (m_runner.reap_if_exited(*pid))
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return util::fail(util::ExitCode::stack_unavailable, "demoapp did not answer after start",
                          url, "see " + record.log.string());
    }
    util::Result<void> pause() override { return m_runner.signal(record().pid, SIGSTOP); }
    util::Result<void> resume() override { return m_runner.signal(record().pid, SIGCONT); }

  private:
    stack::ProcessRecord& record() { return m_state.processes.at(stack::Component::demoapp); }
    stack::StackState& m_state;
    util::ProcessRunner& m_runner;
};

}  // namespace

std::unique_ptr<run::AppControl> detached_demoapp_control(stack::StackState& state) {
    return std::make_unique<DetachedDemoapp>(state);
}

std::unique_ptr<run::AppControl> supervised_control(stack::SupervisedApp& app) {
    return std::make_unique<Supervised>(app);
}

std::unique_ptr<run::AppControl> demoapp_control(stack::LocalStack& local) {
    return std::make_unique<Demoapp>(local);
}

util::Result<void> check_app_actions(const scenario::Scenario& s, const run::AppControl* app) {
    if (app != nullptr)
        return {};
    for (std::size_t p = 0; p < s.phases.size(); ++p) {
        const auto& actions = s.phases[p].actions;
        for (std::size_t i = 0; i < actions.size(); ++i) {
            const auto kind = actions[i].kind;
            if (kind == scenario::Action::Kind::exec || kind == scenario::Action::Kind::signal)
                continue;
            return util::fail(util::ExitCode::usage,
                              "phases[" + std::to_string(p) + "].actions[" + std::to_string(i) +
                                  "]: `" + actions[i].text +
                                  "` needs an app that obsctl runs, and this run has none",
                              s.file.string(),
                              "run it with --local-stack (obsctl runs demoapp) or give the app's "
                              "command with --app");
        }
    }
    return {};
}

}  // namespace cli
