#pragma once

#include <memory>

#include "run/actions.hpp"
#include "scenario/model.hpp"
#include "stack/local_stack.hpp"
#include "stack/supervised_app.hpp"

namespace cli {

/// demoapp on the local stack, as a scenario's actions stop, start, pause and resume it.
std::unique_ptr<run::AppControl> demoapp_control(stack::LocalStack& local);

/// demoapp of a stack `stack up --detach` started (adopted by this run): stopped, started again
/// (in its own session, as it was, outliving obsctl), paused and resumed; `state` (kept up to
/// date in its state file) outlives the control.
std::unique_ptr<run::AppControl> detached_demoapp_control(stack::StackState& state);

/// The user's app obsctl started (`--app`), as a scenario's actions act on it.
std::unique_ptr<run::AppControl> supervised_control(stack::SupervisedApp& app);

/// A scenario whose actions act on the app, run where obsctl runs none: exit 2 naming the
/// first such action and what would give one (`--local-stack` with demoapp, or `--app`).
util::Result<void> check_app_actions(const scenario::Scenario& s, const run::AppControl* app);

}  // namespace cli
