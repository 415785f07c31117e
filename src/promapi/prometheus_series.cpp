// The Prometheus API calls that explain a verdict: range queries and label look-ups.
#include <cstdlib>

#include "promapi/prometheus_client.hpp"

namespace promapi {
namespace {

std::string seconds(double t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", t);
    return buf;
}

util::Result<std::vector<std::string>> get_strings(HttpClient& http, const std::string& url,
                                                   const std::string& label_url) {
    auto response = http.get(url);
    if (!response)
        return std::unexpected(response.error());
    return parse_string_list_response(*response, label_url);
}

}  // namespace

util::Result<std::vector<Series>> PrometheusClient::query_range(const std::string& promql,
                                                                double start, double end,
                                                                std::chrono::milliseconds step) {
    const std::string url = m_base + "/api/v1/query_range?query=" + url_encode(promql) +
                            "&start=" + seconds(start) + "&end=" + seconds(end) +
                            "&step=" + seconds(static_cast<double>(step.count()) / 1000.0);
    auto response = m_http.get(url);
    if (!response)
        return std::unexpected(response.error());
    return parse_matrix_response(*response, m_base + "/api/v1/query_range");
}

util::Result<std::vector<std::string>> PrometheusClient::label_names(const std::string& selector,
                                                                     double start, double end) {
    return get_strings(m_http,
                       m_base + "/api/v1/labels?match[]=" + url_encode(selector) +
                           "&start=" + seconds(start) + "&end=" + seconds(end),
                       m_base + "/api/v1/labels");
}

util::Result<std::vector<std::string>> PrometheusClient::label_values(const std::string& label,
                                                                      const std::string& selector,
                                                                      double start, double end) {
    return get_strings(m_http,
                       m_base + "/api/v1/label/" + url_encode(label) +
                           "/values?match[]=" + url_encode(selector) + "&start=" + seconds(start) +
                           "&end=" + seconds(end),
                       m_base + "/api/v1/label/" + label + "/values");
}

util::Result<std::vector<Series>> parse_matrix_response(const HttpResponse& response,
                                                        const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    return guarded(url, [&]() -> util::Result<std::vector<Series>> {
        const std::string type = str_field(*data, "resultType", "data");
        if (type != "matrix")
            return util::fail(util::ExitCode::stack_unavailable,
                              "expected a range vector, got " + type, url);
        std::vector<Series> out;
        for (const auto& item : array_field(*data, "result", "data")) {
            Series s{to_labels(object_field(item, "metric", "data.result[]")), {}};
            for (const auto& point : array_field(item, "values", "data.result[]")) {
                if (!point.is_array() || point.size() != 2 || !point[0].is_number() ||
                    !point[1].is_string())
                    continue;
                s.points.emplace_back(
                    point[0].get<double>(),
                    std::strtod(point[1].get_ref<const std::string&>().c_str(), nullptr));
            }
            out.push_back(std::move(s));
        }
        return out;
    });
}

util::Result<std::vector<std::string>> parse_string_list_response(const HttpResponse& response,
                                                                  const std::string& url) {
    auto data = prometheus_data(response, url);
    if (!data)
        return std::unexpected(data.error());
    if (!data->is_array())
        return util::fail(util::ExitCode::stack_unavailable, "data is not a list", url);
    std::vector<std::string> out;
    for (const auto& v : *data) {
        if (v.is_string())
            out.push_back(v.get<std::string>());
    }
    return out;
}

}  // namespace promapi
