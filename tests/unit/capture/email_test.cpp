#include <boost/test/unit_test.hpp>

#include "capture/email.hpp"
#include "fixtures.hpp"
#include "support/test_support.hpp"

using capture::Notification;
using capture::parse_email;

namespace {

const auto k_mail_at = std::chrono::steady_clock::time_point(std::chrono::seconds(7));

using capture_fixtures::field;

using test_support::contains;

/// A message with CRLF line endings from lines written with '\n'.
std::string crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += '\r';
        out += c;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_the_message_alertmanager_really_sends) {
    const auto n = parse_email(capture_fixtures::read_file("email_firing_0.body"), k_mail_at);
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(n.integration == "email");
    BOOST_TEST(n.receiver == "team-x (prod)");
    BOOST_TEST(n.index == 0);
    BOOST_TEST((n.at == k_mail_at));
    // Subject and To as Go's mime.QEncoding wrote them (UTF-8 encoded-words), decoded.
    BOOST_TEST(field(n, "subject") == "[FIRING] Ünïcode DiskFull – db1");
    BOOST_TEST(field(n, "to") == "oncall@example.org, Ünïcode Öps <ops@example.org>");
    BOOST_TEST(field(n, "from") == "Alertmanager <am@example.org>");
    BOOST_TEST(field(n, "text") == "DiskFull on db1: Disk full on db1");
    // The default HTML template, quoted-printable undone (=3D, soft line breaks).
    const std::string html = field(n, "html");
    BOOST_TEST(contains(html, "<title>[FIRING:1] DiskFull (db1 critical)</title>"));
    BOOST_TEST(contains(html, R"(<meta name="viewport" content="width=device-width">)"));
    BOOST_TEST(!contains(html, "=\n"));
    BOOST_TEST(!contains(html, "\r"));
    const auto resolved =
        parse_email(capture_fixtures::read_file("email_resolved_0.body"), k_mail_at);
    BOOST_TEST(field(resolved, "subject") == "[RESOLVED] Ünïcode DiskFull – db1");
}

BOOST_AUTO_TEST_CASE(reads_base64_parts_b_words_folded_headers_and_lone_lf) {
    const std::string message =
        "Subject: =?UTF-8?B?w5xiZXI=?=\n"
        "  =?utf-8?q?_alles?= and more\n"
        "From: =?iso-8859-1?q?J=F6rg?= <j@example.org>\n"
        "To: a@example.org\n"
        "X-Obsctl-Capture:   ops/email/3  \n"
        "Content-Type: multipart/mixed; boundary=\"outer b\"\n"
        "\n"
        "preamble\n"
        "--outer b\n"
        "Content-Type: multipart/alternative; boundary=inner\n"
        "\n"
        "--inner\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "RGlzayBmdWxs\n"
        "IG9uIGRiMQ==\n"
        "--inner\n"
        "Content-Type: TEXT/HTML\n"
        "\n"
        "<b>Disk</b>\n"
        "--inner--\n"
        "--outer b\n"
        "Content-Type: text/plain\n"
        "\n"
        "an attachment, not the text\n"
        "--outer b--\n"
        "epilogue\n";
    const auto n = parse_email(message, k_mail_at);
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(n.receiver == "ops");
    BOOST_TEST(n.index == 3);
    // Adjacent encoded-words join without the space between them; plain text keeps its own.
    BOOST_TEST(field(n, "subject") == "Über alles and more");
    BOOST_TEST(field(n, "from") == "Jörg <j@example.org>");
    BOOST_TEST(field(n, "text") == "Disk full on db1");
    BOOST_TEST(field(n, "html") == "<b>Disk</b>");
}

BOOST_AUTO_TEST_CASE(a_plain_message_without_the_capture_header_has_no_receiver) {
    const auto n = parse_email(crlf("Subject: hi\nTo: x@y\n\nline 1\nline 2\n"), k_mail_at);
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(n.receiver == "");
    BOOST_TEST(field(n, "text") == "line 1\nline 2\n");
    BOOST_TEST(n.field("html") == nullptr);
    // A capture header of another integration or shape is not believed.
    for (const char* tag : {"ops/slack/0", "ops/email", "ops/email/x", "ops/email/0/more"}) {
        const auto other =
            parse_email(std::string("X-Obsctl-Capture: ") + tag + "\n\nx", k_mail_at);
        BOOST_TEST(other.receiver == "", tag);
    }
}

BOOST_AUTO_TEST_CASE(a_malformed_message_is_delivered_but_unreadable) {
    struct Case {
        std::string message;
        const char* why;
    };
    const std::vector<Case> cases = {
        {"", "no header"},
        {"just some text without a colon\n\nbody", "without a name"},
        {" continued\nSubject: x\n\n", "continuation"},
        {"Bad Name: x\n\n", "space or a control"},
        {"Content-Type: multipart/alternative\n\n--x\n\n", "without a boundary"},
        {"Content-Type: multipart/alternative; boundary=b\n\nno delimiter here\n",
         "is never found"},
        {"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n",
         "not base64"},
    };
    for (const auto& c : cases) {
        const auto n = parse_email(c.message, k_mail_at);
        BOOST_TEST(contains(n.unreadable, c.why), c.message << " -> " << n.unreadable);
        BOOST_TEST(n.fields.empty());
        BOOST_TEST(n.integration == "email");
        BOOST_TEST(n.raw == c.message);
    }
}

BOOST_AUTO_TEST_CASE(mime_nesting_is_bounded) {
    std::string message;
    for (int i = 0; i < 20; ++i) {
        message += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
                   std::to_string(i) + "\n";
    }
    message += "\nbody\n";
    const auto n = parse_email(message, k_mail_at);
    BOOST_TEST(contains(n.unreadable, "nested deeper than 8"));
}

BOOST_AUTO_TEST_CASE(keeps_at_most_64_kib_of_a_large_message) {
    const std::string body(200 * 1024, 'y');
    const auto n = parse_email("Subject: big\n\n" + body, k_mail_at);
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(n.raw.size() == 64u * 1024);
    BOOST_TEST(field(n, "text").size() == body.size());
}

BOOST_AUTO_TEST_CASE(a_header_full_of_encoded_word_starts_stays_linear) {
    // Thousands of "=?" that never close: each is looked at within an encoded-word's length.
    std::string value;
    for (std::size_t i = 0; i < 512 * 1024; ++i)
        value += "=?";
    const auto started = std::chrono::steady_clock::now();
    const auto n = parse_email("Subject: " + value + "\n\nx", k_mail_at);
    BOOST_TEST(n.unreadable == "");
    BOOST_TEST(field(n, "subject") == value);
    // Linear is well under a second even under ASan; quadratic in a megabyte is hours. The
    // bound leaves room for a sanitizer build on a busy CI machine (2 s failed there once).
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(30)));
}
