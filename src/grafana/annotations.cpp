#include "grafana/annotations.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>

#include "promapi/http_client.hpp"
#include "report/actions.hpp"
#include "util/text_file.hpp"

namespace grafana {
namespace {

using nlohmann::json;

json annotation(std::int64_t time, std::vector<std::string> tags, const std::string& text) {
    return {{"time", time}, {"tags", tags}, {"text", text}};
}

}  // namespace

std::vector<json> annotations_of(const report::Document& report) {
    const std::string& scenario = report.scenario;
    const std::int64_t start =
        std::chrono::duration_cast<std::chrono::milliseconds>(report.run.started.time_since_epoch())
            .count();
    auto at = [&](std::chrono::nanoseconds t) {
        return start + std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
    };
    std::vector<json> out;
    for (const auto& p : report.run.phases) {
        auto a = annotation(at(p.start), {"obsctl", scenario, "phase"},
                            "obsctl " + scenario + ": phase " + p.name + " (" + p.model + ")");
        a["timeEnd"] = at(p.end);
        out.push_back(std::move(a));
    }
    std::int64_t last = at(report.run.elapsed);
    for (const auto& a : report.actions) {
        const std::int64_t t = start + a.at.count();
        out.push_back(annotation(t, {"obsctl", scenario, "action"},
                                 a.text + ": " + report::action_outcome(a)));
        last = std::max(last, t);
    }
    if (report.verification) {
        for (const auto& alert : report.verification->alerts) {
            for (const auto& [state, when] :
                 {std::pair{"firing", alert.firing}, std::pair{"resolved", alert.resolved}}) {
                if (!when)
                    continue;
                const std::int64_t t = start + when->count();
                std::string text = alert.alert + " " + state;
                if (std::string(state) == "firing" && !alert.receivers.empty())
                    text += " -> " + alert.receivers.front();
                out.push_back(annotation(t, {"obsctl", scenario, "alert", alert.alert}, text));
                last = std::max(last, t);
            }
        }
    }
    // The verdict as every output tells it (report::Document::verdict).
    const auto verdict = report.verdict();
    std::string word = verdict.word;
    for (auto& ch : word)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.push_back(annotation(last, {"obsctl", scenario, "verdict", word},
                             "obsctl " + scenario + ": " + word + " (" + verdict.counts.text() +
                                 "; exit " + std::to_string(static_cast<int>(verdict.exit_code)) +
                                 ")"));
    return out;
}

util::Result<net::Endpoint> endpoint(const std::string& url, const std::string& token_file) {
    net::Endpoint e = net::endpoint_from_url(url);
    if (!token_file.empty()) {
        auto token = util::read_text_file(token_file, 64 * 1024, "Grafana token");
        if (!token)
            return std::unexpected(token.error());
        std::string t = *token;
        while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' '))
            t.pop_back();
        if (t.empty())
            return util::fail(util::ExitCode::usage, "the Grafana token file is empty", token_file);
        net::register_secret(t);
        e.auth_type = "Bearer";
        e.credentials = t;
    }
    return e;
}

util::Result<void> check_reachable(const net::Endpoint& grafana) {
    const auto http = promapi::make_http_client(grafana);
    auto answer = http->get(grafana.url + "/api/health");
    if (!answer) {
        auto e = answer.error();
        e.what = "Grafana unreachable: " + e.what;
        return std::unexpected(e);
    }
    if (answer->status != 200)
        return util::fail(
            util::ExitCode::stack_unavailable,
            "Grafana answered /api/health with HTTP " + std::to_string(answer->status),
            grafana.display());
    return {};
}

util::Result<std::size_t> post(const net::Endpoint& grafana, const std::vector<json>& annotations) {
    const auto http = promapi::make_http_client(grafana);
    std::size_t posted = 0;
    for (const auto& a : annotations) {
        auto answer = http->post(grafana.url + "/api/annotations", a.dump(), "application/json");
        if (!answer)
            return std::unexpected(answer.error());
        if (answer->status != 200) {
            return util::fail(util::ExitCode::stack_unavailable,
                              "Grafana refused an annotation: HTTP " +
                                  std::to_string(answer->status) + " " +
                                  answer->body.substr(0, 200),
                              grafana.display() + "/api/annotations");
        }
        ++posted;
    }
    return posted;
}

}  // namespace grafana
