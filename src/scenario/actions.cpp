#include "scenario/actions.hpp"

#include <algorithm>
#include <csignal>
#include <map>

#include "scenario/limits.hpp"
#include "scenario/reader.hpp"
#include "util/text.hpp"

namespace scenario {
namespace {

const std::map<std::string, Action::Kind> k_kinds{
    {"stop", Action::Kind::stop},       {"start", Action::Kind::start},
    {"restart", Action::Kind::restart}, {"pause", Action::Kind::pause},
    {"resume", Action::Kind::resume},   {"signal", Action::Kind::signal},
    {"exec", Action::Kind::exec}};

const std::map<std::string, int> k_signals{{"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT},
                                           {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},
                                           {"TERM", SIGTERM}, {"STOP", SIGSTOP}, {"CONT", SIGCONT}};

std::vector<std::string> keys_of(const auto& map) {
    std::vector<std::string> out;
    for (const auto& [k, v] : map)
        out.push_back(k);
    return out;
}

Action parse_action(const YAML::Node& node, const std::string& path, Nanos duration) {
    Reader r(node, path);
    if (!node.IsMap())
        r.fail_here("expected an action such as {at: start, do: stop}");
    r.only_keys({"at", "do", "command", "timeout", "pid_file", "signal"});
    Action a;
    const std::string kind = r.string("do");
    const auto found = k_kinds.find(kind);
    if (found == k_kinds.end()) {
        const std::string hint = util::closest(kind, keys_of(k_kinds));
        r.fail(r.node("do"), "do",
               "expected stop, start, restart, pause, resume, signal or exec, got " +
                   shown(r.node("do")) + (hint.empty() ? "" : " (did you mean `" + hint + "`?)"));
    }
    a.kind = found->second;
    const std::string at = r.optional_string("at").value_or("start");
    if (at == "start") {
        a.when = Action::When::start;
    } else if (at == "end") {
        a.when = Action::When::end;
    } else {
        const auto offset = r.duration("at");
        if (!offset || *offset >= duration || offset->count() < 0) {
            r.fail(r.node("at"), "at",
                   "expected start, end or a duration into the phase shorter than its " +
                       util::format_duration(std::chrono::duration_cast<util::Millis>(duration)) +
                       ", got " + shown(r.node("at")));
        }
        a.when = Action::When::offset;
        a.offset = *offset;
    }
    const bool exec = a.kind == Action::Kind::exec, signal = a.kind == Action::Kind::signal;
    for (const char* key : {"command", "timeout"}) {
        if (r.has(key) && !exec)
            r.fail(r.node(key), key, "only `do: exec` takes a " + std::string(key));
    }
    for (const char* key : {"pid_file", "signal"}) {
        if (r.has(key) && !signal)
            r.fail(r.node(key), key, "only `do: signal` takes a " + std::string(key));
    }
    if (exec) {
        if (!r.has("command"))
            r.fail_here("`do: exec` needs a command: a line for sh -c, or [program, arg, ...]");
        const auto command = r.node("command");
        if (command.IsScalar() && !command.Scalar().empty()) {
            a.command = {"/bin/sh", "-c", command.Scalar()};
            a.text = "exec " + command.Scalar();
        } else if (command.IsSequence() && command.size() > 0) {
            for (const auto& word : command) {
                if (!word.IsScalar())
                    r.fail(word, "command", "expected the program and its arguments as text");
                a.command.push_back(word.Scalar());
            }
            a.text = "exec " + util::join(a.command, " ");
        } else {
            r.fail(command, "command",
                   "expected a command: a line for sh -c, or a list [program, arg, ...]");
        }
        a.timeout = r.duration_at_most("timeout", limits::k_wait).value_or(a.timeout);
        if (a.timeout.count() <= 0)
            r.fail(r.node("timeout"), "timeout", "must be above 0");
    } else if (signal) {
        a.pid_file = r.string("pid_file");
        a.signal = SIGTERM;
        if (r.has("signal")) {
            a.signal = signal_number(r.node("signal").Scalar());
            if (a.signal <= 0)
                r.fail(r.node("signal"), "signal",
                       "expected a signal such as HUP, TERM, USR1, STOP or its number, got " +
                           shown(r.node("signal")));
        }
        a.text = "signal " + signal_name(a.signal) + " " + a.pid_file.string();
    } else {
        a.text = kind + " app";
    }
    return a;
}

}  // namespace

std::vector<Action> parse_actions(const YAML::Node& node, const std::string& path, Nanos duration) {
    if (!node.IsSequence() || node.size() == 0)
        Reader(node, path).fail_here("expected a list of actions such as - {at: start, do: stop}");
    std::vector<Action> out;
    for (std::size_t i = 0; i < node.size(); ++i)
        out.push_back(parse_action(node[i], path + "[" + std::to_string(i) + "]", duration));
    return out;
}

void check_app_sequence(const std::vector<Phase>& phases, const YAML::Node& phases_node) {
    enum class State { running, stopped, paused } state = State::running;
    for (std::size_t p = 0; p < phases.size(); ++p) {
        // In time order within the phase: start, offsets, end (stable for equal times).
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < phases[p].actions.size(); ++i)
            order.push_back(i);
        const auto key = [&](std::size_t i) {
            const auto& a = phases[p].actions[i];
            return a.when == Action::When::start    ? Nanos{-1}
                   : a.when == Action::When::offset ? a.offset
                                                    : phases[p].duration;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
        for (const std::size_t i : order) {
            const auto& a = phases[p].actions[i];
            const char* problem = nullptr;
            State next = state;
            switch (a.kind) {
                case Action::Kind::stop:
                    problem = state == State::stopped ? "the app is already stopped here" : nullptr;
                    next = State::stopped;
                    break;
                case Action::Kind::start:
                    problem = state != State::stopped
                                  ? "the app is not stopped here (stop it first)"
                                  : nullptr;
                    next = State::running;
                    break;
                case Action::Kind::restart:
                    problem =
                        state == State::stopped ? "the app is stopped here: use start" : nullptr;
                    next = State::running;
                    break;
                case Action::Kind::pause:
                    problem = state != State::running ? "the app is not running here" : nullptr;
                    next = State::paused;
                    break;
                case Action::Kind::resume:
                    problem = state != State::paused ? "the app is not paused here" : nullptr;
                    next = State::running;
                    break;
                default:
                    break;
            }
            if (problem != nullptr) {
                const std::string where =
                    "phases[" + std::to_string(p) + "].actions[" + std::to_string(i) + "]";
                Reader(phases_node[p]["actions"][i], where)
                    .fail(phases_node[p]["actions"][i]["do"], "do", problem);
            }
            state = next;
        }
    }
}

int signal_number(const std::string& name) {
    std::string n = name;
    if (n.starts_with("SIG"))
        n = n.substr(3);
    if (const auto it = k_signals.find(n); it != k_signals.end())
        return it->second;
    if (!n.empty() && n.size() <= 2 && std::all_of(n.begin(), n.end(), ::isdigit)) {
        const int v = std::stoi(n);
        return v >= 1 && v <= 31 ? v : -1;
    }
    return -1;
}

std::string signal_name(int number) {
    for (const auto& [name, value] : k_signals) {
        if (value == number)
            return name;
    }
    return std::to_string(number);
}

}  // namespace scenario
