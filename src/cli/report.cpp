// obsctl report merge: the reports of --segment runs as the report of one run.
#include <cstdio>

#include "cli/check_options.hpp"
#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "html/render.hpp"
#include "report/files.hpp"
#include "report/merge.hpp"
#include "report/summary.hpp"
#include "report/thresholds.hpp"
#include "report/verification.hpp"
#include "util/text_file.hpp"

namespace cli {
namespace {

struct MergeCli {
    std::vector<std::filesystem::path> files;
    CheckOptions out;  ///< only report, junit and quiet are used
};

util::Result<util::ExitCode> run_merge(const MergeCli& o) {
    for (const auto* path : {&o.out.report, &o.out.junit, &o.out.html}) {
        if (!path->empty()) {
            if (auto ok = report::check_writable(*path); !ok)
                return std::unexpected(ok.error());
        }
    }
    std::vector<report::RunReport> reports;
    for (const auto& file : report::report_files(o.files)) {
        auto r = report::read_run_report(file);
        if (!r)
            return std::unexpected(r.error());
        reports.push_back(std::move(*r));
    }
    std::vector<unsigned> missing;
    auto merged = report::merge_run_reports(reports, missing);
    if (!merged)
        return std::unexpected(merged.error());
    const auto& run = merged->run;
    const auto verdicts = report::evaluate_thresholds(merged->scenario, run);
    if (!o.out.quiet) {
        std::printf("%s: %zu reports merged\n", run.scenario.c_str(), reports.size());
        report::print_summary(stdout, run);
    }
    // A merge that lacks a segment is not the scenario's load: its thresholds would judge a
    // share of it.
    const unsigned n = reports.front().run.segment.count;
    std::string held;
    for (unsigned i : run.merged_segments)
        held += (held.empty() ? "" : ", ") + std::to_string(i);
    std::string absent;
    for (unsigned i : missing)
        absent += (absent.empty() ? "" : ", ") + std::to_string(i);
    const auto segments =
        verify::judged("segments", missing.empty(),
                       missing.empty() ? "all " + std::to_string(n) + " segments merged"
                                       : "segments " + absent + " of " + std::to_string(n) +
                                             " missing (merged: " + held + ")");
    if (!segments.passed() || !o.out.quiet)
        report::print_check(stdout, segments);
    report::Document doc = report::document_for(merged->scenario);
    doc.run = std::move(merged->run);
    doc.seed = merged->seed;
    doc.actions = std::move(merged->actions);
    doc.thresholds = verdicts;
    doc.merge_checks = {segments};
    CoverageTally none;
    auto out = terminal_for(o.out, doc.scenario, false, none);
    if (auto ok = out.conclude(doc); !ok)
        return std::unexpected(ok.error());
    return doc.verdict().exit_code;
}

struct HtmlCli {
    std::filesystem::path file, html;
};

util::Result<util::ExitCode> run_html(const HtmlCli& o) {
    if (auto ok = report::check_writable(o.html); !ok)
        return std::unexpected(ok.error());
    const auto text = util::read_text_file(o.file, 256u << 20, "obsctl report");
    if (!text)
        return std::unexpected(text.error());
    auto page = html::render_text(*text, o.file.string());
    if (!page)
        return std::unexpected(page.error());
    if (auto ok = report::write_file(o.html, *page); !ok)
        return std::unexpected(ok.error());
    return util::ExitCode::ok;
}

}  // namespace

void setup_report(CLI::App& parent, Action& action) {
    auto* report = parent.add_subcommand("report", "Work with run reports (--report JSON)");
    report->require_subcommand(1);
    set_examples(*report, {"obsctl report merge reports/ --report run.json",
                           "obsctl report html run.json --html run.html"});
    auto o = std::make_shared<MergeCli>();
    auto* merge = report->add_subcommand(
        "merge",
        "Merge the reports of `run --segment I/N` into the report of one run: counts summed, "
        "histograms merged, thresholds judged on the whole");
    merge->add_option("files", o->files, "Segment reports, or directories of them")->required();
    merge->add_option("--report", o->out.report, "Write the merged report as JSON");
    merge->add_option("--junit", o->out.junit, "Write JUnit XML of the merged thresholds");
    merge->add_option("--html", o->out.html, "Write the merged report as an HTML page");
    merge->add_flag("-q,--quiet", o->out.quiet, "Print only failures");
    set_examples(*merge, {"obsctl report merge reports/ --report run.json --html run.html"});
    merge->callback([o, &action] { action = [o] { return run_merge(*o); }; });
    auto h = std::make_shared<HtmlCli>();
    auto* html = report->add_subcommand(
        "html", "Render a saved (or merged) JSON report as one self-contained HTML page");
    html->add_option("file", h->file, "The JSON report (run --report, verify --report, merge)")
        ->required();
    html->add_option("--html", h->html, "Where to write the page")->required();
    set_examples(*html, {"obsctl report html run.json --html run.html"});
    html->callback([h, &action] { action = [h] { return run_html(*h); }; });
}

}  // namespace cli
