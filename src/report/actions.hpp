#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "report/document.hpp"

namespace report {

/// What became of an action, as every output says it: "ok (100ms)", "ok (1.2s, exit 0)",
/// "failed (2.0s, exit 1): disk full" (a failed action's output's last line, printable, cut at
/// 160 characters).
std::string action_outcome(const ActionEntry& a);

/// One action as the terminal and JUnit's `system-out` show it, in columns:
/// "action  +3m00s   stop demoapp                    ok (100ms)"; an undo starts "undo".
std::string action_line(const ActionEntry& a);

/// Each action's `action_line`, indented, one a line (after the traffic summary).
void print_actions(std::FILE* out, const std::vector<ActionEntry>& actions);

}  // namespace report
