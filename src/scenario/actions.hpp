#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "scenario/model.hpp"

namespace scenario {

/// `phases[i].actions` of a phase lasting `duration` (`path` names it in errors). A mistake
/// throws FieldError at its node, like every field reader of the parser.
std::vector<Action> parse_actions(const YAML::Node& node, const std::string& path, Nanos duration);

/// Refuses an app action that cannot do anything where it stands: `stop` of an app an earlier
/// action already stopped, `resume` of one nobody paused, ... (in file order across phases,
/// the app running at the start). `phases` is the YAML list, for the error's place.
void check_app_sequence(const std::vector<Phase>& phases, const YAML::Node& phases_node);

/// "HUP" -> 1, "SIGTERM" -> 15, "9" -> 9; -1 for anything else.
int signal_number(const std::string& name);
/// 15 -> "TERM".
std::string signal_name(int number);

}  // namespace scenario
