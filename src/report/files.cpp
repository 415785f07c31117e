#include "report/files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "net/endpoint.hpp"
#include "report/actions.hpp"
#include "report/notifications.hpp"
#include "util/text.hpp"

using util::xml_escape;

namespace report {

std::string junit_report(const Document& doc) {
    const auto checks = doc.checks();
    const auto verdict = doc.verdict();
    const auto& n = verdict.counts;
    const std::string suite = xml_escape(doc.scenario);
    // An interrupted run is one <error> case of its own: no CI dashboard shows it green.
    const bool stopped = doc.interrupted && doc.stopped;
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites>\n  <testsuite name=\"" + suite + "\" tests=\"" +
           std::to_string(checks.size() + (stopped ? 1 : 0)) + "\" failures=\"" +
           std::to_string(n.failed) + "\" errors=\"" +
           std::to_string(n.inconclusive + (stopped ? 1 : 0)) + "\" skipped=\"" +
           std::to_string(n.skipped + n.not_judged) + "\" time=\"" +
           std::to_string(std::chrono::duration<double>(doc.run.elapsed).count()) + "\">\n";
    if (stopped) {
        out += "    <testcase classname=\"" + suite +
               "\" name=\"interrupted\">\n      <error message=\"" +
               xml_escape("interrupted " + doc.stopped->text() + " (" + n.text() + ")") +
               "\"/>\n    </testcase>\n";
    }
    for (const auto& c : checks) {
        out += "    <testcase classname=\"" + suite + "\" name=\"" + xml_escape(c.name) + "\"";
        if (c.passed()) {
            out += "/>\n";
            continue;
        }
        // The stack hid it: an error, not a failure. Not judged: skipped, with why.
        const char* kind = c.inconclusive() ? "error" : (c.failed() ? "failure" : "skipped");
        out += std::string(">\n      <") + kind + " message=\"" +
               xml_escape(c.name + ": " + c.detail) + "\"";
        if (c.why.empty()) {
            out += "/>\n    </testcase>\n";
        } else {
            // The findings as the element's text: CI shows it under the failure.
            std::string why;
            for (const auto& line : c.why)
                why += "why: " + line + "\n";
            out += ">" + xml_escape(why) + "</" + kind + ">\n    </testcase>\n";
        }
    }
    // What the scenario did to the app, then what the person on call read: each expected
    // alert's first firing notification.
    std::string said;
    for (const auto& a : doc.actions)
        said += action_line(a) + "\n";
    if (doc.verification) {
        for (const auto& a : doc.verification->alerts) {
            if (const auto* first = first_firing(a.notifications)) {
                const auto lines = notification_lines(*first, 20);
                said += a.alert + " notified " + lines.front() + "\n";
                for (std::size_t i = 1; i < lines.size(); ++i)
                    said += "  | " + lines[i] + "\n";
            }
        }
    }
    if (!said.empty())
        out += "    <system-out>" + xml_escape(said) + "</system-out>\n";
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

util::Result<void> check_writable(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        return util::fail(util::ExitCode::usage, "is a directory, expected a report file name",
                          file.string());
    // write_file goes through FILE.tmp and a rename: creating that file is the whole test.
    const auto tmp = file.string() + ".tmp";
    const bool existed = std::filesystem::exists(tmp, ec);
    std::ofstream probe(tmp, std::ios::app);
    if (!probe) {
        const int err = errno;
        return util::fail(util::ExitCode::usage,
                          std::string("cannot write the report: ") + std::strerror(err),
                          file.string(), "checked before any traffic; pick a writable path");
    }
    probe.close();
    if (!existed)
        std::filesystem::remove(tmp, ec);
    return {};
}

util::Result<void> write_file(const std::filesystem::path& file, const std::string& text) {
    const auto tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp);
        // A secret that slipped into a message never reaches a file (a long run's report is
        // copied only when it holds one).
        if (net::holds_secret(text))
            out << net::scrub(text);
        else
            out << text;
        if (!out) {
            const int err = errno;
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return util::fail(util::ExitCode::usage,
                              std::string("cannot write the report: ") + std::strerror(err),
                              file.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        return util::fail(util::ExitCode::usage, ec.message(), file.string());
    return {};
}

}  // namespace report
