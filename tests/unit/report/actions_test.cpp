// Scenario actions in every text output: the JSON report (read back exactly, and older reports
// without them), the terminal's lines after the traffic summary, and JUnit's system-out.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "printed.hpp"
#include "report/actions.hpp"
#include "report/document.hpp"
#include "report/files.hpp"
#include "support/sample_actions.hpp"

using namespace std::chrono_literals;

namespace {

std::string printed(const std::vector<report::ActionEntry>& actions) {
    return test_support::printed_by([&](std::FILE* out) { report::print_actions(out, actions); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(actions_read_back_exactly_as_they_were_written) {
    const auto doc = test_support::document_with_actions();
    const auto text = report::to_json(doc);
    const auto back = report::read_document(text, "run.json");
    BOOST_REQUIRE_MESSAGE(back.has_value(), (back ? "" : back.error().message()));
    BOOST_REQUIRE_EQUAL(back->actions.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto &was = doc.actions[i], &is = back->actions[i];
        BOOST_TEST_CONTEXT("action " << i) {
            BOOST_TEST(is.phase == was.phase);
            BOOST_TEST(is.text == was.text);
            BOOST_TEST(is.at.count() == was.at.count());
            BOOST_TEST(is.took.count() == was.took.count());
            BOOST_TEST(is.ok == was.ok);
            BOOST_TEST(is.undo == was.undo);
            BOOST_TEST((is.exit_status == was.exit_status));
            BOOST_TEST(is.output == was.output);
        }
    }
    // The shape docs/README states: milliseconds as whole numbers, exit_status only when set.
    const auto actions = nlohmann::json::parse(text).at("actions");
    BOOST_TEST(actions.at(1).at("at_ms").get<int>() == 10'120);
    BOOST_TEST(actions.at(1).at("took_ms").get<int>() == 2'000);
    BOOST_TEST(actions.at(1).at("exit_status").get<int>() == 1);
    BOOST_TEST(actions.at(1).at("ok").get<bool>() == false);
    BOOST_TEST(!actions.at(0).contains("exit_status"));
    BOOST_TEST(actions.at(2).at("undo").get<bool>() == true);
}

BOOST_AUTO_TEST_CASE(a_report_written_before_actions_reads_with_none) {
    auto old = nlohmann::json::parse(report::to_json(test_support::document_with_actions()));
    old.erase("actions");
    const auto back = report::read_document(old.dump(2), "old.json");
    BOOST_REQUIRE_MESSAGE(back.has_value(), (back ? "" : back.error().message()));
    BOOST_TEST(back->actions.empty());
    // An action of the wrong shape is refused, naming the report.
    auto bad = nlohmann::json::parse(report::to_json(test_support::document_with_actions()));
    bad["actions"][0]["at_ms"] = 1.5;
    const auto refused = report::read_document(bad.dump(2), "bad.json");
    BOOST_REQUIRE(!refused.has_value());
    BOOST_TEST(refused.error().message().find("bad.json") != std::string::npos,
               refused.error().message());
}

BOOST_AUTO_TEST_CASE(the_terminal_shows_each_action_on_a_line_of_columns) {
    const auto text = printed(test_support::sample_actions());
    BOOST_TEST(text ==
                   "  action  +5.1s    stop demoapp                    ok (100ms)\n"
                   "  action  +10.1s   exec ./fill-disk.sh             failed (2.0s, exit 1): "
                   "<script>alert(1)</script> disk full\n"
                   "  undo    +12.7s   start demoapp (undo)            ok (1.2s)\n",
               text);
    BOOST_TEST(printed({}).empty());
}

BOOST_AUTO_TEST_CASE(a_failed_action_says_the_last_line_of_why_printable_and_cut) {
    report::ActionEntry a;
    a.text = "signal app.pid TERM";
    a.ok = false;
    a.took = 3ms;
    a.output = "pid file app.pid\nholds \x1b[31m4242\x1b[0m, which is gone\n\n";
    BOOST_TEST(report::action_outcome(a) == "failed (3ms): holds ?[31m4242?[0m, which is gone");
    a.output = std::string(200, 'x');
    BOOST_TEST(report::action_outcome(a) == "failed (3ms): " + std::string(157, 'x') + "...");
    a.output.clear();
    BOOST_TEST(report::action_outcome(a) == "failed (3ms)");
}

BOOST_AUTO_TEST_CASE(junit_system_out_lists_each_action_escaped) {
    const auto xml = report::junit_report(test_support::document_with_actions());
    BOOST_TEST(xml.find("<system-out>"
                        "action  +5.1s    stop demoapp                    ok (100ms)\n"
                        "action  +10.1s   exec ./fill-disk.sh             failed (2.0s, exit 1): "
                        "&lt;script&gt;alert(1)&lt;/script&gt; disk full\n"
                        "undo    +12.7s   start demoapp (undo)            ok (1.2s)\n"
                        "</system-out>") != std::string::npos,
               xml);
    BOOST_TEST(xml.find("<script>") == std::string::npos);
}
