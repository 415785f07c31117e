#include "net/endpoints_file.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "util/duration.hpp"
#include "util/env_expand.hpp"
#include "util/text_file.hpp"

namespace net {
namespace {

using util::ExitCode;

/// Reads one file's YAML into Endpoints; errors carry the node's position.
class Reader {
  public:
    explicit Reader(std::filesystem::path path) : m_path(std::move(path)) {}

    util::Error error(const YAML::Node& node, const std::string& key, const std::string& what) {
        const auto mark = node.Mark();
        return {key + ": " + what,
                m_path.string() + ":" + std::to_string(mark.line + 1) + ":" +
                    std::to_string(mark.column + 1),
                "", ExitCode::usage};
    }

    /// Fails unless every key of `node` is one of `allowed`.
    util::Result<void> only(const YAML::Node& node, const std::string& where,
                            std::initializer_list<const char*> allowed) {
        if (!node.IsMap())
            return std::unexpected(error(node, where, "expected a mapping"));
        for (const auto& kv : node) {
            const auto key = kv.first.as<std::string>();
            bool known = false;
            std::string list;
            for (const char* a : allowed) {
                known = known || key == a;
                list += (list.empty() ? "" : ", ") + std::string(a);
            }
            if (!known) {
                return std::unexpected(error(kv.first, where + "." + key,
                                             "unknown key (expected one of " + list + ")"));
            }
        }
        return {};
    }

    /// A scalar with ${VAR} and ${VAR:-default} expanded (util::expand_env).
    util::Result<std::string> text(const YAML::Node& node, const std::string& key) {
        if (!node.IsScalar())
            return std::unexpected(error(node, key, "expected a string"));
        auto expanded = util::expand_env(node.as<std::string>());
        if (!expanded)
            return std::unexpected(error(node, key, expanded.error()));
        return *expanded;
    }

    /// The first line of a *_file (Prometheus strips the trailing newline too).
    util::Result<std::string> secret_file(const YAML::Node& node, const std::string& key) {
        auto name = text(node, key);
        if (!name)
            return std::unexpected(name.error());
        std::filesystem::path file(*name);
        if (file.is_relative())
            file = m_path.parent_path() / file;
        auto all = util::read_text_file(file, 64 * 1024, "secret file");
        if (!all)
            return std::unexpected(error(node, key, all.error().message()));
        std::string value = std::move(*all);
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
            value.pop_back();
        return value;
    }

    util::Result<std::string> path(const YAML::Node& node, const std::string& key) {
        auto name = text(node, key);
        if (!name || name->empty())
            return name;
        std::filesystem::path file(*name);
        if (file.is_relative())
            file = m_path.parent_path() / file;
        if (!std::filesystem::exists(file))
            return std::unexpected(error(node, key, "no such file: " + file.string()));
        return file.string();
    }

    util::Result<Endpoint> endpoint(const YAML::Node& node, const std::string& name);

