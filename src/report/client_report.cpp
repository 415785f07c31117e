#include "report/client_report.hpp"

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "util/text_file.hpp"

namespace report {

util::Result<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text) {
    std::tm tm{};
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    int millis = 0;
    if (rest == nullptr || std::sscanf(rest, ".%3dZ", &millis) != 1)
        return util::fail(util::ExitCode::usage, "not a UTC time like 2026-11-22T07:30:00.123Z",
                          text);
    return std::chrono::system_clock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(millis);
}

util::Result<verify::Traffic> read_client_report(const std::filesystem::path& file,
                                                 const std::string& scenario) {
    const auto bad = [&](const std::string& what) {
        return util::fail(util::ExitCode::usage, "not a usable obsctl run report: " + what,
                          file.string());
    };
    // A run report is a few KiB; 64 MiB leaves room for any scenario within the limits.
    const auto text = util::read_text_file(file, 64u << 20, "obsctl run report");
    if (!text)
        return bad(text.error().what);
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return bad("not JSON");
    try {
        if (doc.at("scenario").get<std::string>() != scenario)
            return bad("it is for scenario " + doc.at("scenario").get<std::string>());
        auto started = parse_iso8601(doc.at("started").get<std::string>());
        if (!started)
            return bad(started.error().message());
        verify::Traffic t;
        t.started = *started;
        t.elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::duration<double>(doc.at("elapsed_seconds").get<double>()));
        for (const auto& p : doc.at("phases")) {
            t.phases.push_back({p.at("name").get<std::string>(),
                                verify::Millis(static_cast<long long>(
                                    p.at("start_seconds").get<double>() * 1000))});
        }
        t.answered.emplace();
        for (const auto& r : doc.at("requests")) {
            std::uint64_t answered = 0;
            for (const auto& [status, count] : r.at("responses").items())
                answered += count.get<std::uint64_t>();
            (*t.answered)[r.at("name").get<std::string>()] += answered;
        }
        return t;
    } catch (const nlohmann::json::exception& e) {
        return bad(e.what());
    }
}

verify::Traffic merge_traffic(const std::vector<verify::Traffic>& parts) {
    if (parts.empty())
        return {};
    verify::Traffic out = parts.front();
    auto end =
        out.started + std::chrono::duration_cast<std::chrono::system_clock::duration>(out.elapsed);
    for (const auto& t : parts) {
        out.started = std::min(out.started, t.started);
        end = std::max(
            end,
            t.started + std::chrono::duration_cast<std::chrono::system_clock::duration>(t.elapsed));
    }
    out.elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(end - out.started);
    const auto shift =
        std::chrono::duration_cast<verify::Millis>(parts.front().started - out.started);
    for (auto& p : out.phases)
        p.at += shift;
    out.answered.emplace();
    for (const auto& t : parts) {
        if (!t.answered)
            continue;
        for (const auto& [name, count] : *t.answered)
            (*out.answered)[name] += count;
    }
    return out;
}

}  // namespace report
