#include <boost/test/unit_test.hpp>
#include <random>

#include "capture/smtp_session.hpp"

using capture::SmtpLimits;
using capture::SmtpSession;

namespace {

/// The reply codes in `reply`, one per final line ("250-..." continuation lines skipped).
std::vector<std::string> codes(const std::string& reply) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < reply.size()) {
        const auto end = reply.find("\r\n", pos);
        BOOST_REQUIRE_MESSAGE(end != std::string::npos, "a reply line without CRLF: " << reply);
        const std::string line = reply.substr(pos, end - pos);
        BOOST_REQUIRE(line.size() >= 3);
        if (line.size() == 3 || line[3] == ' ')
            out.push_back(line.substr(0, 3));
        pos = end + 2;
    }
    return out;
}

using Codes = std::vector<std::string>;

/// What Go's net/smtp (Alertmanager's email notifier) sends, command by command.
const std::vector<std::string> k_go_client = {
    "EHLO localhost\r\n",
    "MAIL FROM:<am@example.org> BODY=8BITMIME\r\n",
    "RCPT TO:<oncall@example.org>\r\n",
    "DATA\r\n",
    "Subject: x\r\n\r\nDisk full\r\n.\r\n",
    "QUIT\r\n",
};

}  // namespace

BOOST_AUTO_TEST_CASE(takes_a_message_as_gos_smtp_client_sends_it) {
    SmtpSession s;
    BOOST_TEST(SmtpSession::greeting().starts_with("220 "));
    const Codes expected[] = {{"250"}, {"250"}, {"250"}, {"354"}, {"250"}, {"221"}};
    std::vector<capture::ReceivedMail> mails;
    for (std::size_t i = 0; i < k_go_client.size(); ++i) {
        auto out = s.feed(k_go_client[i]);
        BOOST_TEST(codes(out.reply) == expected[i], k_go_client[i]);
        for (auto& m : out.messages)
            mails.push_back(std::move(m));
    }
    BOOST_TEST(s.closed());
    BOOST_REQUIRE(mails.size() == 1u);
    BOOST_TEST(mails[0].from == "am@example.org");
    BOOST_TEST(mails[0].to == std::vector<std::string>{"oncall@example.org"});
    BOOST_TEST(mails[0].data == "Subject: x\r\n\r\nDisk full\r\n");
    BOOST_TEST(s.feed("NOOP\r\n").reply == "");  // closed: nothing more is read
}

BOOST_AUTO_TEST_CASE(ehlo_advertises_size_8bitmime_and_pipelining_but_not_tls_or_auth) {
    SmtpSession s;
    const std::string reply = s.feed("EHLO client\r\n").reply;
    BOOST_TEST(reply.starts_with("250-"));
    BOOST_TEST(reply.find("250-8BITMIME\r\n") != std::string::npos);
    BOOST_TEST(reply.find("SIZE 10485760\r\n") != std::string::npos);
    BOOST_TEST(reply.ends_with("250 PIPELINING\r\n"));
    BOOST_TEST(reply.find("STARTTLS") == std::string::npos);
    BOOST_TEST(reply.find("AUTH") == std::string::npos);
    BOOST_TEST(codes(s.feed("HELO client\r\n").reply) == Codes{"250"});
}

BOOST_AUTO_TEST_CASE(pipelined_commands_are_answered_in_order_and_any_split_reads_the_same) {
    std::string all;
    for (const auto& c : k_go_client)
        all += c;
    SmtpSession at_once;
    auto out = at_once.feed(all);
    BOOST_TEST(codes(out.reply) == (Codes{"250", "250", "250", "354", "250", "221"}));
    BOOST_REQUIRE(out.messages.size() == 1u);

    SmtpSession byte_by_byte;
    std::string reply;
    std::vector<capture::ReceivedMail> mails;
    for (char c : all) {
        auto o = byte_by_byte.feed(std::string_view(&c, 1));
        reply += o.reply;
        for (auto& m : o.messages)
            mails.push_back(std::move(m));
    }
    BOOST_TEST(reply == out.reply);
    BOOST_REQUIRE(mails.size() == 1u);
    BOOST_TEST(mails[0].data == out.messages[0].data);
}

