#include <yaml-cpp/yaml.h>
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "stack/alertmanager_config.hpp"
#include "stack/render.hpp"
#include "support/test_support.hpp"

namespace {

const stack::StackPorts k_ports{15002, 19090, 19093, 19095, 19464};

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
    const stack::StackSources shipped;
    auto out = stack::render_prometheus_config(config, k_ports, shipped, dropped_jobs);
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
    // Targets off this machine would be scraped from a CI runner and be down: left out.
    BOOST_TEST((dropped() == std::vector<std::string>{"node", "external"}));
    BOOST_TEST(dropped_jobs[1].reason.find("--scrape external=HOST:PORT") != std::string::npos);
    // Without a port for obsctl's metrics its job goes too.
    dropped_jobs.clear();
    auto no_obsctl = k_ports;
    no_obsctl.obsctl = 0;
    out = stack::render_prometheus_config(config, no_obsctl, shipped, dropped_jobs);
    BOOST_TEST(targets_of(out, "obsctl").empty());
    BOOST_TEST((dropped() == std::vector<std::string>{"node", "external", "obsctl"}));
    out = stack::render_prometheus_config(config, k_ports, shipped, dropped_jobs);
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
    auto out = stack::render_alertmanager_config(config, k_ports, stack::TimeScale{0.1});
    BOOST_TEST(out["receivers"][0]["webhook_configs"][0]["url"].as<std::string>() ==
               "http://127.0.0.1:19095/hooks/default");
    BOOST_TEST(out["receivers"][1]["webhook_configs"][0]["url"].as<std::string>() ==
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

BOOST_AUTO_TEST_CASE(a_users_receivers_keep_their_names_and_lose_every_integration_and_secret) {
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
    auto out = stack::render_alertmanager_config(config, k_ports, stack::TimeScale{0.1}, "/cfg");
    YAML::Emitter emitter;
    emitter << out;
    const std::string text = emitter.c_str();
    for (const char* secret : {"SLACKSECRET1", "SMTPSECRET2", "SECRETFILE3", "PDSECRET4",
                               "NEVERSEEN5", "smtp.example.com", "team@example.com"}) {
        BOOST_TEST(text.find(secret) == std::string::npos, secret << " copied:\n" << text);
    }
    BOOST_TEST(out["global"]["resolve_timeout"].as<std::string>() == "2m");
    BOOST_TEST(out["receivers"].size() == 3u);
    const auto hook = [&](int i) { return out["receivers"][i]["webhook_configs"][0]; };
    BOOST_TEST(out["receivers"][1]["name"].as<std::string>() == "slack-oncall");
    BOOST_TEST(out["receivers"][1].size() == 2u);  // name and the one webhook
    BOOST_TEST(hook(1)["url"].as<std::string>() == "http://127.0.0.1:19095/hooks/slack-oncall");
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

BOOST_AUTO_TEST_CASE(a_users_prometheus_config_gives_labels_and_relabelling_not_credentials) {
    auto config = YAML::Load(R"(
global: {scrape_interval: 30s, external_labels: {cluster: prod-eu}}
remote_write: [{url: 'https://mimir.example.com/push', basic_auth: {password: RWSECRET}}]
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
    sources.scrape = {{"api", {"127.0.0.1:18080"}}, {"worker", {"localhost:18081"}}};
    std::vector<stack::DroppedJob> dropped;
    auto out = stack::render_prometheus_config(config, k_ports, sources, dropped);
    YAML::Emitter emitter;
    emitter << out;
    const std::string text = emitter.c_str();
    BOOST_TEST(text.find("SECRET") == std::string::npos, text);
    BOOST_TEST(!out["remote_write"].IsDefined());
    BOOST_TEST(out["global"]["external_labels"]["cluster"].as<std::string>() == "prod-eu");
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
    auto out = stack::render_prometheus_config(shipped, k_ports, sources, dropped);
    BOOST_TEST(out["global"]["external_labels"]["stack"].as<std::string>() == "obsctl-demo");
    // --rules without --prometheus-config: no label the user did not write.
    sources.shipped_rules = false;
    out = stack::render_prometheus_config(shipped, k_ports, sources, dropped);
    BOOST_TEST(!out["global"]["external_labels"].IsDefined());
    // --prometheus-config: the user's own labels, as written.
    sources.shipped_prometheus_config = false;
    out = stack::render_prometheus_config(shipped, k_ports, sources, dropped);
    BOOST_TEST(out["global"]["external_labels"]["stack"].as<std::string>() == "obsctl-demo");
}
