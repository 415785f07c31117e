#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "support/test_support.hpp"
#include "util/locate.hpp"

// find_data_dir's order on a temporary install tree: --scenarios-dir, $OBSCTL_SCENARIOS_DIR,
// $OBSCTL_DATA_DIR, then <exe>/../share/obsctl; and the error a copied binary gives.

namespace fs = std::filesystem;

namespace {

/// A tree with bin/obsctl (only its path matters), share/obsctl/scenarios and elsewhere/
/// holding another scenarios/; the OBSCTL_* variables unset while it lives.
struct Tree {
    test_support::TempDir dir;
    fs::path exe = dir.path() / "prefix" / "bin" / "obsctl";
    fs::path installed = dir.path() / "prefix" / "share" / "obsctl" / "scenarios";
    fs::path elsewhere = dir.path() / "elsewhere";
    Tree() {
        fs::create_directories(exe.parent_path());
        fs::create_directories(installed);
        fs::create_directories(elsewhere / "scenarios");
        clear();
    }
    ~Tree() { clear(); }
    static void clear() {
        for (const char* name : {"OBSCTL_DATA_DIR", "OBSCTL_SCENARIOS_DIR", "OBSCTL_STACK_DIR"})
            unsetenv(name);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_install_finds_its_data_next_to_itself) {
    Tree t;
    auto found = util::find_data_dir("scenarios", {}, t.exe);
    BOOST_TEST_REQUIRE(found.has_value(), (found ? "" : found.error().message()));
    BOOST_TEST(fs::equivalent(*found, t.installed));
}

BOOST_AUTO_TEST_CASE(obsctl_data_dir_comes_before_the_install) {
    Tree t;
    setenv("OBSCTL_DATA_DIR", t.elsewhere.c_str(), 1);
    auto found = util::find_data_dir("scenarios", {}, t.exe);
    BOOST_TEST_REQUIRE(found.has_value(), (found ? "" : found.error().message()));
    BOOST_TEST(*found == t.elsewhere / "scenarios");
}

BOOST_AUTO_TEST_CASE(the_own_variable_and_the_option_come_before_obsctl_data_dir) {
    Tree t;
    const fs::path own = t.dir.path() / "own";
    const fs::path option = t.dir.path() / "option";
    fs::create_directories(own);
    fs::create_directories(option);
    setenv("OBSCTL_DATA_DIR", t.elsewhere.c_str(), 1);
    setenv("OBSCTL_SCENARIOS_DIR", own.c_str(), 1);
    BOOST_TEST(util::find_data_dir("scenarios", {}, t.exe).value() == own);
    BOOST_TEST(util::find_data_dir("scenarios", option, t.exe).value() == option);
}

BOOST_AUTO_TEST_CASE(obsctl_data_dir_without_the_directory_is_an_error_not_skipped) {
    Tree t;
    setenv("OBSCTL_DATA_DIR", t.elsewhere.c_str(), 1);
    auto found = util::find_data_dir("stack", {}, t.exe);
    BOOST_TEST_REQUIRE(!found.has_value());
    BOOST_TEST(found.error().message() ==
               (t.elsewhere / "stack").string() + ": not a directory (set by $OBSCTL_DATA_DIR)");
}

BOOST_AUTO_TEST_CASE(a_copied_binary_finds_nothing_and_says_what_it_tried) {
    Tree t;
    const fs::path copied = t.dir.path() / "copy" / "bin" / "obsctl";
    auto found = util::find_data_dir("scenarios", {}, copied);
    BOOST_TEST_REQUIRE(!found.has_value());
    BOOST_TEST(static_cast<int>(found.error().code) == static_cast<int>(util::ExitCode::usage));
    BOOST_TEST(found.error().message() ==
               "cannot find obsctl's scenarios directory: tried " +
                   (t.dir.path() / "copy" / "share" / "obsctl" / "scenarios").string() +
                   ", next to " + copied.string() +
                   " (set $OBSCTL_DATA_DIR to the directory holding scenarios/ and stack/, or "
                   "$OBSCTL_SCENARIOS_DIR, or pass --scenarios-dir)");
}

BOOST_AUTO_TEST_CASE(without_its_own_path_obsctl_never_reads_the_working_directory) {
    Tree t;
    const fs::path before = fs::current_path();
    fs::create_directories(t.dir.path() / "share" / "obsctl" / "scenarios");
    fs::current_path(t.dir.path());  // a relative share/obsctl/scenarios would be found here
    auto found = util::find_data_dir("scenarios", {}, fs::path{});
    fs::current_path(before);
    BOOST_TEST_REQUIRE(!found.has_value());
    BOOST_TEST(found.error().message().find("cannot read its own path") != std::string::npos,
               found.error().message());
}
