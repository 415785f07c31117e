#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capture {

/// The bounds one SMTP connection is held to.
struct SmtpLimits {
    /// A command line (outside DATA) longer than this is answered 500 and the connection
    /// closed: RFC 5321 4.5.3.1.4 allows 512 octets; 4 KiB leaves room for long addresses.
    std::size_t max_line = 4 * 1024;
    /// A message larger than this (advertised as SIZE) is read to its end and discarded, then
    /// answered 552: the client learns why, and memory never holds more than this.
    std::size_t max_message = 10 * 1024 * 1024;
    /// RCPT TO beyond this many is answered 452 (RFC 5321 4.5.3.1.8 asks servers for 100).
    std::size_t max_recipients = 100;
    /// Commands answered 500/501/502/503 before the connection is closed with 421: a client
    /// speaking something else is not kept talking.
    std::size_t max_errors = 20;
    /// The listener drops a connection that completes no line for this long (the session
    /// itself has no clock).
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
};

/// One message a client handed over with DATA.
struct ReceivedMail {
    std::string from;             ///< MAIL FROM's address, without <>
    std::vector<std::string> to;  ///< RCPT TO's addresses
    std::string data;             ///< the message, dot-unstuffed, its line endings as sent
};

/// A receive-only SMTP server for one connection, as a pure state machine (no sockets, no
/// clock): fed the bytes a client sent, it returns the replies to write and the messages that
/// are complete. No STARTTLS, no AUTH: Alertmanager's email_configs in obsctl's stack use
/// `require_tls: false` and no auth_*, and Go's net/smtp then sends plain EHLO, MAIL, RCPT,
/// DATA, QUIT (it reads the multi-line 250-... EHLO answer and falls back to HELO on an error).
///
/// Commands: EHLO (8BITMIME, SIZE, PIPELINING), HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
/// QUIT, VRFY (252); other RFC 5321 commands (EXPN, HELP, STARTTLS, AUTH, BDAT, TURN...) 502,
/// anything else 500; out of order 503. Pipelined commands in one chunk are answered in order.
/// A lone LF ends a line as CRLF does.
///
/// Memory is bounded by `max_line` + `max_message` whatever the client sends.
class SmtpSession {
  public:
    explicit SmtpSession(SmtpLimits limits = {});

    /// The 220 greeting to write when the connection opens.
    static std::string greeting();

    struct Output {
        std::string reply;                   ///< bytes to write back (possibly empty)
        std::vector<ReceivedMail> messages;  ///< messages completed by these bytes
    };
    /// Takes the next bytes from the client. After `closed()`, bytes are ignored.
    Output feed(std::string_view bytes);

    /// The session ended (QUIT, a line too long, too many errors): write the last reply, then
    /// close the connection.
    bool closed() const { return m_closed; }
    /// Complete lines read so far (commands and message lines): progress, for an idle timeout
    /// that a client trickling one line forever cannot reset.
    std::size_t lines() const { return m_lines; }

  private:
    void command(std::string_view line, Output& out);
    void data_line(std::string_view line, bool line_start, Output& out);
    void end_of_data(Output& out);
    void reset_transaction();
    void error(Output& out, std::string_view reply);

    SmtpLimits m_limits;
    enum class State { fresh, greeted, mail, rcpt, data } m_state = State::fresh;
    std::string m_line;       ///< the incomplete line read so far
    bool m_mid_line = false;  ///< in DATA: m_line continues a line already flushed
    ReceivedMail m_mail;
    bool m_oversize = false;
    std::size_t m_errors = 0;
    std::size_t m_lines = 0;
    bool m_closed = false;
};

}  // namespace capture
