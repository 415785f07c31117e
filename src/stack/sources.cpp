#include "stack/sources.hpp"

#include <glob.h>

#include <algorithm>
#include <cctype>

namespace stack {
namespace {

namespace fs = std::filesystem;
using util::ExitCode;

bool rule_file_name(const fs::path& p) {
    return p.extension() == ".yml" || p.extension() == ".yaml";
}

std::vector<fs::path> rule_files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && rule_file_name(entry.path()))
            out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool has_glob(const std::string& s) {
    return s.find_first_of("*?[") != std::string::npos;
}

}  // namespace

StackSources shipped_sources(const fs::path& stack_dir) {
    StackSources s;
    s.prometheus_config = stack_dir / "prometheus" / "prometheus.yml";
    s.rule_files = rule_files_in(stack_dir / "prometheus" / "rules");
    s.alertmanager_config = stack_dir / "alertmanager" / "alertmanager.yml";
    return s;
}

util::Result<std::vector<fs::path>> expand_rule_paths(const std::vector<std::string>& args) {
    std::vector<fs::path> out;
    auto add = [&](const fs::path& p) {
        const fs::path abs = fs::absolute(p).lexically_normal();
        if (std::find(out.begin(), out.end(), abs) == out.end())
            out.push_back(abs);
    };
    for (const auto& arg : args) {
        std::vector<fs::path> found;
        if (has_glob(arg)) {
            glob_t g{};
            if (glob(arg.c_str(), 0, nullptr, &g) == 0) {
                for (std::size_t i = 0; i < g.gl_pathc; ++i)
                    found.push_back(g.gl_pathv[i]);
            }
            globfree(&g);
        } else if (fs::is_directory(arg)) {
            found = rule_files_in(arg);
        } else if (fs::exists(arg)) {
            found.push_back(arg);
        } else {
            return util::fail(ExitCode::usage, "no such rule file", arg);
        }
        std::erase_if(found, [](const fs::path& p) { return fs::is_directory(p); });
        if (found.empty()) {
            return util::fail(ExitCode::usage, "--rules " + arg + " matches no rule file", arg,
                              "give files, a directory of *.yml, or a glob such as 'alerts/*.yml'");
        }
        for (const auto& p : found)
            add(p);
    }
    return out;
}

std::string target_host(std::string_view address) {
    if (const auto scheme = address.find("://"); scheme != std::string_view::npos)
        address.remove_prefix(scheme + 3);
    address = address.substr(0, address.find_first_of("/?#"));
    if (const auto at = address.rfind('@'); at != std::string_view::npos)
        address.remove_prefix(at + 1);
    if (address.starts_with('['))
        return std::string(address.substr(0, address.find(']') + 1));
    // One colon separates the port; more are a bare IPv6 address without one.
    if (std::count(address.begin(), address.end(), ':') == 1)
        address = address.substr(0, address.find(':'));
    return std::string(address);
}

bool loopback_host(std::string_view host) {
    std::string h(host);
    std::transform(h.begin(), h.end(), h.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (h == "localhost" || h == "[::1]" || h == "::1")
        return true;
    // 127.0.0.0/8 as a dotted quad: "127.example.com" is a name, not this machine.
    return h.starts_with("127.") && std::count(h.begin(), h.end(), '.') == 3 &&
           std::all_of(h.begin(), h.end(),
                       [](unsigned char c) { return std::isdigit(c) || c == '.'; });
}

bool loopback_target(std::string_view address) {
    return loopback_host(target_host(address));
}

util::Result<ScrapeJob> parse_scrape(const std::string& arg) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
        return util::fail(ExitCode::usage,
                          "--scrape " + arg + ": expected JOB=HOST:PORT[,HOST:PORT...]");
    }
    ScrapeJob job{arg.substr(0, eq), {}};
    const bool name_ok = std::all_of(job.job.begin(), job.job.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.';
    });
    if (!name_ok)
        return util::fail(ExitCode::usage, "--scrape " + arg + ": job name \"" + job.job +
                                               "\" may hold letters, digits, '_', '-' and '.'");
    std::string rest = arg.substr(eq + 1);
    for (std::size_t start = 0; start <= rest.size();) {
        const auto comma = rest.find(',', start);
        const std::string target =
            rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto colon = target.rfind(':');
        const std::string port = colon == std::string::npos ? "" : target.substr(colon + 1);
        const bool port_ok = !port.empty() && port.size() <= 5 &&
                             std::all_of(port.begin(), port.end(),
                                         [](unsigned char c) { return std::isdigit(c); }) &&
                             std::stoi(port) > 0 && std::stoi(port) < 65536;
        if (!port_ok)
            return util::fail(ExitCode::usage,
                              "--scrape " + arg + ": target \"" + target + "\" needs HOST:PORT");
        if (!loopback_target(target))
            return util::fail(ExitCode::usage,
                              "--scrape " + arg + ": target \"" + target +
                                  "\" is not on this machine (127.0.0.1, localhost or [::1])");
        job.targets.push_back(target);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return job;
}

}  // namespace stack
