#include "scenario/parser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "scenario/actions.hpp"
#include "scenario/limits.hpp"
#include "scenario/reader.hpp"
#include "scenario/rendered_text.hpp"
#include "scenario/series_parse.hpp"
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

std::string index_path(const std::string& list, std::size_t i) {
    return list + "[" + std::to_string(i) + "]";
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

RequestSpec parse_request(const YAML::Node& node, const std::string& path) {
    Reader r(node, path);
    r.only_keys({"name", "method", "path", "url", "headers", "json", "body", "weight"});
    RequestSpec spec;
    spec.method = r.optional_string("method").value_or("GET");
    if (!k_methods.count(spec.method)) {
        r.fail(r.node("method"), "method",
               "expected one of GET POST PUT PATCH DELETE HEAD OPTIONS, got " +
                   shown(r.node("method")));
    }
    if (r.has("path") == r.has("url"))
        r.fail_here("give exactly one of `path` (joined to the target) or `url`");
    const char* where = r.has("path") ? "path" : "url";
    const std::string target = r.string(where);
    if (r.has("path") && !target.starts_with("/"))
        r.fail(r.node("path"), "path", "must start with /, got " + shown(r.node("path")));
    if (r.has("url") && !target.starts_with("http://") && !target.starts_with("https://")) {
        r.fail(r.node("url"), "url", "must start with http:// or https://");
    }
    spec.url = compile(r, r.node(where), where, target);
    spec.name = r.optional_string("name").value_or(target);
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
    spec.weight = r.number_in("weight", "a positive number", 0, limits::k_weight).value_or(1.0);
    if (spec.weight <= 0)
        r.fail(r.node("weight"), "weight", "must be above 0");
    return spec;
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

Phase parse_phase(const YAML::Node& node, const std::string& path, std::size_t index) {
    Reader r(node, path);
    r.only_keys({"name", "duration", "rate", "vus", "think", "max_in_flight", "actions"});
    Phase phase;
    phase.name = r.optional_string("name").value_or("phase" + std::to_string(index + 1));
    const auto duration = r.duration_at_most("duration", limits::k_phase);
    if (!duration || duration->count() <= 0)
        r.fail(r.node("duration"), "duration",
               "missing or zero: how long the phase lasts, e.g. 30s");
    phase.duration = *duration;
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
    if (auto cap = in_flight_cap(r))
        phase.max_in_flight = *cap;
    if (r.has("actions"))
        phase.actions = parse_actions(r.node("actions"), r.path("actions"), phase.duration);
    return phase;
}

Threshold parse_threshold(const YAML::Node& node, const std::string& path, const Scenario& s) {
    Reader r(node, path);
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
            if (auto d = r.duration(bound))
                (std::string(bound) == "below" ? t.below : t.above) =
                    std::chrono::duration<double>(*d).count();
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

Expectations parse_expect(const YAML::Node& node, const Scenario& s) {
    Reader r(node, "expect");
    r.only_keys({"fire", "resolve", "quiet", "queries", "job", "silence"});
    Expectations e;
    if (r.has("silence")) {
        Reader sr(r.node("silence"), "expect.silence");
        sr.only_keys({"matchers", "comment"});
        SilenceSpec spec;
        const auto m = sr.node("matchers");
        if (!m.IsMap() || m.size() == 0)
            sr.fail(m, "matchers", "expected a mapping of label: value (at least one)");
        for (const auto& kv : m)
            spec.matchers[kv.first.Scalar()] = kv.second.Scalar();
        spec.comment = sr.optional_string("comment").value_or(spec.comment);
        e.silence = std::move(spec);
    }
    if (r.has("fire")) {
        const auto fire = r.node("fire");
        if (!fire.IsSequence())
            r.fail(fire, "fire", "expected a list of alerts");
        for (std::size_t i = 0; i < fire.size(); ++i) {
            Reader f(fire[i], index_path("expect.fire", i));
            f.only_keys({"alert", "labels", "receiver", "within", "inhibited_by", "silenced",
                         "annotations", "notification", "after"});
            FireExpectation x;
            x.alert = f.string("alert");
            if (f.has("labels")) {
                if (!f.node("labels").IsMap())
                    f.fail(f.node("labels"), "labels", "expected a mapping of label matchers");
                for (const auto& l : f.node("labels"))
                    x.labels[l.first.Scalar()] = l.second.Scalar();
            }
            x.receiver = f.optional_string("receiver").value_or("");
            x.within = f.duration("within");
            x.inhibited_by = f.optional_string("inhibited_by").value_or("");
            x.silenced = f.boolean("silenced").value_or(false);
            x.after = f.optional_string("after").value_or("");
            if (!x.after.empty()) {
                std::vector<std::string> names;
                for (const auto& p : s.phases)
                    names.push_back(p.name);
                if (std::find(names.begin(), names.end(), x.after) == names.end()) {
                    const std::string hint = util::closest(x.after, names);
                    f.fail(f.node("after"), "after",
                           "no phase named " + shown(f.node("after")) +
                               (hint.empty() ? "" : " (did you mean `" + hint + "`?)"));
                }
            }
            read_rendered_text(f, x);
            if (x.silenced && !e.silence)
                f.fail(f.node("silenced"), "silenced",
                       "give expect.silence {matchers: ...} for obsctl to create the silence");
            e.fire.push_back(std::move(x));
        }
        for (std::size_t i = 0; i < e.fire.size(); ++i) {
            const auto& by = e.fire[i].inhibited_by;
            bool known = false;
            for (const auto& other : e.fire)
                known = known || (other.alert == by && &other != &e.fire[i]);
            if (!by.empty() && !known) {
                Reader f(fire[i], index_path("expect.fire", i));
                f.fail(f.node("inhibited_by"), "inhibited_by",
                       "the inhibiting alert must be expected to fire too: add " + by +
                           " to expect.fire");
            }
        }
    }
    if (r.has("resolve")) {
        if (r.node("resolve").IsMap()) {
            Reader res(r.node("resolve"), "expect.resolve");
            res.only_keys({"within"});
            e.resolve_within = res.duration("within");
        } else {
            e.resolve = *r.boolean("resolve");
        }
    }
    if (r.has("quiet")) {
        if (r.node("quiet").IsMap()) {
            Reader q(r.node("quiet"), "expect.quiet");
            q.only_keys({"allow"});
            e.allow.clear();
            for (const auto& a : q.node("allow"))
                e.allow.push_back(a.Scalar());
        } else {
            e.quiet = *r.boolean("quiet");
        }
    }
    if (r.has("queries")) {
        const auto queries = r.node("queries");
        if (!queries.IsSequence())
            r.fail(queries, "queries", "expected a list of PromQL checks");
        for (std::size_t i = 0; i < queries.size(); ++i) {
            Reader q(queries[i], index_path("expect.queries", i));
            q.only_keys({"query", "equals", "min", "max", "matches_client", "tolerance"});
            QueryExpectation x;
            x.query = q.string("query");
            x.equals = q.number("equals", "a number");
            x.min = q.number("min", "a number");
            x.max = q.number("max", "a number");
            x.matches_client = q.optional_string("matches_client").value_or("");
            if (q.has("tolerance")) {
                auto t = parse_ratio(q.node("tolerance").Scalar());
                if (!t)
                    q.fail(q.node("tolerance"), "tolerance", "expected a ratio such as 5% or 0.05");
                x.tolerance = *t;
            }
            if (!x.equals && !x.min && !x.max && x.matches_client.empty()) {
                q.fail_here(
                    "give `equals`, `min`, `max` or `matches_client` to compare the result with");
            }
            bool known = x.matches_client.empty();
            for (const auto& req : s.requests)
                known = known || req.name == x.matches_client;
            if (!known)
                q.fail(q.node("matches_client"), "matches_client",
                       "no request named " + shown(q.node("matches_client")));
            e.queries.push_back(std::move(x));
        }
    }
    e.job = r.optional_string("job").value_or("");
    return e;
}

Scenario parse_document(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull())
        throw FieldError(1, 1, "the file is empty: expected a scenario (name, requests, phases)");
    Reader r(root, "");
    r.only_keys({"name", "description", "target", "seed", "requests", "phases", "thresholds",
                 "max_in_flight", "timeout", "expect", "series"});
    Scenario s;
    s.name = r.string("name");
    s.description = r.optional_string("description").value_or("");
    s.target = r.optional_string("target").value_or(s.target);
    if (!s.target.starts_with("http://") && !s.target.starts_with("https://")) {
        r.fail(r.node("target"), "target",
               "expected an http:// URL, got " + shown(r.node("target")));
    }
    // Seeds are read as doubles: whole numbers up to 2^53 are exact, above that two seeds
    // written differently would be the same.
    if (auto seed = r.number_in("seed", "a whole number", 0, 9007199254740992.0)) {
        if (*seed != std::floor(*seed))
            r.fail(r.node("seed"), "seed", "expected a whole number, got " + shown(r.node("seed")));
        s.seed = static_cast<std::uint64_t>(*seed);
    }
    if (auto cap = in_flight_cap(r))
        s.max_in_flight = *cap;
    s.timeout = r.duration_at_most("timeout", limits::k_wait).value_or(s.timeout);
    if (s.timeout.count() <= 0)
        r.fail(r.node("timeout"), "timeout", "must be above 0");

    const auto requests = r.node("requests");
    if (!r.has("requests") || !requests.IsSequence() || requests.size() == 0)
        r.fail(requests, "requests", "expected a non-empty list of requests");
    std::set<std::string> names;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        s.requests.push_back(parse_request(requests[i], index_path("requests", i)));
        if (!names.insert(s.requests.back().name).second) {
            Reader(requests[i], index_path("requests", i))
                .fail(requests[i]["name"], "name",
                      "another request already has the name \"" + s.requests.back().name + "\"");
        }
    }
    const auto phases = r.node("phases");
    if (!r.has("phases") || !phases.IsSequence() || phases.size() == 0)
        r.fail(phases, "phases", "expected a non-empty list of phases");
    for (std::size_t i = 0; i < phases.size(); ++i)
        s.phases.push_back(parse_phase(phases[i], index_path("phases", i), i));
    check_app_sequence(s.phases, phases);
    if (s.duration() > limits::k_run) {
        r.fail(phases, "phases",
               "the phases last " +
                   util::format_duration(std::chrono::duration_cast<util::Millis>(s.duration())) +
                   " together, over the " + util::format_duration(limits::k_run) +
                   " a scenario may last");
    }
    if (r.has("thresholds")) {
        const auto thresholds = r.node("thresholds");
        if (!thresholds.IsSequence())
            r.fail(thresholds, "thresholds", "expected a list of thresholds");
        for (std::size_t i = 0; i < thresholds.size(); ++i) {
            s.thresholds.push_back(parse_threshold(thresholds[i], index_path("thresholds", i), s));
        }
    }
    if (r.has("expect"))
        s.expect = parse_expect(r.node("expect"), s);
    if (r.has("series"))
        s.series = parse_series(r.node("series"), s.phases);
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

util::Result<Scenario> parse_scenario(std::string_view text, const std::string& name) {
    if (text.size() > limits::k_file_bytes) {
        return util::fail(util::ExitCode::usage,
                          "is larger than " + std::to_string(limits::k_file_bytes >> 20) +
                              " MiB, the most obsctl reads for a scenario file",
                          name);
    }
    const bool json = name.ends_with(".json");
    try {
        const YAML::Node root = YAML::Load(json ? strip_json_comments(text) : std::string(text));
        Scenario s = parse_document(root);
        s.file = name;
        s.source = std::string(text);
        return s;
    } catch (const FieldError& e) {
        return util::fail(util::ExitCode::usage, e.what(),
                          name + ":" + std::to_string(e.line) + ":" + std::to_string(e.column));
    } catch (const YAML::Exception& e) {
        return util::fail(
            util::ExitCode::usage, e.msg,
            name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1));
    }
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
