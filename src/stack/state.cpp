#include "stack/state.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace stack {

const char* component_name(Component c) {
    switch (c) {
        case Component::alertmanager:
            return "alertmanager";
        case Component::demoapp:
            return "demoapp";
        case Component::node_exporter:
            return "node-exporter";
        case Component::prometheus:
            return "prometheus";
    }
    return "?";
}

util::Result<void> save_state(const StackState& state) {
    nlohmann::json doc;
    doc["state_dir"] = state.state_dir.string();
    doc["time_scale"] = state.time_scale;
    doc["detached"] = state.detached;
    doc["ports"] = {{"app", state.ports.app},
                    {"prometheus", state.ports.prometheus},
                    {"alertmanager", state.ports.alertmanager},
                    {"webhook", state.ports.webhook},
                    {"smtp", state.ports.smtp},
                    {"obsctl", state.ports.obsctl},
                    {"node", state.ports.node}};
    doc["app_jobs"] = state.app_jobs;
    doc["captured"] = state.captured;
    doc["replaced"] = state.replaced;
    doc["receivers"] = nlohmann::json::object();
    for (const auto& [name, r] : state.receivers)
        doc["receivers"][name] = {
            {"sends_resolved", r.sent}, {"why_not", r.why_not}, {"integrated", r.integrated}};
    for (const auto& [component, record] : state.processes) {
        doc["processes"][component_name(component)] = {{"pid", record.pid},
                                                       {"argv", record.argv},
                                                       {"log", record.log.string()},
                                                       {"paused", record.paused}};
    }
    const auto tmp = state.file().string() + ".tmp";
    {
        std::ofstream out(tmp);
        out << doc.dump(2) << "\n";
        if (!out)
            return util::fail(util::ExitCode::stack_unavailable, "cannot write", tmp);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, state.file(), ec);  // atomic: readers never see half a file
    if (ec)
        return util::fail(util::ExitCode::stack_unavailable, ec.message(), state.file());
    return {};
}

namespace {

void read_state(const nlohmann::json& doc, StackState& state) {
    state.time_scale = doc.value("time_scale", 1.0);
    state.detached = doc.value("detached", false);
    state.app_jobs = doc.value("app_jobs", state.app_jobs);
    const auto receivers = doc.value("receivers", nlohmann::json::object());
    for (const auto& [name, r] : receivers.items()) {
        state.receivers[name] = {r.value("sends_resolved", true), r.value("why_not", std::string()),
                                 r.value("integrated", true)};
    }
    const auto ports = doc.value("ports", nlohmann::json::object());
    state.ports.app = ports.value("app", state.ports.app);
    state.ports.prometheus = ports.value("prometheus", state.ports.prometheus);
    state.ports.alertmanager = ports.value("alertmanager", state.ports.alertmanager);
    state.ports.webhook = ports.value("webhook", state.ports.webhook);
    state.ports.smtp = ports.value("smtp", std::uint16_t{0});
    state.captured = doc.value("captured", std::set<std::string>{});
    state.replaced = doc.value("replaced", std::vector<std::pair<std::string, std::string>>{});
    state.ports.obsctl = ports.value("obsctl", state.ports.obsctl);
    state.ports.node = ports.value("node", std::uint16_t{0});
    for (Component c : k_components) {
        const auto processes = doc.value("processes", nlohmann::json::object());
        if (!processes.contains(component_name(c)))
            continue;
        const auto& p = processes[component_name(c)];
        state.processes[c] = {p.value("pid", 0), p.value("argv", std::vector<std::string>{}),
                              p.value("log", std::string{}), p.value("paused", false)};
    }
}

}  // namespace

bool StackState::running(Component c, util::ProcessRunner& runner) const {
    const auto it = processes.find(c);
    return it != processes.end() && it->second.pid > 0 && !it->second.argv.empty() &&
           runner.alive(it->second.pid) &&
           runner.program(it->second.pid) == it->second.argv.front();
}

util::Result<StackState> load_state(const std::filesystem::path& state_dir) {
    StackState state;
    state.state_dir = state_dir;
    std::ifstream in(state.file());
    if (!in) {
        return util::fail(util::ExitCode::stack_unavailable, "no local stack is running",
                          state.file().string(), "start one with `obsctl stack up --detach`");
    }
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return util::fail(util::ExitCode::stack_unavailable, "unreadable state file",
                          state.file().string(), "remove it if no stack is running");
    }
    // A state file is ours, but may be damaged or edited: a field of the wrong shape is the
    // same "unreadable" as broken JSON (it was an internal error), and a pid below 0 is
    // refused, since signalling it would reach a whole process group or every process. A pid of
    // 0 is a part stopped on purpose (a scenario's action), never signalled.
    try {
        read_state(doc, state);
    } catch (const nlohmann::json::exception& e) {
        return util::fail(util::ExitCode::stack_unavailable,
                          std::string("unreadable state file: ") + e.what(), state.file().string(),
                          "remove it if no stack is running");
    }
    for (const auto& [component, process] : state.processes) {
        if (process.pid < 0)
            return util::fail(util::ExitCode::stack_unavailable,
                              std::string("unreadable state file: ") + component_name(component) +
                                  " has pid " + std::to_string(process.pid),
                              state.file().string(), "remove it if no stack is running");
    }
    return state;
}

}  // namespace stack
