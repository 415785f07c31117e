#include "scenario/parser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "scenario/actions.hpp"
#include "scenario/expect_parse.hpp"
#include "scenario/limits.hpp"
#include "scenario/reader.hpp"
#include "scenario/rendered_text.hpp"
#include "scenario/series_parse.hpp"
#include "scenario/yaml_source.hpp"
#include "util/text.hpp"
#include "util/text_file.hpp"

namespace scenario {
namespace {

const std::set<std::string> k_methods{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

std::string rate_limit_message(double rate) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "%g requests per second is above the %g one obsctl process can send; "
                  "split the load across processes",
                  rate, limits::k_rate);
    return buf;
}

Template compile(const Reader& r, const YAML::Node& at, const std::string& key,
                 const std::string& text) {
    Template t;
    std::string error;
    if (!Template::compile(text, t, error))
        r.fail(at, key, error);
    return t;
}

/// A YAML value as JSON text. Plain scalars that read as numbers, booleans or null stay bare;
/// quoted scalars are strings; a string that is one numeric template ("{{randint 1 100}}")
/// is written bare so the body carries a number. Stops (with why) as soon as the text passes
/// limits::k_body_bytes or the nesting limits::k_body_depth: YAML aliases share nodes, so a
/// small file can name a body of gigabytes (ten aliases of ten aliases of ..., "billion
/// laughs"), and an alias inside its own anchor's value is a cycle that never ends.
enum class BodyProblem { none, too_large, too_deep };

BodyProblem to_json(const YAML::Node& n, std::string& out, std::size_t depth = 0) {
    if (out.size() > limits::k_body_bytes)
        return BodyProblem::too_large;
    if (depth > limits::k_body_depth)
        return BodyProblem::too_deep;
    if (n.IsMap()) {
        out += '{';
        bool first = true;
        for (const auto& e : n) {
            if (!first)
                out += ',';
            first = false;
            out += '"' + e.first.Scalar() + "\":";
            if (auto problem = to_json(e.second, out, depth + 1); problem != BodyProblem::none)
                return problem;
        }
        out += '}';
    } else if (n.IsSequence()) {
        out += '[';
        for (std::size_t i = 0; i < n.size(); ++i) {
            if (i)
                out += ',';
            if (auto problem = to_json(n[i], out, depth + 1); problem != BodyProblem::none)
                return problem;
        }
        out += ']';
    } else if (n.IsNull()) {
        out += "null";
    } else {
        const std::string& s = n.Scalar();
        Template t;
        std::string ignored;
        const bool plain = n.Tag() == "?";
        const bool numeric = !s.empty() &&
                             s.find_first_not_of("0123456789+-.eE") == std::string::npos &&
                             std::isdigit(static_cast<unsigned char>(s.back()));
        if ((plain && (numeric || s == "true" || s == "false")) ||
            (Template::compile(s, t, ignored) && t.is_single_number())) {
            out += s;
        } else {
            out += '"';
            for (char c : s) {
                if (c == '"' || c == '\\')
                    out += '\\';
                out += c;
            }
            out += '"';
        }
    }
    return out.size() <= limits::k_body_bytes ? BodyProblem::none : BodyProblem::too_large;
}

void parse_body(const Reader& r, RequestSpec& spec);

/// One request; each field's first mistake goes to `d` and the next field is read.
RequestSpec parse_request(const YAML::Node& node, const std::string& path, Diagnostics& d) {
    Reader r(node, path, &d);
    r.only_keys({"name", "method", "path", "url", "headers", "json", "body", "weight"});
    RequestSpec spec;
    d.attempt([&] { spec.name = r.optional_string("name").value_or(""); });
    d.attempt([&] {
        spec.method = r.optional_string("method").value_or("GET");
        if (!k_methods.count(spec.method)) {
            r.fail(r.node("method"), "method",
                   "expected one of GET POST PUT PATCH DELETE HEAD OPTIONS, got " +
                       shown(r.node("method")));
        }
    });
    d.attempt([&] {
        if (r.has("path") == r.has("url"))
            r.fail_here("give exactly one of `path` (joined to the target) or `url`");
        const char* where = r.has("path") ? "path" : "url";
        const std::string target = r.string(where);
        if (spec.name.empty())
            spec.name = target;
        if (r.has("path") && !target.starts_with("/"))
            r.fail(r.node("path"), "path", "must start with /, got " + shown(r.node("path")));
        if (r.has("url") && !target.starts_with("http://") && !target.starts_with("https://")) {
            r.fail(r.node("url"), "url", "must start with http:// or https://");
        }
        spec.url = compile(r, r.node(where), where, target);
    });
    d.attempt([&] { parse_body(r, spec); });
    d.attempt([&] {
        spec.weight = r.number_in("weight", "a positive number", 0, limits::k_weight).value_or(1.0);
        if (spec.weight <= 0)
            r.fail(r.node("weight"), "weight", "must be above 0");
    });
    return spec;
}

/// headers, json and body.
void parse_body(const Reader& r, RequestSpec& spec) {
    if (r.has("headers")) {
        const auto headers = r.node("headers");
        if (!headers.IsMap())
            r.fail(headers, "headers", "expected a mapping of header names to values");
        for (const auto& h : headers) {
            const std::string key = "headers." + h.first.Scalar();
            if (!h.second.IsScalar())
                r.fail(h.second, key, "expected text");
            spec.headers.emplace_back(h.first.Scalar(),
                                      compile(r, h.second, key, h.second.Scalar()));
        }
    }
    if (r.has("json") && r.has("body"))
        r.fail_here("give `json` (a structured body) or `body` (raw text), not both");
    if (r.has("json")) {
        std::string text;
        const auto problem = to_json(r.node("json"), text);
        if (problem == BodyProblem::too_large)
            r.fail(r.node("json"), "json",
                   "the body grows past " + std::to_string(limits::k_body_bytes >> 20) +
                       " MiB once its YAML aliases are expanded; a request body may not");
        if (problem == BodyProblem::too_deep)
            r.fail(r.node("json"), "json",
                   "the body nests deeper than " + std::to_string(limits::k_body_depth) +
                       " levels (a YAML alias inside its own anchor?)");
        spec.body = compile(r, r.node("json"), "json", text);
        bool has_type = false;
        for (const auto& [name, _] : spec.headers)
            has_type = has_type || name == "Content-Type";
        if (!has_type) {
            Template ct;
            std::string ignored;
            Template::compile("application/json", ct, ignored);
            spec.headers.emplace_back("Content-Type", ct);
        }
    } else if (r.has("body")) {
        spec.body = compile(r, r.node("body"), "body", r.string("body"));
    }
}

/// max_in_flight, on a phase or the whole scenario: a whole number within limits::k_in_flight.
std::optional<unsigned> in_flight_cap(const Reader& r) {
    auto cap = r.number("max_in_flight", "a whole number of requests");
    if (!cap)
        return std::nullopt;
    if (*cap < 1 || *cap != std::floor(*cap))
        r.fail(r.node("max_in_flight"), "max_in_flight", "must be a whole number, at least 1");
    if (*cap > limits::k_in_flight)
        r.fail(r.node("max_in_flight"), "max_in_flight",
               range_message(*cap, 1, limits::k_in_flight));
    return static_cast<unsigned>(*cap);
}

void parse_pace(const Reader& r, Phase& phase);

Phase parse_phase(const YAML::Node& node, const std::string& path, std::size_t index,
                  Diagnostics& d) {
    Reader r(node, path, &d);
    r.only_keys({"name", "duration", "rate", "vus", "think", "max_in_flight", "actions"});
    Phase phase;
    phase.name = "phase" + std::to_string(index + 1);
    d.attempt([&] { phase.name = r.optional_string("name").value_or(phase.name); });
    const bool timed = d.attempt([&] {
        const auto duration = r.duration_at_most("duration", limits::k_phase);
        if (!duration || duration->count() <= 0)
            r.fail(r.node("duration"), "duration",
                   "missing or zero: how long the phase lasts, e.g. 30s");
        phase.duration = *duration;
    });
    d.attempt([&] { parse_pace(r, phase); });
    d.attempt([&] {
        if (auto cap = in_flight_cap(r))
            phase.max_in_flight = *cap;
    });
    // Actions are placed within the phase's duration: without one, they would all be wrong.
    if (timed && r.has("actions")) {
        d.attempt([&] {
            phase.actions = parse_actions(r.node("actions"), r.path("actions"), phase.duration);
        });
    }
    return phase;
}

/// rate (open model) or vus and think (closed model).
void parse_pace(const Reader& r, Phase& phase) {
    if (r.has("rate") == r.has("vus")) {
        r.fail_here(
            "give exactly one of `rate` (requests per second: open model) or `vus` (virtual users: "
            "closed model)");
    }
    if (r.has("rate")) {
        const auto rate = r.node("rate");
        if (rate.IsMap()) {
            Reader ramp(rate, r.path("rate"));
            ramp.only_keys({"from", "to"});
            phase.rate_from = ramp.number("from", "requests per second");
            phase.rate_to = ramp.number("to", "requests per second");
            if (!phase.rate_from || !phase.rate_to)
                ramp.fail_here("a ramp needs both `from` and `to`");
        } else {
            phase.rate_from = r.number("rate", "requests per second");
            phase.rate_to = phase.rate_from;
        }
        if (*phase.rate_from < 0 || *phase.rate_to < 0 ||
            (*phase.rate_from == 0 && *phase.rate_to == 0)) {
            r.fail(rate, "rate", "must be above 0 requests per second");
        }
        if (const double top = std::max(*phase.rate_from, *phase.rate_to); top > limits::k_rate)
            r.fail(rate, "rate", rate_limit_message(top));
        if (r.has("think"))
            r.fail(r.node("think"), "think", "only closed-model phases (vus) think");
    } else {
        const auto vus = r.number("vus", "a whole number of virtual users");
        if (*vus < 1 || *vus != std::floor(*vus))
            r.fail(r.node("vus"), "vus", "expected a whole number of virtual users, at least 1");
        if (*vus > limits::k_vus)
            r.fail(r.node("vus"), "vus", range_message(*vus, 1, limits::k_vus));
        phase.vus = static_cast<unsigned>(*vus);
        phase.think = r.duration_at_most("think", limits::k_wait).value_or(util::Millis{0});
    }
}

Threshold parse_threshold(const YAML::Node& node, const std::string& path, const Scenario& s,
                          Diagnostics& d) {
    Reader r(node, path, &d);
    r.only_keys({"metric", "stat", "below", "above", "phase", "request"});
    Threshold t;
    const std::string metric = r.string("metric");
    if (metric == "latency") {
        t.metric = Threshold::Metric::latency;
        t.stat = r.optional_string("stat").value_or("p95");
        static const std::set<std::string> stats{"p50", "p90", "p95", "p99", "max", "mean"};
        if (!stats.count(t.stat))
            r.fail(r.node("stat"), "stat",
                   "expected p50, p90, p95, p99, max or mean, got " + shown(r.node("stat")));
        for (const char* bound : {"below", "above"}) {
            if (auto limit = r.duration(bound))
                (std::string(bound) == "below" ? t.below : t.above) =
                    std::chrono::duration<double>(*limit).count();
        }
    } else if (metric == "error_ratio") {
        t.metric = Threshold::Metric::error_ratio;
        for (const char* bound : {"below", "above"}) {
            if (!r.has(bound))
                continue;
            auto v = r.node(bound).IsScalar() ? parse_ratio(r.node(bound).Scalar()) : std::nullopt;
            if (!v || *v < 0 || *v > 1)
                r.fail(r.node(bound), bound,
                       "expected a ratio such as 0.01 or 1%, got " + shown(r.node(bound)));
            (std::string(bound) == "below" ? t.below : t.above) = v;
        }
    } else if (metric == "rate") {
        t.metric = Threshold::Metric::rate;
        t.below = r.number("below", "requests per second");
        t.above = r.number("above", "requests per second");
    } else {
        const std::string hint = util::closest(metric, {"latency", "error_ratio", "rate"});
        r.fail(r.node("metric"), "metric",
               "expected latency, error_ratio or rate, got " + shown(r.node("metric")) +
                   (hint.empty() ? "" : " (did you mean `" + hint + "`?)"));
    }
    if (!t.below && !t.above)
        r.fail_here("give `below` or `above`");
    t.phase = r.optional_string("phase").value_or("");
    t.request = r.optional_string("request").value_or("");
    bool phase_known = t.phase.empty(), request_known = t.request.empty();
    for (const auto& p : s.phases)
        phase_known = phase_known || p.name == t.phase;
    for (const auto& q : s.requests)
        request_known = request_known || q.name == t.request;
    if (!phase_known)
        r.fail(r.node("phase"), "phase", "no phase named " + shown(r.node("phase")));
    if (!request_known)
        r.fail(r.node("request"), "request", "no request named " + shown(r.node("request")));
    std::ostringstream text;
    text << metric << (t.metric == Threshold::Metric::latency ? " " + t.stat : "");
    if (r.has("below"))
        text << " < " << r.node("below").Scalar();
    if (r.has("above"))
        text << " > " << r.node("above").Scalar();
    if (!t.phase.empty())
        text << " in " << t.phase;
    if (!t.request.empty())
        text << " for " << t.request;
    t.text = text.str();
    return t;
}

/// name, description, target, seed, max_in_flight and timeout.
void parse_settings(const Reader& r, Scenario& s, Diagnostics& d) {
    d.attempt([&] { s.name = r.string("name"); });
    d.attempt([&] { s.description = r.optional_string("description").value_or(""); });
    d.attempt([&] {
        // No default: --target, OBSCTL_TARGET or a stack's demo app may give it instead.
        s.target = r.optional_string("target").value_or("");
        if (!s.target.empty() && !s.target.starts_with("http://") &&
            !s.target.starts_with("https://")) {
            r.fail(r.node("target"), "target",
                   "expected an http:// URL, got " + shown(r.node("target")));
        }
    });
    d.attempt([&] {
        // Seeds are read as doubles: whole numbers up to 2^53 are exact, above that two seeds
        // written differently would be the same.
        if (auto seed = r.number_in("seed", "a whole number", 0, 9007199254740992.0)) {
            if (*seed != std::floor(*seed))
                r.fail(r.node("seed"), "seed",
                       "expected a whole number, got " + shown(r.node("seed")));
            s.seed = static_cast<std::uint64_t>(*seed);
        }
    });
    d.attempt([&] {
        if (auto cap = in_flight_cap(r))
            s.max_in_flight = *cap;
    });
    d.attempt([&] {
        s.timeout = r.duration_at_most("timeout", limits::k_wait).value_or(s.timeout);
        if (s.timeout.count() <= 0)
            r.fail(r.node("timeout"), "timeout", "must be above 0");
    });
}

/// The items of a required, non-empty list; its absence is one mistake.
bool required_list(const Reader& r, const char* key, const char* what, Diagnostics& d) {
    return d.attempt([&] {
        if (!r.has(key) || !r.node(key).IsSequence() || r.node(key).size() == 0)
            r.fail(r.node(key), key, std::string("expected a non-empty list of ") + what);
    });
}

void parse_requests(const Reader& r, Scenario& s, Diagnostics& d) {
    if (!required_list(r, "requests", "requests", d))
        return;
    const auto requests = r.node("requests");
    std::set<std::string> names;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        d.attempt([&] {
            s.requests.push_back(parse_request(requests[i], index_path("requests", i), d));
            const auto& name = s.requests.back().name;
            if (!name.empty() && !names.insert(name).second) {
                Reader(requests[i], index_path("requests", i))
                    .fail(requests[i]["name"], "name",
                          "another request already has the name \"" + name + "\"");
            }
        });
    }
}

