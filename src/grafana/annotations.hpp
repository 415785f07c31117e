#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "net/endpoint.hpp"
#include "report/document.hpp"
#include "util/error.hpp"

namespace grafana {

/// The annotations a report gives Grafana (`POST /api/annotations` bodies, Grafana's
/// PostAnnotationsCmd: time and timeEnd in Unix milliseconds, tags, text): each phase as a
/// region, each action (and its undoing) as a point with its outcome, each expected alert's
/// firing and resolution as points, the verdict as a point at the end. Every one is tagged
/// "obsctl" and the scenario's name (the shipped dashboard shows the "obsctl" tag), plus what it
/// is: phase, action, alert and the alert's name, verdict (its word in lower case, as
/// report::Document::verdict says it).
std::vector<nlohmann::json> annotations_of(const report::Document& report);

/// Grafana at `url` with the service account token in `token_file` (empty: no token), the
/// token registered as a secret.
util::Result<net::Endpoint> endpoint(const std::string& url, const std::string& token_file);

/// GET /api/health: exit 3 naming the URL when Grafana cannot be reached.
util::Result<void> check_reachable(const net::Endpoint& grafana);

/// Posts each annotation; the first refusal or transport error is returned (exit 3), naming
/// Grafana's answer.
util::Result<std::size_t> post(const net::Endpoint& grafana,
                               const std::vector<nlohmann::json>& annotations);

}  // namespace grafana
