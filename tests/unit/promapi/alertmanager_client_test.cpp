#include <boost/test/unit_test.hpp>

#include "promapi/alertmanager_client.hpp"
#include "support/test_support.hpp"

using namespace promapi;
using test_support::captured;

namespace {}  // namespace

BOOST_AUTO_TEST_CASE(reads_active_alerts_with_their_receivers) {
    auto alerts = parse_alertmanager_alerts({200, captured("am_alerts.json")}, "u");
    BOOST_REQUIRE(alerts.has_value());
    BOOST_REQUIRE(alerts->size() == 1u);
    const auto& a = alerts->front();
    BOOST_TEST(a.name() == "ApplicationDown");
    BOOST_TEST(a.state == "active");
    BOOST_TEST(a.receivers == std::vector<std::string>{"oncall"});
    BOOST_TEST(a.inhibited_by.empty());
    BOOST_TEST(a.labels.at("stack") == "obsctl-demo");  // external label added by Prometheus
}

BOOST_AUTO_TEST_CASE(reports_an_api_error_with_status_and_message) {
    const auto e = test_support::captured_error("am_error.txt");
    auto alerts =
        parse_alertmanager_alerts({e.status, e.body}, "http://127.0.0.1:9093/api/v2/alerts");
    BOOST_REQUIRE(!alerts.has_value());
    BOOST_TEST(alerts.error().what.find("HTTP 400") != std::string::npos);
    BOOST_TEST(alerts.error().what.find("bad matcher") != std::string::npos);
    BOOST_TEST(alerts.error().where == "http://127.0.0.1:9093/api/v2/alerts");
}
