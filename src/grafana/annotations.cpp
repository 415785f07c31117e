#include "grafana/annotations.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>

#include "promapi/http_client.hpp"
#include "report/client_report.hpp"
#include "report/series_json.hpp"
#include "util/text_file.hpp"

namespace grafana {
namespace {

using nlohmann::json;

/// The report's `started` in Unix milliseconds.
std::int64_t unix_ms(const std::string& started) {
    const auto t = report::parse_iso8601(started);
    if (!t)
        throw std::invalid_argument("started: " + t.error().message());
    return std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count();
}

json annotation(std::int64_t time, std::vector<std::string> tags, const std::string& text) {
    return {{"time", time}, {"tags", tags}, {"text", text}};
}

}  // namespace

std::vector<json> annotations_of(const json& report) {
    const std::string scenario = report.at("scenario").get<std::string>();
    const std::int64_t start = unix_ms(report.at("started").get<std::string>());
    auto at = [&](double seconds) { return start + std::llround(seconds * 1000); };
    std::vector<json> out;
    for (const auto& p : report.value("phases", json::array())) {
        auto a = annotation(at(p.at("start_seconds").get<double>()), {"obsctl", scenario, "phase"},
                            "obsctl " + scenario + ": phase " + p.at("name").get<std::string>() +
                                " (" + p.at("model").get<std::string>() + ")");
        a["timeEnd"] = at(p.at("end_seconds").get<double>());
        out.push_back(std::move(a));
    }
    std::int64_t last = at(report.at("elapsed_seconds").get<double>());
    if (report.contains("verification")) {
        for (const auto& alert : report.at("verification").at("alerts")) {
            const std::string name = alert.at("alert").get<std::string>();
            for (const auto& s : alert.value("states", json::array())) {
                const std::string state = s.at("state").get<std::string>();
                if (state != "firing" && state != "resolved")
                    continue;
                const std::int64_t t = start + s.at("at_ms").get<std::int64_t>();
                std::string text = name + " " + state;
                if (state == "firing" && !alert.value("receivers", json::array()).empty())
                    text += " -> " + alert.at("receivers").at(0).get<std::string>();
                out.push_back(annotation(t, {"obsctl", scenario, "alert", name}, text));
                last = std::max(last, t);
            }
        }
    }
    const int code = report.value("exit_code", json(nullptr)).is_number_integer()
                         ? report.at("exit_code").get<int>()
                         : (report.value("passed", false) ? 0 : 1);
    const std::string verdict = code == 0   ? "passed"
                                : code == 1 ? "failed"
                                : code == 3 ? "inconclusive"
                                            : "interrupted";
    out.push_back(
        annotation(last, {"obsctl", scenario, "verdict", verdict},
                   "obsctl " + scenario + ": " + verdict + " (exit " + std::to_string(code) + ")"));
    return out;
}

std::vector<json> annotations_of(const std::string& report_json) {
    return annotations_of(json::parse(report_json, [](int, json::parse_event_t event, json& v) {
        return event != json::parse_event_t::object_end || !report::is_series_row(v);
    }));
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