/// The phases; false when one of them could not be read at all.
bool parse_phases(const Reader& r, Scenario& s, Diagnostics& d) {
    if (!required_list(r, "phases", "phases", d))
        return false;
    const auto phases = r.node("phases");
    for (std::size_t i = 0; i < phases.size(); ++i) {
        d.attempt(
            [&] { s.phases.push_back(parse_phase(phases[i], index_path("phases", i), i, d)); });
    }
    if (s.phases.size() != phases.size())
        return false;
    d.attempt([&] { check_app_sequence(s.phases, phases); });
    d.attempt([&] {
        if (s.duration() > limits::k_run) {
            r.fail(
                phases, "phases",
                "the phases last " +
                    util::format_duration(std::chrono::duration_cast<util::Millis>(s.duration())) +
                    " together, over the " + util::format_duration(limits::k_run) +
                    " a scenario may last");
        }
    });
    return true;
}

Scenario parse_document(const YAML::Node& root, Diagnostics& d) {
    Scenario s;
    if (!root.IsDefined() || root.IsNull()) {
        d.add(FieldError(1, 1, "the file is empty: expected a scenario (name, requests, phases)"));
        return s;
    }
    Reader r(root, "", &d);
    if (!d.attempt([&] {
            r.only_keys({"name", "description", "target", "seed", "requests", "phases",
                         "thresholds", "max_in_flight", "timeout", "expect", "series"});
        })) {
        return s;
    }
    parse_settings(r, s, d);
    parse_requests(r, s, d);
    const bool phases_read = parse_phases(r, s, d);
    // Thresholds and series name phases: without all of them, those names would be wrong.
    if (r.has("thresholds") && phases_read) {
        r.each_item("thresholds", "thresholds", d,
                    [&](const YAML::Node& item, const std::string& path) {
                        s.thresholds.push_back(parse_threshold(item, path, s, d));
                    });
    }
    if (r.has("expect"))
        d.attempt([&] { s.expect = parse_expect(r.node("expect"), s, d); });
    if (r.has("series") && phases_read)
        d.attempt([&] { s.series = parse_series(r.node("series"), s.phases); });
    return s;
}

}  // namespace

