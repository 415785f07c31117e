#include <yaml-cpp/yaml.h>
#include <boost/test/unit_test.hpp>

#include <fstream>

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
  - {job_name: obsctl, static_configs: [{targets: ['obsctl:9464']}]}
)");
    std::vector<std::string> dropped;
    auto out = stack::render_prometheus_config(config, k_ports, dropped);
    BOOST_TEST(out["global"]["scrape_interval"].as<std::string>() == "1s");
    BOOST_TEST(out["global"]["evaluation_interval"].as<std::string>() == "1s");
    BOOST_TEST(targets_of(out, "demoapp") == std::vector<std::string>{"127.0.0.1:15002"});
    BOOST_TEST(targets_of(out, "prometheus") == std::vector<std::string>{"127.0.0.1:19090"});
    BOOST_TEST(targets_of(out, "external") == std::vector<std::string>{"10.1.2.3:9100"});
    BOOST_TEST(targets_of(out, "obsctl") == std::vector<std::string>{"127.0.0.1:19464"});
    BOOST_TEST(dropped == std::vector<std::string>{"node"});
    // Without a port for obsctl's metrics its job goes too.
    dropped.clear();
    auto no_obsctl = k_ports;
    no_obsctl.obsctl = 0;
    out = stack::render_prometheus_config(config, no_obsctl, dropped);
    BOOST_TEST(targets_of(out, "obsctl").empty());
    BOOST_TEST((dropped == std::vector<std::string>{"node", "obsctl"}));
    out = stack::render_prometheus_config(config, k_ports, dropped);
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
               "http://127.0.0.1:19095/hooks/oncall?x=1");
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
    auto result = stack::render_stack({dir.path(), dir.path() / "out", k_ports, {}});
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().where.find("prometheus.yml:3:") != std::string::npos,
               result.error().where);
    BOOST_TEST(static_cast<int>(result.error().code) == 2);
}

BOOST_AUTO_TEST_CASE(renders_the_shipped_stack) {
    test_support::TempDir dir;
    auto result = stack::render_stack(
        {std::filesystem::path(OBSCTL_SOURCE_DIR) / "stack", dir.path(), k_ports, {0.1}});
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
