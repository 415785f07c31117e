#include "report/series_json.hpp"

#include <nlohmann/json.hpp>

#include "report/json_read.hpp"

#include <stdexcept>

namespace report {
namespace {

using nlohmann::json;

json percentiles(const load::SecondHistogram& h) {
    return {{"p50", h.percentile_seconds(50)},
            {"p90", h.percentile_seconds(90)},
            {"p99", h.percentile_seconds(99)},
            {"max", h.percentile_seconds(100)}};
}

json row_json(std::size_t second, const load::SeriesCell& cell) {
    const auto& c = cell.counts;
    json responses = json::object(), errors = json::object();
    for (std::size_t k = 1; k <= 5; ++k)
        responses[std::to_string(k) + "xx"] = c.status_class[k];
    for (std::size_t e = 0; e < c.errors.size(); ++e)
        errors[load::k_error_names[e]] = c.errors[e];
    return {
        {"t", second},
        {"phase", cell.phase},
        {"request", cell.request},
        {"sent", c.sent},
        {"dropped", c.dropped},
        {"late", c.late},
        {"responses", responses},
        {"errors", errors},
        {"latency_seconds", percentiles(cell.latency)},
        {"service_time_seconds", percentiles(cell.service)},
        {"histograms",
         {{"latency", {{"buckets", cell.latency.encode()}, {"max_us", cell.latency.max_micros()}}},
          {"service_time",
           {{"buckets", cell.service.encode()}, {"max_us", cell.service.max_micros()}}}}}};
}

load::SecondHistogram second_histogram_of(const json& h) {
    auto out = load::SecondHistogram::decode(h.at("buckets").get<std::string>(),
                                             whole<std::uint64_t>(h.at("max_us")));
    if (!out)
        throw std::invalid_argument("series: a histogram with impossible buckets");
    return *out;
}

}  // namespace

bool is_series_row(const json& value) {
    return value.is_object() && value.contains("t") && value.contains("phase") &&
           value.contains("request") && value.contains("histograms");
}

void append_series_json(std::string& out, const load::Series& series) {
    out +=
        "{\"resolution_seconds\": 1, \"histogram\": \"log-linear, 5 significant bits: "
        "percentiles within 3.1%, max exact\", \"scheduled\": " +
        nlohmann::json(series.scheduled).dump() + ", \"rows\": [";
    bool first = true;
    for (std::size_t s = 0; s < series.seconds.size(); ++s) {
        for (const auto& cell : series.seconds[s]) {
            out += first ? "\n    " : ",\n    ";
            first = false;
            out += row_json(s, cell).dump();
        }
    }
    out += first ? "]}" : "\n  ]}";
}

std::pair<std::size_t, load::SeriesCell> series_row(const json& row) {
    load::SeriesCell cell;
    const auto t = whole<std::size_t>(row.at("t"));
    if (t > 10'000'000)
        throw std::invalid_argument("series: second " + std::to_string(t) + " is impossible");
    cell.phase = whole<std::uint32_t>(row.at("phase"));
    cell.request = whole<std::uint32_t>(row.at("request"));
    cell.counts = counts_of(row);
    cell.latency = second_histogram_of(row.at("histograms").at("latency"));
    cell.service = second_histogram_of(row.at("histograms").at("service_time"));
    return {t, std::move(cell)};
}

load::Series series_of(const json& series) {
    load::Series out;
    if (series.is_null())
        return out;
    if (series.at("resolution_seconds").get<double>() != 1)
        throw std::invalid_argument("series: only 1 s resolution is read");
    out.scheduled = wholes<std::uint64_t>(series.at("scheduled"));
    if (out.scheduled.size() > 10'000'000)
        throw std::invalid_argument("series: more scheduled seconds than a run can have");
    for (const auto& row : series.at("rows")) {
        auto [t, cell] = series_row(row);
        out.add(t, std::move(cell));
    }
    return out;
}

}  // namespace report