  private:
    std::filesystem::path m_path;
};

#define OBSCTL_TRY(var, expr) \
    auto var = (expr);        \
    if (!var)                 \
        return std::unexpected(var.error());

util::Result<Endpoint> Reader::endpoint(const YAML::Node& node, const std::string& name) {
    OBSCTL_TRY(keys, only(node, name,
                          {"url", "basic_auth", "authorization", "tls_config", "headers",
                           "proxy_url", "timeout"}));
    Endpoint e;
    if (!node["url"])
        return std::unexpected(error(node, name, "missing url"));
    OBSCTL_TRY(url, text(node["url"], name + ".url"));
    e.url = *url;
    take_userinfo(e);
    if (!e.url.starts_with("http://") && !e.url.starts_with("https://"))
        return std::unexpected(
            error(node["url"], name + ".url", "expected an http:// or https:// URL"));
    if (const auto b = node["basic_auth"]) {
        const std::string where = name + ".basic_auth";
        OBSCTL_TRY(ok, only(b, where, {"username", "password", "password_file"}));
        if (!b["username"])
            return std::unexpected(error(b, where, "missing username"));
        OBSCTL_TRY(user, text(b["username"], where + ".username"));
        e.username = *user;
        if (b["password"] && b["password_file"])
            return std::unexpected(error(b, where, "password and password_file are exclusive"));
        if (b["password"]) {
            OBSCTL_TRY(pass, text(b["password"], where + ".password"));
            e.password = *pass;
        } else if (b["password_file"]) {
            OBSCTL_TRY(pass, secret_file(b["password_file"], where + ".password_file"));
            e.password = *pass;
        }
        register_secret(e.password);
    }
    if (const auto a = node["authorization"]) {
        const std::string where = name + ".authorization";
        OBSCTL_TRY(ok, only(a, where, {"type", "credentials", "credentials_file"}));
        if (a["type"]) {
            OBSCTL_TRY(type, text(a["type"], where + ".type"));
            e.auth_type = *type;
        }
        if (a["credentials"] && a["credentials_file"])
            return std::unexpected(
                error(a, where, "credentials and credentials_file are exclusive"));
        if (a["credentials"]) {
            OBSCTL_TRY(c, text(a["credentials"], where + ".credentials"));
            e.credentials = *c;
        } else if (a["credentials_file"]) {
            OBSCTL_TRY(c, secret_file(a["credentials_file"], where + ".credentials_file"));
            e.credentials = *c;
        }
        if (e.credentials.empty())
            return std::unexpected(error(a, where, "no credentials (or credentials_file)"));
        if (!e.username.empty())
            return std::unexpected(error(a, where, "basic_auth and authorization are exclusive"));
        register_secret(e.credentials);
    }
    if (const auto t = node["tls_config"]) {
        const std::string where = name + ".tls_config";
        OBSCTL_TRY(
            ok, only(t, where,
                     {"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"}));
        auto file = [&](const char* key, std::string& out) -> util::Result<void> {
            if (!t[key])
                return {};
            auto p = path(t[key], where + "." + key);
            if (!p)
                return std::unexpected(p.error());
            out = *p;
            return {};
        };
        OBSCTL_TRY(ca, file("ca_file", e.tls.ca_file));
        OBSCTL_TRY(cert, file("cert_file", e.tls.cert_file));
        OBSCTL_TRY(key, file("key_file", e.tls.key_file));
        if (e.tls.cert_file.empty() != e.tls.key_file.empty())
            return std::unexpected(error(t, where, "cert_file and key_file go together"));
        if (t["server_name"]) {
            OBSCTL_TRY(sn, text(t["server_name"], where + ".server_name"));
            e.tls.server_name = *sn;
        }
        if (t["insecure_skip_verify"]) {
            OBSCTL_TRY(v, text(t["insecure_skip_verify"], where + ".insecure_skip_verify"));
            if (*v != "true" && *v != "false") {
                return std::unexpected(error(t["insecure_skip_verify"],
                                             where + ".insecure_skip_verify",
                                             "expected true or false"));
            }
            e.tls.insecure_skip_verify = *v == "true";
        }
    }
    if (const auto h = node["headers"]) {
        if (!h.IsMap())
            return std::unexpected(error(h, name + ".headers", "expected name: value pairs"));
        for (const auto& kv : h) {
            const auto header = kv.first.as<std::string>();
            OBSCTL_TRY(value, text(kv.second, name + ".headers." + header));
            e.headers.emplace_back(header, *value);
            register_secret(*value);  // a header may carry a key: never print its value
        }
    }
    if (node["proxy_url"]) {
        OBSCTL_TRY(proxy, text(node["proxy_url"], name + ".proxy_url"));
        e.proxy_url = *proxy;
        endpoint_from_url(e.proxy_url);  // registers a proxy password for scrubbing
    }
    if (node["timeout"]) {
        OBSCTL_TRY(t, text(node["timeout"], name + ".timeout"));
        const auto d = util::parse_duration(*t);
        if (!d || d->count() <= 0)
            return std::unexpected(error(node["timeout"], name + ".timeout",
                                         "expected a duration such as 5s, got \"" + *t + "\""));
        e.timeout = *d;
    }
    return e;
}

}  // namespace

util::Result<EndpointsFile> load_endpoints_file(const std::filesystem::path& path) {
    Reader reader(path);
    YAML::Node root;
    auto text = util::read_text_file(path, 1 << 20, "endpoints file");
    if (!text)
        return std::unexpected(text.error());
    try {
        root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
        return util::fail(ExitCode::usage, e.msg,
                          path.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                              std::to_string(e.mark.column + 1));
    }
    if (!root || root.IsNull())
        return util::fail(ExitCode::usage, "empty endpoints file", path.string());
    try {
        OBSCTL_TRY(keys, reader.only(root, "endpoints",
                                     {"target", "prometheus", "ruler", "alertmanager"}));
        EndpointsFile out;
        for (auto [key, slot] :
             {std::pair{"target", &out.target}, std::pair{"prometheus", &out.prometheus},
              std::pair{"ruler", &out.ruler}, std::pair{"alertmanager", &out.alertmanager}}) {
            if (!root[key])
                continue;
            OBSCTL_TRY(e, reader.endpoint(root[key], key));
            *slot = std::move(*e);
        }
        return out;
    } catch (const YAML::Exception& e) {
        // A value of the wrong YAML type (a sequence where a string belongs, ...).
        return util::fail(ExitCode::usage, e.msg,
                          path.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                              std::to_string(e.mark.column + 1));
    }
}

}  // namespace net
