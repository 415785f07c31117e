#pragma once

#include <set>
#include <string>
#include <vector>

#include "promapi/json_util.hpp"
#include "promapi/matchers.hpp"
#include "util/error.hpp"

namespace YAML {
class Node;
}

namespace promapi {
/// One node of Alertmanager's routing tree as loaded (config/config.go Route, and
/// dispatch/route.go NewRoute for what a node inherits).
struct Route {
    std::string receiver;                ///< its own, or inherited from its parent when empty
    std::vector<LabelMatcher> matchers;  ///< `match`, `match_re` and `matchers` together
    bool continue_matching = false;      ///< `continue: true`
    std::vector<Route> routes;
};

/// The routing tree of an alertmanager.yml's text (its `route:`); an unreadable tree or
/// matcher is an Error naming `where` and the route ("route.routes[1].matchers[0]").
util::Result<Route> parse_routing_tree(const std::string& yaml_text, const std::string& where);
/// The same from a loaded `route:` node.
util::Result<Route> parse_routing_tree(const YAML::Node& route, const std::string& where);

/// A route an alert ends at.
struct RouteMatch {
    std::string receiver;
    /// The 1-based child index at each level below the root, "2.1" for the first child of the
    /// root's second child; empty for the root itself.
    std::string path;
    /// Each level's matchers on the way, for display.
    std::vector<std::string> matchers;
    /// `route 2.1: service="db", severity="critical"`, or `default route` for the root.
    std::string describe() const;
};

/// Where Alertmanager sends an alert with `labels`, and what that decision read.
struct Resolution {
    std::vector<RouteMatch> matches;  ///< in Alertmanager's order (each notifies its receiver)
    /// Labels absent from the label set that the decision read: a matcher on one of them in a
    /// route tried whose matchers on present labels all held. Given a value (an alert's labels
    /// from its expression, unknown before it fires) any of them could change the outcome.
    std::set<std::string> depends_on;
    /// Regex matchers obsctl could not read (treated as not matching).
    std::vector<std::string> unreadable;
    /// The receivers in order, comma-separated as `amtool config routes test` prints them.
    std::string receivers() const;
};

/// dispatch/route.go Route.Match: the root matches every alert; children are tried in order, a
/// matching child is descended into, and the search among siblings stops at the first child
/// that matched unless that child has `continue: true`; a node none of whose children matched
/// is itself the match. A label absent from `labels` is "" to every matcher.
Resolution resolve(const Route& root, const Labels& labels);

/// Every route whose receiver is `receiver` (its own or inherited), in the tree's order, for
/// "oncall is route 2: severity="critical"".
std::vector<RouteMatch> routes_to(const Route& root, const std::string& receiver);

}  // namespace promapi
