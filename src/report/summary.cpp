#include "report/summary.hpp"

#include "util/duration.hpp"
#include "verify/verdict.hpp"

#include <string>

namespace report {
namespace {

std::string outcome(const load::RequestStats& s) {
    std::string out;
    for (std::size_t c = 1; c <= 5; ++c) {
        if (s.status_class[c])
            out += " " + std::to_string(c) + "xx:" + std::to_string(s.status_class[c]);
    }
    for (std::size_t e = 0; e < s.errors.size(); ++e) {
        if (s.errors[e])
            out += " " + std::string(load::k_error_names[e]) + ":" + std::to_string(s.errors[e]);
    }
    if (s.dropped)
        out += " dropped:" + std::to_string(s.dropped);
    return out;
}

void row(std::FILE* out, const std::string& label, const load::RequestStats& s, double seconds) {
    const double rate = seconds > 0 ? static_cast<double>(s.sent) / seconds : 0;
    std::fprintf(out, "  %-22s %8llu %9.1f/s  p50 %-9s p90 %-9s p95 %-9s p99 %-9s max %-9s%s\n",
                 label.c_str(), static_cast<unsigned long long>(s.sent), rate,
                 util::human_seconds(s.latency.percentile_seconds(50)).c_str(),
                 util::human_seconds(s.latency.percentile_seconds(90)).c_str(),
                 util::human_seconds(s.latency.percentile_seconds(95)).c_str(),
                 util::human_seconds(s.latency.percentile_seconds(99)).c_str(),
                 util::human_seconds(s.latency.max_seconds()).c_str(), outcome(s).c_str());
}

}  // namespace

void print_summary(std::FILE* out, const load::RunResult& run) {
    // Which client sent it, when the report says ("against http://app:8080 (http1)").
    const std::string transport = run.transport.empty() ? "" : " (" + run.transport + ")";
    std::fprintf(
        out, "\n%s against %s%s: %.1fs%s\n", run.scenario.c_str(), run.target.c_str(),
        transport.c_str(), std::chrono::duration<double>(run.elapsed).count(),
        run.interrupted ? " (interrupted)" : (run.halted ? " (stopped by --fail-fast)" : ""));
    std::fprintf(
        out, "  %-22s %8s %11s  latency from intended send time (coordinated omission corrected)\n",
        "", "requests", "rate");
    for (const auto& p : run.phases) {
        std::fprintf(out, "%s (%s, %.0fs):\n", p.name.c_str(), p.model.c_str(), p.seconds());
        for (std::size_t r = 0; r < p.requests.size(); ++r) {
            if (p.requests[r].sent + p.requests[r].dropped > 0)
                row(out, run.request_names[r], p.requests[r], p.seconds());
        }
        row(out, "all", p.total(), p.seconds());
    }
    const auto total = run.total();
    std::fprintf(out, "run:\n");
    row(out, "all", total, std::chrono::duration<double>(run.elapsed).count());
    std::fprintf(out, "  %-22s service time p50 %s p99 %s (from actual send)\n", "",
                 util::human_seconds(total.service.percentile_seconds(50)).c_str(),
                 util::human_seconds(total.service.percentile_seconds(99)).c_str());
    if (run.abandoned)
        std::fprintf(out, "  %llu requests were still in flight when the run stopped\n",
                     static_cast<unsigned long long>(run.abandoned));
}

void print_thresholds(std::FILE* out, const std::vector<verify::Check>& thresholds) {
    if (!thresholds.empty())
        std::fprintf(out, "thresholds:\n");
    for (const auto& t : thresholds) {
        // Under the heading the name needs no "threshold " in front.
        const std::string name = t.name.starts_with("threshold ") ? t.name.substr(10) : t.name;
        std::fprintf(out, "  %s  %-40s %s\n", verify::outcome_word(t.outcome), name.c_str(),
                     t.detail.c_str());
    }
}

}  // namespace report
