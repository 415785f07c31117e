#include "report/actions.hpp"

#include "report/notifications.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace report {
namespace {

/// The last line of `output` that holds anything: where a script or a failed step says why.
std::string last_line(const std::string& output) {
    std::string_view rest = util::trim(output);
    if (const auto nl = rest.rfind('\n'); nl != std::string_view::npos)
        rest = util::trim(rest.substr(nl + 1));
    std::string line(rest);
    if (line.size() > 160) {
        std::size_t cut = 157;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut;  // never inside a UTF-8 character
        line = line.substr(0, cut) + "...";
    }
    return printable(line);
}

}  // namespace

std::string action_outcome(const ActionEntry& a) {
    std::string out = std::string(a.ok ? "ok" : "failed") + " (" + util::human_duration(a.took);
    if (a.exit_status)
        out += ", exit " + std::to_string(*a.exit_status);
    out += ")";
    if (!a.ok) {
        if (const auto why = last_line(a.output); !why.empty())
            out += ": " + why;
    }
    return out;
}

std::string action_line(const ActionEntry& a) {
    char head[64];
    std::snprintf(head, sizeof head, "%-6s  +%-7s ", a.undo ? "undo" : "action",
                  util::human_duration(a.at).c_str());
    std::string text = printable(a.text);
    if (text.size() < 30)
        text.resize(30, ' ');
    return head + text + "  " + action_outcome(a);
}

void print_actions(std::FILE* out, const std::vector<ActionEntry>& actions) {
    for (const auto& a : actions)
        std::fprintf(out, "  %s\n", action_line(a).c_str());
}

}  // namespace report
