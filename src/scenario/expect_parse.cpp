#include "scenario/expect_parse.hpp"

#include <algorithm>

#include "scenario/rendered_text.hpp"
#include "util/text.hpp"

namespace scenario {
namespace {

SilenceSpec parse_silence(const Reader& r) {
    Reader sr(r.node("silence"), "expect.silence");
    sr.only_keys({"matchers", "comment"});
    SilenceSpec spec;
    const auto m = sr.node("matchers");
    if (!m.IsMap() || m.size() == 0)
        sr.fail(m, "matchers", "expected a mapping of label: value (at least one)");
    for (const auto& kv : m)
        spec.matchers[kv.first.Scalar()] = kv.second.Scalar();
    spec.comment = sr.optional_string("comment").value_or(spec.comment);
    return spec;
}

/// labels, receiver, within, inhibited_by and after of one expected alert.
void read_alert_fields(const Reader& f, const Scenario& s, FireExpectation& x) {
    if (f.has("labels")) {
        if (!f.node("labels").IsMap())
            f.fail(f.node("labels"), "labels", "expected a mapping of label matchers");
        for (const auto& l : f.node("labels"))
            x.labels[l.first.Scalar()] = l.second.Scalar();
    }
    x.receiver = f.optional_string("receiver").value_or("");
    x.within = f.duration("within");
    x.inhibited_by = f.optional_string("inhibited_by").value_or("");
    x.after = f.optional_string("after").value_or("");
    if (x.after.empty())
        return;
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

/// expect.fire: each alert's fields, then which alert inhibits which.
void parse_fire(const Reader& r, const Scenario& s, Expectations& e, Diagnostics& d) {
    const auto fire = r.node("fire");
    if (!fire.IsSequence())
        r.fail(fire, "fire", "expected a list of alerts");
    for (std::size_t i = 0; i < fire.size(); ++i) {
        Reader f(fire[i], index_path("expect.fire", i), &d);
        d.attempt([&] {
            f.only_keys({"alert", "labels", "receiver", "within", "inhibited_by", "silenced",
                         "annotations", "notification", "after"});
            FireExpectation x;
            d.attempt([&] { x.alert = f.string("alert"); });
            d.attempt([&] { read_alert_fields(f, s, x); });
            d.attempt([&] { read_rendered_text(f, x); });
            d.attempt([&] {
                x.silenced = f.boolean("silenced").value_or(false);
                if (x.silenced && !e.silence)
                    f.fail(f.node("silenced"), "silenced",
                           "give expect.silence {matchers: ...} for obsctl to create the silence");
            });
            e.fire.push_back(std::move(x));
        });
    }
    if (e.fire.size() != fire.size())
        return;  // an alert was left out: the indices no longer match the file's
    for (std::size_t i = 0; i < e.fire.size(); ++i) {
        const auto& by = e.fire[i].inhibited_by;
        bool known = false;
        for (const auto& other : e.fire)
            known = known || (other.alert == by && &other != &e.fire[i]);
        if (!by.empty() && !known) {
            d.attempt([&] {
                Reader f(fire[i], index_path("expect.fire", i));
                f.fail(f.node("inhibited_by"), "inhibited_by",
                       "the inhibiting alert must be expected to fire too: add " + by +
                           " to expect.fire");
            });
        }
    }
}

QueryExpectation parse_query(const Reader& q, const Scenario& s) {
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
    if (!x.equals && !x.min && !x.max && x.matches_client.empty())
        q.fail_here("give `equals`, `min`, `max` or `matches_client` to compare the result with");
    bool known = x.matches_client.empty();
    for (const auto& req : s.requests)
        known = known || req.name == x.matches_client;
    if (!known)
        q.fail(q.node("matches_client"), "matches_client",
               "no request named " + shown(q.node("matches_client")));
    return x;
}

void parse_resolve(const Reader& r, Expectations& e) {
    if (r.node("resolve").IsMap()) {
        Reader res(r.node("resolve"), "expect.resolve");
        res.only_keys({"within"});
        e.resolve_within = res.duration("within");
    } else {
        e.resolve = *r.boolean("resolve");
    }
}

void parse_quiet(const Reader& r, Expectations& e) {
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

}  // namespace

Expectations parse_expect(const YAML::Node& node, const Scenario& s, Diagnostics& d) {
    Reader r(node, "expect", &d);
    r.only_keys({"fire", "resolve", "quiet", "queries", "job", "silence"});
    Expectations e;
    if (r.has("silence"))
        d.attempt([&] { e.silence = parse_silence(r); });
    if (r.has("fire"))
        d.attempt([&] { parse_fire(r, s, e, d); });
    if (r.has("resolve"))
        d.attempt([&] { parse_resolve(r, e); });
    if (r.has("quiet"))
        d.attempt([&] { parse_quiet(r, e); });
    if (r.has("queries")) {
        r.each_item("queries", "PromQL checks", d,
                    [&](const YAML::Node& item, const std::string& path) {
                        e.queries.push_back(parse_query(Reader(item, path, &d), s));
                    });
    }
    d.attempt([&] { e.job = r.optional_string("job").value_or(""); });
    return e;
}

}  // namespace scenario
