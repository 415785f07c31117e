#include "cli/app_control.hpp"

#include <signal.h>

#include <cerrno>
#include <cstring>

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

}  // namespace

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
