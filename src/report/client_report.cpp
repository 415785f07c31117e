#include "report/client_report.hpp"

#include <ctime>

#include "report/document.hpp"

namespace report {

util::Result<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text) {
    std::tm tm{};
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    int millis = 0;
    // A year past 2200 is no run's; past ~2262 the time point itself would overflow.
    if (rest == nullptr || std::sscanf(rest, ".%3dZ", &millis) != 1 || tm.tm_year < 70 ||
        tm.tm_year > 300 || millis < 0)
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
    auto doc = read_document_file(file);
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->mode != "run")
        return bad("it is an obsctl verify report, not the report of the run that sent the load");
    if (doc->scenario != scenario)
        return bad("it is for scenario " + doc->scenario);
    return verify::traffic_of(doc->run);
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