std::string strip_json_comments(std::string_view text) {
    std::string out(text);
    bool in_string = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '\t') {
            out[i] = ' ';  // YAML reads JSON, but not tabs as indentation
        } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
            while (i < out.size() && out[i] != '\n')
                out[i++] = ' ';
        } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
            for (; i < out.size() && !(out[i] == '*' && i + 1 < out.size() && out[i + 1] == '/');
                 ++i) {
                if (out[i] != '\n')
                    out[i] = ' ';
            }
            if (i + 1 < out.size())
                out[i] = out[i + 1] = ' ';
            ++i;
        }
    }
    return out;
}

Checked check_scenario(std::string_view text, const std::string& name) {
    const auto at = [&](int line, int column) {
        return name + ":" + std::to_string(line) + ":" + std::to_string(column);
    };
    if (text.size() > limits::k_file_bytes) {
        return std::unexpected(
            std::vector{util::Error{"is larger than " + std::to_string(limits::k_file_bytes >> 20) +
                                        " MiB, the most obsctl reads for a scenario file",
                                    name, "", util::ExitCode::usage}});
    }
    // JSON (which may carry comments) by its name, or from stdin by its start: `{` then a quoted
    // key or a comment (YAML's flow mappings have bare keys, and `//` in their URLs is no
    // comment).
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto key =
        first == std::string_view::npos ? first : text.find_first_not_of(" \t\r\n", first + 1);
    const bool json =
        name.ends_with(".json") ||
        (key != std::string_view::npos && text[first] == '{' &&
         (text[key] == '"' || text.substr(key, 2) == "//" || text.substr(key, 2) == "/*"));
    const std::string yaml = json ? strip_json_comments(text) : std::string(text);
    Diagnostics d;
    Scenario s;
    try {
        YAML::Node root = YAML::Load(yaml);
        // A quote left open swallowed the rest of the file: every field below it would be a
        // mistake that follows from it.
        find_unclosed_quotes(yaml, root, d);
        if (d.empty()) {
            expand_environment(root, d);
            s = parse_document(root, d);
        }
    } catch (const YAML::Exception& e) {
        return std::unexpected(
            std::vector{util::Error{"YAML syntax: " + e.msg, at(e.mark.line + 1, e.mark.column + 1),
                                    syntax_hint(yaml, e.mark), util::ExitCode::usage}});
    }
    if (!d.empty()) {
        std::vector<util::Error> mistakes;
        for (const auto& e : d.in_file_order())
            mistakes.push_back({e.what(), at(e.line, e.column), e.hint, util::ExitCode::usage});
        return std::unexpected(std::move(mistakes));
    }
    s.file = name;
    s.source = std::string(text);
    return s;
}

util::Result<Scenario> parse_scenario(std::string_view text, const std::string& name) {
    auto s = check_scenario(text, name);
    if (s)
        return std::move(*s);
    util::Error first = s.error().front();
    if (const auto more = s.error().size() - 1; more > 0) {
        first.hint += (first.hint.empty() ? "" : "; ") + std::string("and ") +
                      std::to_string(more) + (more == 1 ? " more mistake" : " more mistakes");
    }
    return std::unexpected(std::move(first));
}

util::Result<Scenario> load_scenario(const std::filesystem::path& file) {
    // At most the limit is read: a 50 MB file is refused after 1 MiB, not parsed.
    auto text = util::read_text_file(file, limits::k_file_bytes, "scenario file");
    if (!text)
        return std::unexpected(text.error());
    return parse_scenario(*text, file.string());
}

std::string Scenario::checksum() const {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : source) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Nanos Scenario::duration() const {
    Nanos total{0};
    for (const auto& p : phases)
        total += p.duration;
    return total;
}

}  // namespace scenario
