// Boost.Test's main() for every test executable, compiled once (tests/CMakeLists.txt's
// obsctl_test_main): the master test suite takes the executable's name (util_test, ...), as a
// BOOST_TEST_MODULE per executable would, without a compile of this file per executable.
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <filesystem>

namespace {

/// Boost.Test's init function: names the master suite after argv[0]'s file name.
bool init_test_module() {
    auto& master = boost::unit_test::framework::master_test_suite();
    if (master.argc > 0 && master.argv[0] != nullptr)
        master.p_name.value = std::filesystem::path(master.argv[0]).filename().string();
    return true;
}

}  // namespace

int main(int argc, char* argv[]) {
    return boost::unit_test::unit_test_main(&init_test_module, argc, argv);
}
