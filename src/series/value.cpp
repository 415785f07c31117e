#include "series/value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace series {
namespace {

using Sample = scenario::SeriesSpec::Sample;

std::optional<double> served(const Sample& s) {
    if (s.kind == Sample::Kind::value)
        return s.value;
    return std::nullopt;
}

std::string number(double v) {
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "Inf" : "-Inf";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

/// promtool's notation for `run` copies of one sample: `v`, `vxN` (N+1 values), `_xN` (N).
std::string item(const std::optional<Sample>& s, std::size_t run) {
    if (!s || s->kind == Sample::Kind::missing)
        return run == 1 ? "_" : "_x" + std::to_string(run);
    if (s->kind == Sample::Kind::stale) {
        std::string out = "stale";  // alone: promtool has no `stalexN`
        for (std::size_t i = 1; i < run; ++i)
            out += " stale";
        return out;
    }
    const std::string v = number(s->value);
    // `Infx2` is a word to promtool's lexer: repeat Inf and NaN with an increment of 0.
    const std::string times = std::isfinite(s->value) ? "x" : "+0x";
    return run == 1 ? v : v + times + std::to_string(run - 1);
}

bool same(const std::optional<Sample>& a, const std::optional<Sample>& b) {
    const bool a_value = a && a->kind == Sample::Kind::value;
    const bool b_value = b && b->kind == Sample::Kind::value;
    if (a_value != b_value)
        return false;
    if (!a_value)
        return (a ? a->kind : Sample::Kind::missing) == (b ? b->kind : Sample::Kind::missing);
    // Bit-equal values only (NaN never repeats, 0 and -0 stay apart).
    return std::signbit(a->value) == std::signbit(b->value) && a->value == b->value;
}

std::string yaml_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// Counters by the exposition format's naming: `_total` (and a histogram's or summary's
/// `_count`, `_sum`, `_bucket`).
bool is_counter(const std::string& metric) {
    return metric.ends_with("_total") || metric.ends_with("_count") || metric.ends_with("_sum") ||
           metric.ends_with("_bucket");
}

/// The sample as written, on the scaled clock (counters not yet scaled).
std::optional<double> unscaled_value_at(const scenario::SeriesSpec& spec,
                                        std::chrono::nanoseconds elapsed,
                                        const std::vector<scenario::Phase>& scaled_phases,
                                        double time_scale) {
    if (elapsed.count() < 0)
        return std::nullopt;
    if (!spec.values.empty()) {
        const double step =
            static_cast<double>(std::chrono::nanoseconds(spec.interval).count()) * time_scale;
        const double index = std::floor(static_cast<double>(elapsed.count()) / step);
        const auto n = spec.values.size();
        if (index < static_cast<double>(n))
            return served(spec.values[static_cast<std::size_t>(index)]);
        // A counter that stopped growing would read as a rate of 0 (a CPU never idle): past
        // its values it grows by its last step.
        const auto last = served(spec.values.back());
        const auto before = n >= 2 ? served(spec.values[n - 2]) : std::nullopt;
        if (is_counter(spec.metric) && last && before)
            return *last + std::max(*last - *before, 0.0) * (index - static_cast<double>(n - 1));
        return last;
    }
    std::chrono::nanoseconds start{0};
    std::optional<double> last;  // where the last phase left it
    double slope = 0;            // and how fast it moved there, per nanosecond
    for (const auto& phase : scaled_phases) {
        const auto end = start + phase.duration;
        const auto span = spec.phases.find(phase.name);
        last = span == spec.phases.end() ? std::nullopt : std::optional(span->second.to);
        slope = span == spec.phases.end()
                    ? 0
                    : (span->second.to - span->second.from) /
                          static_cast<double>(std::max<std::int64_t>(phase.duration.count(), 1));
        if (elapsed < end) {
            if (span == spec.phases.end())
                return std::nullopt;
            const double fraction = static_cast<double>((elapsed - start).count()) /
                                    static_cast<double>(phase.duration.count());
            const auto [from, to] = span->second;
            return from == to ? from : from + (to - from) * fraction;
        }
        start = end;
    }
    // After the traffic (the wait for verdicts) it holds the last phase's end, as `values`
    // hold their last: an alert resolves on what the series says, not on its disappearance.
    // A counter goes on growing as it did.
    if (last && is_counter(spec.metric))
        return *last + std::max(slope, 0.0) * static_cast<double>((elapsed - start).count());
    return last;
}

/// Where a counter starts: its first value, or the `from` of the first phase that names it.
std::optional<double> first_value(const scenario::SeriesSpec& spec,
                                  const std::vector<scenario::Phase>& phases) {
    for (const auto& v : spec.values) {
        if (v.kind == scenario::SeriesSpec::Sample::Kind::value)
            return v.value;
    }
    for (const auto& phase : phases) {
        if (const auto span = spec.phases.find(phase.name); span != spec.phases.end())
            return span->second.from;
    }
    return std::nullopt;
}

}  // namespace

std::optional<double> value_at(const scenario::SeriesSpec& spec, std::chrono::nanoseconds elapsed,
                               const std::vector<scenario::Phase>& scaled_phases,
                               double time_scale) {
    const auto raw = unscaled_value_at(spec, elapsed, scaled_phases, time_scale);
    if (!raw || !is_counter(spec.metric) || time_scale == 1)
        return raw;
    // A counter's rate is per second: ten times faster, it must grow a tenth as much a step
    // for rate() over the scaled window to read what the scenario says.
    const auto first = first_value(spec, scaled_phases);
    return first ? *first + (*raw - *first) * time_scale : raw;
}

std::string promtool_input_series(const scenario::SeriesSpec& spec,
                                  const std::vector<scenario::Phase>& phases,
                                  std::optional<std::chrono::milliseconds> interval, int indent) {
    const auto step = interval.value_or(spec.interval);
    std::vector<std::optional<Sample>> samples;
    if (!spec.values.empty() && step == spec.interval) {
        samples.assign(spec.values.begin(), spec.values.end());
    } else if (step.count() > 0) {
        std::chrono::nanoseconds total{0};
        if (!spec.values.empty()) {
            total = spec.interval * static_cast<long long>(spec.values.size());
        } else {
            for (const auto& p : phases)
                total += p.duration;
        }
        for (std::chrono::nanoseconds t{0}; t < total; t += step) {
            const auto v = value_at(spec, t, phases, 1);
            samples.push_back(v ? std::optional<Sample>(Sample{Sample::Kind::value, *v})
                                : std::nullopt);
        }
    }
    std::string values;
    for (std::size_t i = 0; i < samples.size();) {
        std::size_t run = 1;
        while (i + run < samples.size() && same(samples[i], samples[i + run]))
            ++run;
        if (!values.empty())
            values += ' ';
        values += item(samples[i], run);
        i += run;
    }
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    return pad + "- series: " + yaml_quoted(spec.text) + "\n" + pad +
           "  values: " + yaml_quoted(values) + "\n";
}

}  // namespace series