BOOST_AUTO_TEST_CASE(undoes_dot_stuffing_and_ends_only_at_a_lone_dot) {
    SmtpSession s;
    s.feed("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n");
    auto out = s.feed("..leading dot\r\n. not the end\r\n...\r\n.\r\n");
    BOOST_REQUIRE(out.messages.size() == 1u);
    BOOST_TEST(out.messages[0].from == "");  // the null sender
    BOOST_TEST(out.messages[0].data == ".leading dot\r\n not the end\r\n..\r\n");
}

BOOST_AUTO_TEST_CASE(a_lone_lf_ends_lines_and_the_message) {
    SmtpSession s;
    auto out = s.feed("HELO c\nMAIL FROM:<x@y>\nRCPT TO:<a@b>\nDATA\nline\n.\nQUIT\n");
    BOOST_TEST(codes(out.reply) == (Codes{"250", "250", "250", "354", "250", "221"}));
    BOOST_REQUIRE(out.messages.size() == 1u);
    BOOST_TEST(out.messages[0].data == "line\n");
}

BOOST_AUTO_TEST_CASE(a_message_line_longer_than_a_command_line_arrives_whole) {
    SmtpSession s;
    s.feed("HELO c\r\nMAIL FROM:<x@y>\r\nRCPT TO:<a@b>\r\nDATA\r\n");
    const std::string line = "." + std::string(100'000, 'z');
    std::vector<capture::ReceivedMail> mails;
    for (std::size_t i = 0; i < line.size(); i += 1000) {
        for (auto& m : s.feed(line.substr(i, 1000)).messages)
            mails.push_back(std::move(m));
    }
    auto out = s.feed("\r\n.\r\n");
    BOOST_REQUIRE(out.messages.size() == 1u);
    BOOST_TEST(out.messages[0].data == line.substr(1) + "\r\n");  // its leading dot unstuffed
}

BOOST_AUTO_TEST_CASE(an_oversize_message_is_read_to_its_end_discarded_and_refused_552) {
    SmtpSession s(SmtpLimits{.max_message = 1000});
    s.feed("EHLO c\r\nMAIL FROM:<x@y>\r\nRCPT TO:<a@b>\r\nDATA\r\n");
    std::string reply;
    for (int i = 0; i < 100; ++i) {
        auto out = s.feed(std::string(99, 'a') + "\r\n");
        BOOST_TEST(out.messages.empty());
        reply += out.reply;
    }
    BOOST_TEST(reply == "");  // nothing is answered before the end of DATA
    auto out = s.feed(".\r\n");
    BOOST_TEST(codes(out.reply) == Codes{"552"});
    BOOST_TEST(out.messages.empty());
    BOOST_TEST(!s.closed());
    // The connection goes on: the next message is taken.
    out = s.feed("MAIL FROM:<x@y>\r\nRCPT TO:<a@b>\r\nDATA\r\nsmall\r\n.\r\n");
    BOOST_TEST(codes(out.reply) == (Codes{"250", "250", "354", "250"}));
    BOOST_REQUIRE(out.messages.size() == 1u);
    BOOST_TEST(out.messages[0].data == "small\r\n");
}

BOOST_AUTO_TEST_CASE(a_declared_size_over_the_limit_is_refused_at_mail_from) {
    SmtpSession s(SmtpLimits{.max_message = 1000});
    s.feed("EHLO c\r\n");
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y> SIZE=1001\r\n").reply) == Codes{"552"});
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y> SIZE=99999999999999999999999\r\n").reply) ==
               Codes{"552"});
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y> SIZE=1000\r\n").reply) == Codes{"250"});
}

BOOST_AUTO_TEST_CASE(a_command_line_too_long_is_answered_500_and_closed) {
    SmtpSession unended;
    auto out = unended.feed("EHLO " + std::string(5000, 'a'));  // never ends its line
    BOOST_TEST(codes(out.reply) == Codes{"500"});
    BOOST_TEST(unended.closed());

    SmtpSession ended;
    out = ended.feed("EHLO " + std::string(5000, 'a') + "\r\n");
    BOOST_TEST(codes(out.reply) == Codes{"500"});
    BOOST_TEST(ended.closed());

    SmtpSession just_fits;
    out = just_fits.feed("EHLO " + std::string(4091, 'a') + "\r\n");
    BOOST_TEST(codes(out.reply) == Codes{"250"});
}

