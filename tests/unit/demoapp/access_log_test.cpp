#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "demoapp/access_log.hpp"

using demoapp::AccessLog;

BOOST_AUTO_TEST_CASE(writes_one_valid_json_line_even_for_a_hostile_path) {
    char* text = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&text, &size);
    AccessLog log(out);
    const std::string hostile = "/x\"},{\"level\":\"fake\\\n\r\t\x01\x7f\xff";
    log.request({"GET", hostile, "unmatched", 404, 0.0123, "id-1"});
    log.flush();
    const std::string written(text, size);
    std::fclose(out);
    std::free(text);

    BOOST_TEST(std::count(written.begin(), written.end(), '\n') == 1);
    auto line = nlohmann::json::parse(written);
    BOOST_TEST(line["level"] == "warn");
    BOOST_TEST(line["status"] == 404);
    BOOST_TEST(line["route"] == "unmatched");
    BOOST_TEST(line["request_id"] == "id-1");
    BOOST_TEST(line["duration_ms"].get<double>() == 12.3, boost::test_tools::tolerance(1e-6));
    // Every ASCII byte comes back as sent; the invalid byte 0xff is escaped, not dropped.
    const std::string path = line["path"];
    BOOST_TEST(path.substr(0, hostile.size() - 1) == hostile.substr(0, hostile.size() - 1));
    BOOST_TEST(path.size() > hostile.size() - 1);
}
