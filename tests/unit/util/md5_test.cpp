#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>

#include "util/md5.hpp"

namespace {

std::string hex(std::string_view bytes) {
    std::string out;
    char two[3];
    for (auto b : util::md5(bytes)) {
        std::snprintf(two, sizeof two, "%02x", b);
        out += two;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(md5_gives_the_rfc_1321_test_suite) {
    BOOST_TEST(hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    BOOST_TEST(hex("a") == "0cc175b9c0f1b6a831c399e269772661");
    BOOST_TEST(hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    BOOST_TEST(hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    BOOST_TEST(hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    BOOST_TEST(hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
               "d174ab98d277d9f5a5611c2c9f419d9f");
    BOOST_TEST(hex("1234567890123456789012345678901234567890123456789012345678901234567890123456789"
                   "0") == "57edf4a22be3c955ac49da2e2107b67a");
}
