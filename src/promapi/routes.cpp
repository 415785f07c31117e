#include "promapi/routes.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "promapi/yaml_config.hpp"
#include "util/text.hpp"

namespace promapi {
namespace {

/// config/config.go's label name rule for `match` and `match_re` keys (model.LabelNameRE).
bool valid_label_name(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
        return false;
    for (char c : name) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return false;
    }
    return true;
}

/// `node[key]`, or a null node when it is missing (a missing key of a const node is invalid,
/// and yaml-cpp throws on reading one).
YAML::Node present(const YAML::Node& node, const char* key) {
    return node[key] ? node[key] : YAML::Node(YAML::NodeType::Null);
}

}  // namespace

std::string RouteMatch::describe() const {
    if (path.empty())
        return "default route";
    return "route " + path + ": " + (matchers.empty() ? "no matchers" : util::join(matchers, ", "));
}

std::string Resolution::receivers() const {
    std::vector<std::string> names;
    for (const auto& m : matches)
        names.push_back(m.receiver);
    return util::join(names, ",");
}

util::Result<Route> parse_routing_tree(const std::string& yaml_text, const std::string& where) {
    YAML::Node config;
    try {
        config = load_config_yaml(yaml_text);
    } catch (const YAML::Exception& e) {
        return util::fail(util::ExitCode::usage, std::string("not YAML: ") + e.what(), where);
    }
    if (!config.IsMap() || !config["route"])
        return util::fail(util::ExitCode::usage, "no route: in the configuration", where);
    return parse_routing_tree(config["route"], where);
}

util::Result<Route> parse_routing_tree(const YAML::Node& root, const std::string& where) {
    std::function<util::Result<Route>(const YAML::Node&, const std::string&, const std::string&)>
        read = [&](const YAML::Node& node, const std::string& path,
                   const std::string& inherited) -> util::Result<Route> {
        auto bad = [&](const std::string& field, const std::string& what) {
            return util::fail(util::ExitCode::usage, path + field + ": " + what, where);
        };
        if (!node.IsMap())
            return bad("", "expected a mapping");
        Route route;
        try {
            const YAML::Node receiver = present(node, "receiver");
            route.receiver = receiver.IsNull() ? "" : receiver.as<std::string>();
            if (route.receiver.empty())
                route.receiver = inherited;  // dispatch/route.go: the parent's RouteOpts
            const YAML::Node cont = present(node, "continue");
            route.continue_matching = !cont.IsNull() && cont.as<bool>();
            // In dispatch/route.go's order: match, match_re, then matchers.
            for (const auto& [key, op] : {std::pair{"match", LabelMatcher::Op::equal},
                                          std::pair{"match_re", LabelMatcher::Op::regex}}) {
                const YAML::Node map = present(node, key);
                if (!map.IsNull() && !map.IsMap())
                    return bad(std::string(".") + key, "expected a mapping of labels");
                for (const auto& item : map) {
                    const auto name = item.first.as<std::string>();
                    if (!valid_label_name(name))
                        return bad(std::string(".") + key, "invalid label name \"" + name + "\"");
                    route.matchers.push_back(make_matcher(name, op, item.second.as<std::string>()));
                }
            }
            const YAML::Node lines = present(node, "matchers");
            if (!lines.IsNull() && !lines.IsSequence())
                return bad(".matchers", "expected a list of strings");
            for (std::size_t i = 0; i < lines.size(); ++i) {
                auto parsed = parse_matchers(lines[i].as<std::string>());
                if (!parsed) {
                    return bad(".matchers[" + std::to_string(i) + "]", parsed.error().what);
                }
                for (auto& m : *parsed)
                    route.matchers.push_back(std::move(m));
            }
            const YAML::Node children = present(node, "routes");
            if (!children.IsNull() && !children.IsSequence())
                return bad(".routes", "expected a list of routes");
            for (std::size_t i = 0; i < children.size(); ++i) {
                auto child =
                    read(children[i], path + ".routes[" + std::to_string(i) + "]", route.receiver);
                if (!child)
                    return child;
                route.routes.push_back(std::move(*child));
            }
        } catch (const YAML::Exception& e) {
            return bad("", e.what());
        }
        return route;
    };
    return read(root, "route", "");
}

Resolution resolve(const Route& root, const Labels& labels) {
    Resolution out;
    auto value_of = [&](const std::string& name) {
        const auto it = labels.find(name);
        return it == labels.end() ? std::string() : it->second;
    };
    // A route's matchers: all must hold (an absent label is ""). The absent labels it reads
    // matter only when no matcher on a present label already failed.
    auto holds = [&](const Route& r) {
        bool all = true, known_failed = false;
        std::set<std::string> absent;
        for (const auto& m : r.matchers) {
            const auto ok = m.matches(value_of(m.name));
            if (!ok && std::find(out.unreadable.begin(), out.unreadable.end(), m.text()) ==
                           out.unreadable.end())
                out.unreadable.push_back(m.text());
            const bool present = labels.count(m.name) != 0;
            if (!present)
                absent.insert(m.name);
            all = all && ok.value_or(false);
            known_failed = known_failed || (present && ok == false);
        }
        if (!known_failed)
            out.depends_on.insert(absent.begin(), absent.end());
        return all;
    };
    // dispatch/route.go Route.Match, with the path and matchers kept for display.
    std::function<bool(const Route&, const std::string&, std::vector<std::string>)> match =
        [&](const Route& r, const std::string& path, std::vector<std::string> shown) {
            if (!path.empty() && !holds(r))  // the root matches every alert
                return false;
            for (const auto& m : r.matchers)
                shown.push_back(m.text());
            const std::size_t before = out.matches.size();
            for (std::size_t i = 0; i < r.routes.size(); ++i) {
                const std::string child = (path.empty() ? "" : path + ".") + std::to_string(i + 1);
                if (match(r.routes[i], child, shown) && !r.routes[i].continue_matching)
                    break;
            }
            if (out.matches.size() == before)
                out.matches.push_back({r.receiver, path, shown});
            return true;
        };
    match(root, "", {});
    return out;
}

std::vector<RouteMatch> routes_to(const Route& root, const std::string& receiver) {
    std::vector<RouteMatch> out;
    std::function<void(const Route&, const std::string&, std::vector<std::string>)> walk =
        [&](const Route& r, const std::string& path, std::vector<std::string> shown) {
            for (const auto& m : r.matchers)
                shown.push_back(m.text());
            if (r.receiver == receiver)
                out.push_back({r.receiver, path, shown});
            for (std::size_t i = 0; i < r.routes.size(); ++i)
                walk(r.routes[i], (path.empty() ? "" : path + ".") + std::to_string(i + 1), shown);
        };
    walk(root, "", {});
    return out;
}

}  // namespace promapi
