#include <yaml-cpp/yaml.h>
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "stack/alertmanager_config.hpp"
#include "stack/render.hpp"
#include "support/test_support.hpp"

namespace {

const stack::StackPorts k_ports{.app = 15002,
                                .prometheus = 19090,
                                .alertmanager = 19093,
                                .webhook = 19095,
                                .obsctl = 19464,
                                .smtp = 12525,
                                .node = 19100};

std::vector<std::string> targets_of(const YAML::Node& config, const std::string& job) {
    std::vector<std::string> out;
    for (const auto& j : config["scrape_configs"]) {
        if (j["job_name"].as<std::string>() != job)
            continue;
        for (const auto& sc : j["static_configs"]) {
            for (const auto& t : sc["targets"])
                out.push_back(t.as<std::string>());
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(points_every_local_scrape_job_at_its_loopback_port) {
    auto config = YAML::Load(R"(
global: {scrape_interval: 15s, evaluation_interval: 15s}
alerting: {alertmanagers: [{static_configs: [{targets: ['alertmanager:9093']}]}]}
rule_files: [rules/*.yml]
scrape_configs:
  - {job_name: demoapp, static_configs: [{targets: ['demoapp:5002']}]}
  - {job_name: prometheus, static_configs: [{targets: ['localhost:9090']}]}
  - {job_name: node, static_configs: [{targets: ['node-exporter:9100']}]}
  - {job_name: external, static_configs: [{targets: ['10.1.2.3:9100']}]}
  - {job_name: sidecar, static_configs: [{targets: ['localhost:9901']}]}
  - {job_name: obsctl, static_configs: [{targets: ['obsctl:9464']}]}
)");
    std::vector<stack::DroppedJob> dropped_jobs;
    stack::StackSources own;
    own.shipped_prometheus_config = false;  // the user's own prometheus.yml
    auto out = stack::render_prometheus_config(config, k_ports, own, {}, dropped_jobs);
    auto dropped = [&] {
        std::vector<std::string> names;
        for (const auto& d : dropped_jobs)
            names.push_back(d.job);
        return names;
    };
    BOOST_TEST(out["global"]["scrape_interval"].as<std::string>() == "1s");
    BOOST_TEST(out["global"]["evaluation_interval"].as<std::string>() == "1s");
    BOOST_TEST(targets_of(out, "demoapp") == std::vector<std::string>{"127.0.0.1:15002"});
    BOOST_TEST(targets_of(out, "prometheus") == std::vector<std::string>{"127.0.0.1:19090"});
    BOOST_TEST(targets_of(out, "sidecar") == std::vector<std::string>{"localhost:9901"});
    BOOST_TEST(targets_of(out, "obsctl") == std::vector<std::string>{"127.0.0.1:19464"});
    // The stack's node-exporter stands in for the Compose one: host series are real.
    BOOST_TEST(targets_of(out, "node") == std::vector<std::string>{"127.0.0.1:19100"});
    // Targets off this machine would be scraped from a CI runner and be down: left out.
    BOOST_TEST((dropped() == std::vector<std::string>{"external"}));
    BOOST_TEST(dropped_jobs[0].reason.find("--scrape external=HOST:PORT") != std::string::npos);
    // Without a port for obsctl's metrics its job goes too; without node-exporter (port 0)
    // `node` is a job like any other, and node-exporter:9100 is not on this machine.
    dropped_jobs.clear();
    auto fewer = k_ports;
    fewer.obsctl = 0;
    fewer.node = 0;
    out = stack::render_prometheus_config(config, fewer, own, {}, dropped_jobs);
    BOOST_TEST(targets_of(out, "obsctl").empty());
    BOOST_TEST(targets_of(out, "node").empty());
    BOOST_TEST((dropped() == std::vector<std::string>{"node", "external", "obsctl"}));
    BOOST_TEST(dropped_jobs[0].reason.find("node-exporter:9100 is not on this machine") !=
               std::string::npos);
    dropped_jobs.clear();
    out = stack::render_prometheus_config(config, k_ports, own, {}, dropped_jobs);
    BOOST_TEST(
        out["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"][0].as<std::string>() ==
        "127.0.0.1:19093");
}

BOOST_AUTO_TEST_CASE(scales_rule_for_and_windows_but_not_thresholds) {
    auto rules = YAML::Load(R"(
groups:
  - name: g
    rules:
      - alert: HighErrorRate
        expr: 'sum(rate(errors{status=~"5.."}[5m])) > 0.05'
        for: 2m
        keep_firing_for: 1m
      - alert: Instant
        expr: up == 0
)");
    auto out = stack::render_rules(rules, stack::TimeScale{0.1});
    const auto rule = out["groups"][0]["rules"][0];
    BOOST_TEST(rule["expr"].as<std::string>() == R"(sum(rate(errors{status=~"5.."}[30s])) > 0.05)");
    BOOST_TEST(rule["for"].as<std::string>() == "12s");
    BOOST_TEST(rule["keep_firing_for"].as<std::string>() == "6s");
    BOOST_TEST(!out["groups"][0]["rules"][1]["for"].IsDefined());
}

BOOST_AUTO_TEST_CASE(sends_webhooks_to_the_local_receiver_with_scaled_grouping) {
    auto config = YAML::Load(R"(
route:
  receiver: default
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 4h
  routes: [{receiver: oncall, group_interval: 5s}]
receivers:
  - {name: default, webhook_configs: [{url: 'http://obsctl:9095/hooks/default'}]}
  - {name: oncall, webhook_configs: [{url: 'https://pager.example.com/hooks/oncall?x=1'}]}
)");
    const auto out =
        stack::render_alertmanager_config(config, k_ports, stack::TimeScale{0.1}).config;
    // Each user webhook goes to the capture listener, obsctl's own webhook after it.
    BOOST_TEST(out["receivers"][0]["webhook_configs"][0]["url"].as<std::string>() ==
               "http://127.0.0.1:19095/capture/default/webhook/0");
    BOOST_TEST(out["receivers"][0]["webhook_configs"][1]["url"].as<std::string>() ==
               "http://127.0.0.1:19095/hooks/default");
    BOOST_TEST(out["receivers"][1]["webhook_configs"][0]["url"].as<std::string>() ==
               "http://127.0.0.1:19095/capture/oncall/webhook/0");
    BOOST_TEST(out["receivers"][1]["webhook_configs"][1]["url"].as<std::string>() ==
               "http://127.0.0.1:19095/hooks/oncall");
    BOOST_TEST(out["route"]["group_wait"].as<std::string>() == "1s");
    BOOST_TEST(out["route"]["group_interval"].as<std::string>() == "6s");
    BOOST_TEST(out["route"]["repeat_interval"].as<std::string>() == "24m");
    // 0.5 s would be below Alertmanager's useful resolution: floored at 1 s.
    BOOST_TEST(out["route"]["routes"][0]["group_interval"].as<std::string>() == "1s");
}

BOOST_AUTO_TEST_CASE(names_file_line_and_column_of_a_broken_stack_file) {
    test_support::TempDir dir;
    std::filesystem::create_directories(dir.path() / "prometheus");
    std::ofstream(dir.path() / "prometheus" / "prometheus.yml")
        << "global:\n  scrape_interval: [1s\n";
    auto result =
        stack::render_stack({stack::shipped_sources(dir.path()), dir.path() / "out", k_ports, {}});
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().where.find("prometheus.yml:3:") != std::string::npos,
               result.error().where);
    BOOST_TEST(static_cast<int>(result.error().code) == 2);
}

BOOST_AUTO_TEST_CASE(renders_the_shipped_stack) {
    test_support::TempDir dir;
    auto result = stack::render_stack(
        {stack::shipped_sources(std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack"),
         dir.path(),
         k_ports,
         {0.1}});
    BOOST_REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message()));
    BOOST_TEST(result->rule_files ==
               (std::vector<std::string>{"demoapp.yml", "infrastructure.yml"}));
    auto rules = YAML::LoadFile((dir.path() / "rules" / "demoapp.yml").string());
    bool found = false;
    for (const auto& rule : rules["groups"][0]["rules"]) {
        if (rule["alert"].as<std::string>() == "ApplicationDown") {
            found = true;
            BOOST_TEST(rule["for"].as<std::string>() == "6s");
        }
    }
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(the_shipped_stack_says_nothing_about_the_jobs_it_leaves_out) {
    // Without node-exporter and obsctl's metrics port, the shipped `node` and `obsctl` jobs are
    // left out by design: a run says nothing about obsctl's own files.
    test_support::TempDir dir;
    auto ports = k_ports;
    ports.node = 0;
    ports.obsctl = 0;
    auto result = stack::render_stack(
        {stack::shipped_sources(std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack"),
         dir.path(),
         ports,
         {0.1}});
    BOOST_REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message()));
    BOOST_TEST(result->dropped_jobs.empty());
    auto rendered = YAML::LoadFile(result->prometheus_config.string());
    BOOST_TEST(targets_of(rendered, "node").empty());
    BOOST_TEST(targets_of(rendered, "demoapp") == std::vector<std::string>{"127.0.0.1:15002"});
}

BOOST_AUTO_TEST_CASE(a_users_receivers_keep_their_names_and_integrations_but_no_secret) {
    const std::string original = R"(
global:
  resolve_timeout: 2m
  slack_api_url: 'https://hooks.slack.com/services/T000/B000/SLACKSECRET1'
  smtp_smarthost: 'smtp.example.com:587'
  smtp_auth_password: 'SMTPSECRET2'
route:
  receiver: email-team
  group_wait: 30s
  routes:
    - receiver: slack-oncall
      matchers: ['severity="critical"']
      mute_time_intervals: [weekends]
receivers:
  - name: email-team
    email_configs: [{to: 'team@example.com'}]
  - name: slack-oncall
    slack_configs:
      - channel: '#oncall'
        send_resolved: true
        http_config: {authorization: {credentials_file: /etc/secrets/SECRETFILE3}}
    pagerduty_configs: [{routing_key: PDSECRET4}]
  - name: blackhole
inhibit_rules:
  - {source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: [job]}
time_intervals:
  - name: weekends
    time_intervals: [{weekdays: ['saturday', 'sunday']}]
templates: ['templates/*.tmpl', '/abs/x.tmpl']
remote_secret_thing: {password: NEVERSEEN5}
)";
    const auto config = YAML::Load(original);
    const auto rendered =
        stack::render_alertmanager_config(config, k_ports, stack::TimeScale{0.1}, "/cfg");
    const auto& out = rendered.config;
    YAML::Emitter emitter;
    emitter << out;
    const std::string text = emitter.c_str();
    for (const char* secret : {"SLACKSECRET1", "SMTPSECRET2", "SECRETFILE3", "PDSECRET4",
                               "NEVERSEEN5", "smtp.example.com"}) {
        BOOST_TEST(text.find(secret) == std::string::npos, secret << " copied:\n" << text);
    }
    BOOST_TEST(out["global"]["resolve_timeout"].as<std::string>() == "2m");
    BOOST_TEST(out["receivers"].size() == 3u);
    // obsctl's webhook comes after the receiver's own (none here).
    const auto hook = [&](int i) { return out["receivers"][i]["webhook_configs"][0]; };
    BOOST_TEST(out["receivers"][1]["name"].as<std::string>() == "slack-oncall");
    // name, slack, pagerduty and obsctl's webhook
    BOOST_TEST(out["receivers"][1].size() == 4u);
    BOOST_TEST(out["receivers"][1]["slack_configs"][0]["api_url"].as<std::string>() ==
               "http://127.0.0.1:19095/capture/slack-oncall/slack/0");
    BOOST_TEST(out["receivers"][0]["email_configs"][0]["to"].as<std::string>() ==
               "team@example.com");
    BOOST_TEST(hook(1)["url"].as<std::string>() == "http://127.0.0.1:19095/hooks/slack-oncall");
    BOOST_TEST(
        (rendered.kept.at("slack-oncall") == std::vector<std::string>{"slack[0]", "pagerduty[0]"}));
    BOOST_TEST(rendered.kept.at("blackhole").empty());
    BOOST_TEST(rendered.replaced.empty());
    // Email sends no resolved notifications unless told; slack was told; pagerduty does.
    BOOST_TEST(hook(0)["send_resolved"].as<bool>() == false);
    BOOST_TEST(hook(1)["send_resolved"].as<bool>() == true);
    BOOST_TEST(hook(2)["send_resolved"].as<bool>() == false);
    // Routing, inhibition and time intervals exactly as written (timings scaled).
    BOOST_TEST(out["route"]["routes"][0]["matchers"][0].as<std::string>() ==
               "severity=\"critical\"");
    BOOST_TEST(out["route"]["routes"][0]["mute_time_intervals"][0].as<std::string>() == "weekends");
    BOOST_TEST(out["route"]["group_wait"].as<std::string>() == "3s");
    BOOST_TEST(out["inhibit_rules"][0]["equal"][0].as<std::string>() == "job");
    BOOST_TEST(out["time_intervals"][0]["name"].as<std::string>() == "weekends");
    BOOST_TEST(out["templates"][0].as<std::string>() == "/cfg/templates/*.tmpl");
    BOOST_TEST(out["templates"][1].as<std::string>() == "/abs/x.tmpl");

    const auto secrets = stack::alertmanager_secrets(config);
    for (const char* secret : {"https://hooks.slack.com/services/T000/B000/SLACKSECRET1",
                               "SMTPSECRET2", "/etc/secrets/SECRETFILE3", "PDSECRET4"}) {
        BOOST_TEST((std::find(secrets.begin(), secrets.end(), secret) != secrets.end()), secret);
    }
}

BOOST_AUTO_TEST_CASE(a_users_prometheus_config_gives_labels_relabelling_and_scrape_auth_only) {
    auto config = YAML::Load(R"(
global: {scrape_interval: 30s, external_labels: {cluster: prod-eu}}
remote_write: [{url: 'https://mimir.example.com/push', basic_auth: {password: RWSECRET}}]
alerting:
  alertmanagers: [{static_configs: [{targets: ['am.prod:9093']}]}]
  alert_relabel_configs: [{source_labels: [severity], regex: page, target_label: severity, replacement: critical}]
scrape_configs:
  - job_name: api
    basic_auth: {username: u, password: SCRAPESECRET}
    metrics_path: /internal/metrics
    static_configs: [{targets: ['api.prod:8080']}]
    relabel_configs: [{target_label: team, replacement: payments}]
    metric_relabel_configs: [{source_labels: [__name__], regex: 'go_.*', action: drop}]
  - job_name: pods
    kubernetes_sd_configs: [{role: pod}]
    relabel_configs: [{source_labels: [__meta_kubernetes_pod_label_app], action: keep, regex: x}]
)");
    stack::StackSources sources;
    sources.demoapp = false;
    sources.shipped_prometheus_config = false;
    sources.scrape = {{"api", {"127.0.0.1:18080"}}, {"worker", {"localhost:18081"}}};
    std::vector<stack::DroppedJob> dropped;
    auto out = stack::render_prometheus_config(config, k_ports, sources, {}, dropped);
    YAML::Emitter emitter;
    emitter << out;
    const std::string text = emitter.c_str();
    // remote_write is never copied; the job's own auth is, for the target needs it.
    BOOST_TEST(text.find("RWSECRET") == std::string::npos, text);
    BOOST_TEST(!out["remote_write"].IsDefined());
    BOOST_TEST(out["scrape_configs"][0]["basic_auth"]["password"].as<std::string>() ==
               "SCRAPESECRET");
    BOOST_TEST(out["global"]["external_labels"]["cluster"].as<std::string>() == "prod-eu");
    // Its alert relabelling stays (Alertmanager routes on what it leaves); its Alertmanagers
    // are the local one.
    BOOST_TEST(out["alerting"]["alert_relabel_configs"][0]["replacement"].as<std::string>() ==
               "critical");
    BOOST_TEST(out["alerting"]["alertmanagers"].size() == 1u);
    BOOST_TEST(text.find("am.prod") == std::string::npos);
    BOOST_TEST(out["global"]["scrape_interval"].as<std::string>() == "1s");
    BOOST_TEST(targets_of(out, "api") == std::vector<std::string>{"127.0.0.1:18080"});
    BOOST_TEST(targets_of(out, "worker") == std::vector<std::string>{"localhost:18081"});
    BOOST_TEST(targets_of(out, "demoapp").empty());
    const auto api = out["scrape_configs"][0];
    BOOST_TEST(api["metrics_path"].as<std::string>() == "/internal/metrics");
    BOOST_TEST(api["relabel_configs"][0]["replacement"].as<std::string>() == "payments");
    BOOST_TEST(api["metric_relabel_configs"][0]["action"].as<std::string>() == "drop");
    BOOST_TEST_REQUIRE(dropped.size() == 1u);
    BOOST_TEST(dropped[0].job == "pods");
    BOOST_TEST(dropped[0].reason.find("kubernetes_sd_configs, which cannot work locally") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(scrape_arguments_are_checked) {
    auto ok = stack::parse_scrape("api=127.0.0.1:8080,localhost:8081");
    BOOST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->job == "api");
    BOOST_TEST((ok->targets == std::vector<std::string>{"127.0.0.1:8080", "localhost:8081"}));
    for (const char* bad : {"api", "=127.0.0.1:1", "api=127.0.0.1", "api=127.0.0.1:99999",
                            "api=10.0.0.1:80", "a pi=127.0.0.1:80", "api=127.0.0.1:8080,"}) {
        auto r = stack::parse_scrape(bad);
        BOOST_TEST(!r.has_value(), bad);
        if (!r)
            BOOST_TEST(static_cast<int>(r.error().code) == 2);
    }
}

BOOST_AUTO_TEST_CASE(rule_paths_expand_files_directories_and_globs_once_each) {
    test_support::TempDir dir;
    std::filesystem::create_directories(dir.path() / "alerts");
    for (const char* f : {"alerts/a.yml", "alerts/b.yaml", "alerts/notes.txt", "c.yml"})
        std::ofstream(dir.path() / f) << "groups: []\n";
    const std::string d = dir.path().string();
    auto files = stack::expand_rule_paths({d + "/alerts", d + "/*.yml", d + "/alerts/a.yml"});
    BOOST_REQUIRE(files.has_value());
    BOOST_TEST(files->size() == 3u);
    auto none = stack::expand_rule_paths({d + "/nothing/*.yml"});
    BOOST_REQUIRE(!none.has_value());
    BOOST_TEST(none.error().what.find("matches no rule file") != std::string::npos);
    BOOST_TEST(!stack::expand_rule_paths({d + "/missing.yml"}).has_value());
}

BOOST_AUTO_TEST_CASE(the_shipped_external_label_is_not_added_to_a_users_own_rules) {
    const auto shipped = YAML::Load("global: {external_labels: {stack: obsctl-demo}}\n");
    stack::StackSources sources;
    std::vector<stack::DroppedJob> dropped;
    // The shipped stack keeps its label.
    auto out = stack::render_prometheus_config(shipped, k_ports, sources, {}, dropped);
    BOOST_TEST(out["global"]["external_labels"]["stack"].as<std::string>() == "obsctl-demo");
    // --rules without --prometheus-config: no label the user did not write.
    sources.shipped_rules = false;
    out = stack::render_prometheus_config(shipped, k_ports, sources, {}, dropped);
    BOOST_TEST(!out["global"]["external_labels"].IsDefined());
    // --prometheus-config: the user's own labels, as written.
    sources.shipped_prometheus_config = false;
    out = stack::render_prometheus_config(shipped, k_ports, sources, {}, dropped);
    BOOST_TEST(out["global"]["external_labels"]["stack"].as<std::string>() == "obsctl-demo");
}

namespace {

/// The user's prometheus.yml rendered with no --scrape jobs and no demoapp, as from `dir`.
YAML::Node render_users(const char* yaml, std::vector<stack::DroppedJob>& dropped,
                        stack::TimeScale scale = {}) {
    stack::StackSources sources;
    sources.demoapp = false;
    sources.shipped_prometheus_config = false;
    sources.prometheus_config = "/cfg/prom/prometheus.yml";
    return stack::render_prometheus_config(YAML::Load(yaml), k_ports, sources, scale, dropped);
}

YAML::Node job_of(const YAML::Node& config, const std::string& name) {
    for (const auto& j : config["scrape_configs"]) {
        if (j["job_name"].as<std::string>() == name)
            return j;
    }
    return YAML::Node();
}

std::string reason_of(const std::vector<stack::DroppedJob>& dropped, const std::string& job) {
    for (const auto& d : dropped) {
        if (d.job == job)
            return d.reason;
    }
    return "(kept)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_probing_exporter_on_this_machine_is_kept_with_its_targets_as_written) {
    // blackbox_exporter's README: the targets are what is probed, the exporter is scraped.
    std::vector<stack::DroppedJob> dropped;
    const auto out = render_users(R"(
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params: {module: [http_2xx]}
    static_configs:
      - targets: ['http://127.0.0.1:8080/health', 'https://prometheus.io']
        labels: {team: web}
    relabel_configs:
      - {source_labels: [__address__], target_label: __param_target}
      - {source_labels: [__param_target], target_label: instance}
      - {target_label: __address__, replacement: '127.0.0.1:9115'}
  - job_name: blackbox-remote
    metrics_path: /probe
    static_configs: [{targets: ['http://127.0.0.1:8080/health']}]
    relabel_configs:
      - {source_labels: [__address__], target_label: __param_target}
      - {target_label: __address__, replacement: '10.0.0.5:9115'}
)",
                                  dropped);
    const auto job = job_of(out, "blackbox");
    BOOST_REQUIRE(job.IsDefined());
    BOOST_TEST(targets_of(out, "blackbox") ==
               (std::vector<std::string>{"http://127.0.0.1:8080/health", "https://prometheus.io"}));
    BOOST_TEST(job["static_configs"][0]["labels"]["team"].as<std::string>() == "web");
    BOOST_TEST(job["metrics_path"].as<std::string>() == "/probe");
    BOOST_TEST(job["params"]["module"][0].as<std::string>() == "http_2xx");
    BOOST_TEST(job["relabel_configs"].size() == 3u);
    BOOST_TEST(reason_of(dropped, "blackbox-remote") ==
               "it scrapes 10.0.0.5:9115 after relabel_configs, which is not on this machine: run "
               "that exporter here and point the replacement at 127.0.0.1:PORT");
}

BOOST_AUTO_TEST_CASE(a_target_written_as_a_url_is_read_by_its_host) {
    BOOST_TEST(stack::target_host("http://127.0.0.1:8080/health") == "127.0.0.1");
    BOOST_TEST(stack::target_host("https://user@localhost/x?y=1") == "localhost");
    BOOST_TEST(stack::target_host("[::1]:9090") == "[::1]");
    BOOST_TEST(stack::target_host("127.0.0.1") == "127.0.0.1");
    BOOST_TEST(stack::loopback_target("http://127.0.0.1:8080/health"));
    BOOST_TEST(!stack::loopback_target("http://10.0.0.1:8080/health"));
    BOOST_TEST(!stack::loopback_target("127.example.com:80"));
    BOOST_TEST(stack::loopback_target("LocalHost:80"));
    std::vector<stack::DroppedJob> dropped;
    // Without relabelling Prometheus does not scrape a URL: left out, with the pattern that does.
    render_users(
        "scrape_configs: [{job_name: site, static_configs: "
        "[{targets: ['http://127.0.0.1:8080/health']}]}]",
        dropped);
    BOOST_TEST(
        reason_of(dropped, "site").find("its target http://127.0.0.1:8080/health is a URL") == 0u,
        reason_of(dropped, "site"));
    BOOST_TEST(reason_of(dropped, "site").find("__param_target") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_kind_of_job_that_cannot_be_kept_is_named_with_its_fix) {
    std::vector<stack::DroppedJob> dropped;
    const auto out = render_users(R"(
scrape_configs:
  - {job_name: pods, kubernetes_sd_configs: [{role: pod}]}
  - {job_name: hosts, static_configs: [{targets: ['127.0.0.1:9100', '10.1.2.3:9100']}]}
  - job_name: sharded
    static_configs: [{targets: ['10.1.2.3:9100']}]
    relabel_configs: [{action: shard, source_labels: [__address__]}]
  - job_name: local-sharded
    static_configs: [{targets: ['localhost:9100']}]
    relabel_configs: [{action: shard, source_labels: [__address__]}]
  - job_name: none
    static_configs: [{targets: ['127.0.0.1:9100']}]
    relabel_configs: [{source_labels: [__address__], regex: '10\..*', action: keep}]
  - job_name: kept-local
    static_configs: [{targets: ['10.1.2.3:9100', '127.0.0.1:9100']}]
    relabel_configs: [{source_labels: [__address__], regex: '10\..*', action: drop}]
)",
                                  dropped);
    BOOST_TEST(reason_of(dropped, "pods") ==
               "it uses kubernetes_sd_configs, which cannot work locally (--scrape pods=HOST:PORT "
               "gives it local targets)");
    BOOST_TEST(reason_of(dropped, "hosts") ==
               "its target 10.1.2.3:9100 is not on this machine (--scrape hosts=HOST:PORT gives it "
               "local ones)");
    BOOST_TEST(reason_of(dropped, "sharded") ==
               "its relabel_configs use action 'shard', which obsctl cannot follow, and its target "
               "10.1.2.3:9100 is not on this machine (--scrape sharded=HOST:PORT gives it local "
               "ones)");
    // What cannot be followed is decided by the targets as written.
    BOOST_TEST(reason_of(dropped, "local-sharded") == "(kept)");
    BOOST_TEST(reason_of(dropped, "none") == "its relabel_configs drop every target");
    // The remote target never survives relabelling: what is scraped is on this machine.
    BOOST_TEST(reason_of(dropped, "kept-local") == "(kept)");
    BOOST_TEST(targets_of(out, "kept-local") ==
               (std::vector<std::string>{"10.1.2.3:9100", "127.0.0.1:9100"}));
}

BOOST_AUTO_TEST_CASE(loopback_targets_in_place_of_the_written_ones_keep_their_static_labels) {
    const auto config = YAML::Load(R"(
scrape_configs:
  - job_name: api
    static_configs:
      - {targets: ['api-1.prod:8080'], labels: {team: payments, zone: a}}
      - {targets: ['api-2.prod:8080'], labels: {team: payments, zone: b}}
  - job_name: prometheus
    scheme: https
    metrics_path: /prom/metrics
    basic_auth: {username: u, password_file: pw}
    honor_labels: true
    static_configs: [{targets: ['prom.prod:443'], labels: {team: infra}}]
)");
    stack::StackSources sources;
    sources.demoapp = false;
    sources.scrape = {{"api", {"127.0.0.1:18080"}}};
    std::vector<stack::DroppedJob> dropped;
    const auto out = stack::render_prometheus_config(config, k_ports, sources, {}, dropped);
    const auto api = job_of(out, "api");
    BOOST_TEST(targets_of(out, "api") == std::vector<std::string>{"127.0.0.1:18080"});
    BOOST_TEST(api["static_configs"][0]["labels"]["team"].as<std::string>() == "payments");
    // zone differs between the written groups: which one the local target is cannot be told.
    BOOST_TEST(!api["static_configs"][0]["labels"]["zone"].IsDefined());
    // The stack's own Prometheus serves plain HTTP on /metrics: how the user reaches theirs is
    // not copied, what is done with its samples is.
    const auto prom = job_of(out, "prometheus");
    BOOST_TEST(targets_of(out, "prometheus") == std::vector<std::string>{"127.0.0.1:19090"});
    BOOST_TEST(prom["static_configs"][0]["labels"]["team"].as<std::string>() == "infra");
    BOOST_TEST(!prom["scheme"].IsDefined());
    BOOST_TEST(!prom["metrics_path"].IsDefined());
    BOOST_TEST(!prom["basic_auth"].IsDefined());
    BOOST_TEST(prom["honor_labels"].as<bool>());
}

BOOST_AUTO_TEST_CASE(auth_and_tls_files_are_made_absolute_against_the_users_config) {
    std::vector<stack::DroppedJob> dropped;
    const auto out = render_users(R"(
scrape_configs:
  - job_name: secure
    scheme: https
    basic_auth: {username: scraper, password_file: secrets/pw}
    tls_config: {ca_file: ../ca.pem, cert_file: /etc/tls/c.pem, key_file: k.pem,
                 insecure_skip_verify: false}
    oauth2: {client_id: x, client_secret_file: oauth, token_url: 'https://auth/t',
             tls_config: {ca_file: oauth-ca.pem}}
    follow_redirects: false
    enable_http2: false
    sample_limit: 5000
    static_configs: [{targets: ['localhost:8443']}]
  - job_name: bearer
    authorization: {type: Bearer, credentials_file: token}
    proxy_url: 'http://127.0.0.1:3128'
    static_configs: [{targets: ['localhost:8080']}]
)",
                                  dropped);
    const auto secure = job_of(out, "secure");
    BOOST_REQUIRE(secure.IsDefined());
    BOOST_TEST(secure["scheme"].as<std::string>() == "https");
    BOOST_TEST(secure["basic_auth"]["username"].as<std::string>() == "scraper");
    BOOST_TEST(secure["basic_auth"]["password_file"].as<std::string>() == "/cfg/prom/secrets/pw");
    BOOST_TEST(secure["tls_config"]["ca_file"].as<std::string>() == "/cfg/ca.pem");
    BOOST_TEST(secure["tls_config"]["cert_file"].as<std::string>() == "/etc/tls/c.pem");
    BOOST_TEST(secure["tls_config"]["key_file"].as<std::string>() == "/cfg/prom/k.pem");
    BOOST_TEST(secure["oauth2"]["client_secret_file"].as<std::string>() == "/cfg/prom/oauth");
    BOOST_TEST(secure["oauth2"]["tls_config"]["ca_file"].as<std::string>() ==
               "/cfg/prom/oauth-ca.pem");
    BOOST_TEST(secure["follow_redirects"].as<bool>() == false);
    BOOST_TEST(secure["enable_http2"].as<bool>() == false);
    BOOST_TEST(secure["sample_limit"].as<int>() == 5000);
    const auto bearer = job_of(out, "bearer");
    BOOST_TEST(bearer["authorization"]["credentials_file"].as<std::string>() == "/cfg/prom/token");
    BOOST_TEST(bearer["proxy_url"].as<std::string>() == "http://127.0.0.1:3128");
}

BOOST_AUTO_TEST_CASE(a_jobs_own_interval_and_timeout_are_time_scaled) {
    std::vector<stack::DroppedJob> dropped;
    const auto out = render_users(R"(
global: {scrape_interval: 1m, scrape_timeout: 30s}
scrape_configs:
  - {job_name: both, scrape_interval: 15s, scrape_timeout: 10s,
     static_configs: [{targets: ['localhost:1']}]}
  - {job_name: slow, scrape_interval: 5m, scrape_timeout: 4m,
     static_configs: [{targets: ['localhost:2']}]}
  - {job_name: timeout-only, scrape_timeout: 5s, static_configs: [{targets: ['localhost:3']}]}
  - {job_name: neither, static_configs: [{targets: ['localhost:4']}]}
)",
                                  dropped, stack::TimeScale{0.1});
    BOOST_TEST(out["global"]["scrape_interval"].as<std::string>() == "1s");
    BOOST_TEST(job_of(out, "both")["scrape_interval"].as<std::string>() == "2s");
    BOOST_TEST(job_of(out, "both")["scrape_timeout"].as<std::string>() == "1s");
    BOOST_TEST(job_of(out, "slow")["scrape_interval"].as<std::string>() == "30s");
    BOOST_TEST(job_of(out, "slow")["scrape_timeout"].as<std::string>() == "24s");
    // Never above the interval the job gets: the rendered global's 1 s.
    BOOST_TEST(job_of(out, "timeout-only")["scrape_timeout"].as<std::string>() == "1s");
    BOOST_TEST(!job_of(out, "neither")["scrape_interval"].IsDefined());
    BOOST_TEST(!job_of(out, "neither")["scrape_timeout"].IsDefined());
}

BOOST_AUTO_TEST_CASE(the_obsctl_job_keeps_the_job_and_instance_of_obsctls_synthetic_series) {
    std::vector<stack::DroppedJob> dropped;
    const stack::StackSources shipped;
    // As written in the source config, and added when the source has none.
    for (const char* yaml :
         {"scrape_configs: [{job_name: obsctl, static_configs: [{targets: ['obsctl:9464']}]}]",
          "scrape_configs: [{job_name: app, static_configs: [{targets: ['localhost:8080']}]}]"}) {
        const auto out =
            stack::render_prometheus_config(YAML::Load(yaml), k_ports, shipped, {}, dropped);
        for (const auto& job : out["scrape_configs"]) {
            const auto name = job["job_name"].as<std::string>();
            // Prometheus would rename a scraped `job` label `exported_job` without it.
            BOOST_TEST(job["honor_labels"].as<bool>(false) == (name == "obsctl"), name);
        }
        BOOST_TEST(targets_of(out, "obsctl") == std::vector<std::string>{"127.0.0.1:19464"});
    }
}
