#include "scenario/rendered_text.hpp"

#include <algorithm>
#include <regex>

#include "util/text.hpp"

namespace scenario {
namespace {

/// Compiles `pattern` or fails at `at`; the message is std::regex's own.
void check_regex(const Reader& r, const YAML::Node& at, const std::string& key,
                 const std::string& pattern) {
    if (pattern.size() > 1024)
        r.fail(at, key, "a pattern of more than 1024 characters");
    try {
        std::regex compiled(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        r.fail(at, key, "not a regular expression (" + std::string(e.what()) + ")");
    }
}

}  // namespace

void read_rendered_text(const Reader& f, FireExpectation& x) {
    if (f.has("annotations")) {
        const auto node = f.node("annotations");
        if (!node.IsMap() || node.size() == 0)
            f.fail(node, "annotations", "expected a mapping of annotation: regex (at least one)");
        Reader a(node, f.path("annotations"));
        for (const auto& kv : node) {
            const auto name = kv.first.Scalar();
            if (!kv.second.IsScalar())
                a.fail(kv.second, name, "expected a regex (a string)");
            check_regex(a, kv.second, name, kv.second.Scalar());
            x.annotations[name] = kv.second.Scalar();
        }
    }
    if (f.has("notification")) {
        const auto node = f.node("notification");
        if (!node.IsMap())
            f.fail(node, "notification", "expected a mapping {receiver, contains, matches}");
        Reader n(node, f.path("notification"));
        n.only_keys({"receiver", "integration", "contains", "matches"});
        NotificationExpectation spec;
        spec.receiver = n.optional_string("receiver").value_or("");
        spec.integration = n.optional_string("integration").value_or("");
        static const std::vector<std::string> kinds{
            "slack",  "email",    "pagerduty", "webhook", "opsgenie", "victorops",
            "wechat", "telegram", "discord",   "webex",   "sns"};
        if (!spec.integration.empty() &&
            std::find(kinds.begin(), kinds.end(), spec.integration) == kinds.end()) {
            const auto near = util::closest(spec.integration, kinds);
            n.fail(n.node("integration"), "integration",
                   "obsctl captures " + util::join(kinds, ", ") +
                       (near.empty() ? std::string() : "; did you mean " + near + "?"));
        }
        if (spec.receiver.empty() && x.receiver.empty())
            n.fail_here(
                "name the receiver whose notification is meant (notification.receiver, "
                "or the expectation's receiver)");
        if (n.has("contains")) {
            const auto c = n.node("contains");
            if (c.IsScalar()) {
                spec.contains.push_back(c.Scalar());
            } else if (c.IsSequence()) {
                for (const auto& item : c) {
                    if (!item.IsScalar() || item.Scalar().empty())
                        n.fail(item, "contains", "expected a list of non-empty strings");
                    spec.contains.push_back(item.Scalar());
                }
            } else {
                n.fail(c, "contains", "expected a string or a list of strings");
            }
        }
        if (n.has("matches")) {
            spec.matches = n.string("matches");
            check_regex(n, n.node("matches"), "matches", spec.matches);
        }
        if (spec.contains.empty() && spec.matches.empty())
            n.fail_here("give contains: [TEXT, ...] or matches: REGEX");
        x.notification = std::move(spec);
    }
}

bool regex_finds(const std::string& pattern, const std::string& text) {
    try {
        return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error&) {
        return false;
    }
}

}  // namespace scenario
