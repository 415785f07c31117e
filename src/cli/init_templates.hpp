#pragma once

#include <string_view>

/// The files `obsctl init` writes, embedded so that a copied or installed binary writes them
/// without any data directory. `@SCHEMA@` is replaced by the path of scenario.schema.json,
/// `@NAME@` by the scenario's name, `@TRAFFIC@` by k_traffic, `@FILE@`, `@RULES@` and
/// `@ALERTMANAGER@` by the paths written. Each one is checked by the tests that run it: the
/// scenario validates and passes on the local stack (tests/e2e/init_test.sh), the rules pass
/// `promtool check rules` and the Alertmanager config `amtool check-config`.
namespace cli::init_templates {

/// What both scenarios send, with the comments that explain it: `@TRAFFIC@` in each.
inline constexpr std::string_view k_traffic = R"(
# Where requests go. --target (or $OBSCTL_TARGET) overrides it; with --local-stack they go to
# the demoapp that the stack starts.
target: http://localhost:5002
# The same seed sends the same requests, whatever the thread count.
seed: 1

# requests: what each request is, drawn by weight. Paths, headers and bodies may use templates:
# quote a value that holds {{...}}.
requests:
  - {name: error, path: /api/error, weight: 8}                     # demoapp answers 5xx to ~30%
  - {name: user, path: "/api/users/{{randint 1 100}}", weight: 2}  # a hundred distinct users

# phases: one after the other. `rate` is requests per second (or {from: 5, to: 40} for a
# ramp); `vus` and `think` make a closed model instead. --time-scale scales the durations.
)";

/// Drives demoapp's /api/error until the shipped HighErrorRate fires, then stops so it
/// resolves; nothing else may fire. Short: about a minute at --time-scale 0.1.
inline constexpr std::string_view k_scenario = R"(# yaml-language-server: $schema=@SCHEMA@
#
# An obsctl scenario: the traffic obsctl sends, and what Prometheus and Alertmanager must do
# about it. Check it, then run it against a local stack (Prometheus, Alertmanager and the demo
# app on free loopback ports, every duration shrunk tenfold):
#   obsctl validate @FILE@
#   obsctl run @FILE@ --local-stack --time-scale 0.1
name: @NAME@
description: Errors from demoapp until HighErrorRate fires; it resolves once they stop.
@TRAFFIC@phases:
  - {name: errors, duration: 3m, rate: 10}

# thresholds: on what obsctl measured itself (latency p50..max, error_ratio, rate).
thresholds:
  - {metric: error_ratio, above: 5%}
  - {metric: latency, stat: p95, below: 800ms}

# expect: what the stack must do. Deadlines come from the rules Prometheus loaded.
expect:
  fire:
    # stack/prometheus/rules/demoapp.yml: more than 5% of requests answer 5xx for 2m. Its
    # severity label routes it to the oncall receiver (stack/alertmanager/alertmanager.yml).
    - {alert: HighErrorRate, labels: {severity: critical}, receiver: oncall}
  resolve: true  # each alert above resolves once the traffic stops (or {within: 2m})
  quiet: true    # and no other alert fires (or {allow: [SomeAlert]})
)";

/// The scenario `obsctl init --rules` writes: its expect matches k_rules.
inline constexpr std::string_view k_rules_scenario = R"(# yaml-language-server: $schema=@SCHEMA@
#
# An obsctl scenario for your own rules: the traffic obsctl sends, and what your rules and your
# Alertmanager routes must do about it. Check it, then run it against a local stack that loads
# @RULES@ and @ALERTMANAGER@ (every duration shrunk tenfold):
#   obsctl validate @FILE@ --rules @RULES@
#   obsctl run @FILE@ --rules @RULES@ --alertmanager-config @ALERTMANAGER@ --local-stack --time-scale 0.1
name: @NAME@
description: Errors from demoapp until DemoappErrors fires and pages; it resolves once they stop.
@TRAFFIC@phases:
  - {name: errors, duration: 2m, rate: 10}

# expect: what the stack must do. Deadlines come from the rule Prometheus loaded.
expect:
  fire:
    # @RULES@: more than 10% of requests answer 5xx for 1m. Its severity label
    # routes it to the pager receiver (@ALERTMANAGER@).
    - {alert: DemoappErrors, labels: {severity: page}, receiver: pager}
  resolve: true  # each alert above resolves once the traffic stops (or {within: 2m})
  quiet: true    # and no other alert fires (or {allow: [SomeAlert]})
)";

/// One alerting rule on demoapp's metrics, the way Prometheus reads it.
inline constexpr std::string_view k_rules =
    R"(# Prometheus alerting rules (promtool check rules @RULES@).
# obsctl's local stack loads this file instead of its own rules with --rules, and scales
# `for:` and the range windows by --time-scale.
groups:
  - name: demoapp
    rules:
      - alert: DemoappErrors
        # The share of requests answered 5xx over the last minute, per job.
        expr: |
          sum by (job) (rate(http_requests_total{job="demoapp", status=~"5.."}[1m]))
            / sum by (job) (rate(http_requests_total{job="demoapp"}[1m]))
            > 0.1
        # It must hold this long before the alert fires (pending until then).
        for: 1m
        # Labels the alert carries: Alertmanager routes on them.
        labels:
          severity: page
        # What the person paged reads.
        annotations:
          summary: More than 10% of requests to {{ $labels.job }} fail
          description: '{{ $value | humanizePercentage }} of requests to {{ $labels.job }} answered 5xx over the last minute (threshold 10%).'
          runbook: https://example.com/runbooks/demoapp-errors
)";

/// A route and a webhook receiver; obsctl's local stack redirects the webhook to its own
/// listener, so the URL is never called there.
inline constexpr std::string_view k_alertmanager =
    R"(# Alertmanager's configuration (amtool check-config @ALERTMANAGER@).
# On obsctl's local stack every receiver keeps its integrations, but they send to obsctl's own
# listener: nothing leaves this machine, and obsctl checks what would have been sent.
route:
  # Where an alert goes when no route below matches it.
  receiver: default
  # One notification per alert name and job.
  group_by: [alertname, job]
  group_wait: 10s       # wait for more alerts of a new group before the first notification
  group_interval: 1m    # then at most one notification per group this often
  repeat_interval: 4h   # and again while it keeps firing
  routes:
    # Pages go to the pager receiver.
    - receiver: pager
      matchers: ['severity="page"']

receivers:
  - name: default
  - name: pager
    webhook_configs:
      - url: http://127.0.0.1:9095/alerts  # your receiver's URL
        send_resolved: true                 # a notification when the alert resolves, too
)";

}  // namespace cli::init_templates