BOOST_AUTO_TEST_CASE(commands_out_of_order_are_503) {
    SmtpSession s;
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y>\r\n").reply) == Codes{"503"});
    s.feed("EHLO c\r\n");
    BOOST_TEST(codes(s.feed("RCPT TO:<a@b>\r\n").reply) == Codes{"503"});
    BOOST_TEST(codes(s.feed("DATA\r\n").reply) == Codes{"503"});
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y>\r\n").reply) == Codes{"250"});
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y>\r\n").reply) == Codes{"503"});
    BOOST_TEST(codes(s.feed("DATA\r\n").reply) == Codes{"503"});
    BOOST_TEST(codes(s.feed("RSET\r\n").reply) == Codes{"250"});
    BOOST_TEST(codes(s.feed("RCPT TO:<a@b>\r\n").reply) == Codes{"503"});  // RSET ended it
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y>\r\n").reply) == Codes{"250"});
}

BOOST_AUTO_TEST_CASE(answers_the_other_commands_as_rfc_5321_asks) {
    SmtpSession s;
    BOOST_TEST(codes(s.feed("NOOP\r\n").reply) == Codes{"250"});
    BOOST_TEST(codes(s.feed("VRFY root\r\n").reply) == Codes{"252"});
    BOOST_TEST(codes(s.feed("STARTTLS\r\n").reply) == Codes{"502"});
    BOOST_TEST(codes(s.feed("AUTH PLAIN AGFhAGI=\r\n").reply) == Codes{"502"});
    BOOST_TEST(codes(s.feed("FROB\r\n").reply) == Codes{"500"});
    BOOST_TEST(codes(s.feed("\r\n").reply) == Codes{"500"});
    BOOST_TEST(codes(s.feed("EHLO\r\n").reply) == Codes{"501"});
    BOOST_TEST(codes(s.feed("ehlo lower\r\n").reply) == Codes{"250"});
    BOOST_TEST(codes(s.feed("MAIL TO:<x@y>\r\n").reply) == Codes{"501"});
    BOOST_TEST(codes(s.feed("MAIL FROM:<x@y\r\n").reply) == Codes{"501"});
    BOOST_TEST(codes(s.feed("mail from: <x@y>\r\n").reply) == Codes{"250"});
    BOOST_TEST(codes(s.feed("RCPT TO:<>\r\n").reply) == Codes{"501"});
    BOOST_TEST(codes(s.feed("QUIT\r\n").reply) == Codes{"221"});
    BOOST_TEST(s.closed());
}

BOOST_AUTO_TEST_CASE(recipients_past_the_limit_are_452_and_the_message_still_goes) {
    SmtpSession s(SmtpLimits{.max_recipients = 3, .max_errors = 100});
    s.feed("EHLO c\r\nMAIL FROM:<x@y>\r\n");
    std::string all;
    for (int i = 0; i < 5; ++i)
        all += "RCPT TO:<r" + std::to_string(i) + "@b>\r\n";
    BOOST_TEST(codes(s.feed(all).reply) == (Codes{"250", "250", "250", "452", "452"}));
    auto out = s.feed("DATA\r\nx\r\n.\r\n");
    BOOST_REQUIRE(out.messages.size() == 1u);
    BOOST_TEST(out.messages[0].to.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_client_that_keeps_erring_is_closed_with_421) {
    SmtpSession s;
    std::string reply;
    for (int i = 0; i < 25 && !s.closed(); ++i)
        reply += s.feed("GARBAGE\r\n").reply;
    BOOST_TEST(s.closed());
    const auto c = codes(reply);
    BOOST_TEST(c.size() == 21u);  // 20 errors, then 421
    BOOST_TEST(c.back() == "421");
}

BOOST_AUTO_TEST_CASE(binary_garbage_ends_the_session_with_bounded_memory) {
    std::mt19937 random(7);
    for (int round = 0; round < 50; ++round) {
        SmtpSession s;
        std::string chunk(64 * 1024, '\0');
        std::size_t fed = 0;
        while (!s.closed() && fed < 10 * 1024 * 1024) {
            for (auto& c : chunk)
                c = static_cast<char>(random());
            const auto out = s.feed(chunk);
            BOOST_TEST(out.reply.size() < 64u * 1024);
            fed += chunk.size();
        }
        // Random bytes hold a '\n' every 256 on average: errors or a long line close it.
        BOOST_TEST(s.closed());
    }
}
