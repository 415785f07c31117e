#include "capture/smtp_session.hpp"

#include "capture/text_codec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace capture {

namespace {

std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string_view without_line_end(std::string_view line) {
    if (line.ends_with('\n'))
        line.remove_suffix(1);
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    return line;
}

/// "FROM:<a@b> SIZE=10" after "MAIL " (or "TO:<c@d>"): the address and the parameters; none
/// when the keyword is missing or the brackets do not close.
struct Path {
    std::string address;
    std::string_view params;
};
std::optional<Path> parse_path(std::string_view arg, std::string_view keyword) {
    if (arg.size() < keyword.size() || ascii_upper(arg.substr(0, keyword.size())) != keyword)
        return std::nullopt;
    arg = trim_blanks(arg.substr(keyword.size()));
    if (arg.starts_with('<')) {
        const auto close = arg.find('>');
        if (close == std::string_view::npos)
            return std::nullopt;
        return Path{std::string(arg.substr(1, close - 1)), trim_blanks(arg.substr(close + 1))};
    }
    // Without brackets (some clients): the address runs to the first space.
    const auto space = arg.find(' ');
    return Path{std::string(arg.substr(0, space)), space == std::string_view::npos
                                                       ? std::string_view{}
                                                       : trim_blanks(arg.substr(space))};
}

/// The SIZE=N parameter of MAIL FROM (RFC 1870), 0 when absent or unreadable.
std::size_t declared_size(std::string_view params) {
    while (!params.empty()) {
        const auto space = params.find(' ');
        const std::string_view param = params.substr(0, space);
        params = space == std::string_view::npos ? std::string_view{}
                                                 : trim_blanks(params.substr(space));
        if (param.size() > 5 && ascii_upper(param.substr(0, 5)) == "SIZE=") {
            std::size_t size = 0;
            const auto digits = param.substr(5);
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), size);
            if (ec == std::errc::result_out_of_range)
                return static_cast<std::size_t>(-1);
            return ec == std::errc{} ? size : 0;
        }
    }
    return 0;
}

bool is_known_unimplemented(const std::string& verb) {
    for (const char* known : {"EXPN", "HELP", "STARTTLS", "AUTH", "BDAT", "TURN", "ETRN", "ATRN",
                              "SEND", "SOML", "SAML"}) {
        if (verb == known)
            return true;
    }
    return false;
}

}  // namespace

SmtpSession::SmtpSession(SmtpLimits limits) : m_limits(limits) {}

std::string SmtpSession::greeting() {
    return "220 obsctl capture ESMTP (receive only)\r\n";
}

SmtpSession::Output SmtpSession::feed(std::string_view bytes) {
    Output out;
    std::size_t pos = 0;
    while (!m_closed && pos < bytes.size()) {
        const auto nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            const std::string_view partial = bytes.substr(pos);
            pos = bytes.size();
            if (m_line.size() + partial.size() <= m_limits.max_line) {
                m_line += partial;
            } else if (m_state == State::data) {
                // A message line longer than a command may be: passed on in pieces, so the
                // buffer stays small (only a line's start can be "." or dot-stuffed).
                if (m_line.empty()) {
                    data_line(partial, !m_mid_line, out);
                } else {
                    m_line += partial;
                    data_line(m_line, !m_mid_line, out);
                    m_line.clear();
                }
                m_mid_line = true;
                ++m_lines;
            } else {
                out.reply += "500 line too long\r\n";
                m_closed = true;
            }
            break;
        }
        const std::string_view piece = bytes.substr(pos, nl + 1 - pos);
        pos = nl + 1;
        ++m_lines;
        if (m_state == State::data) {
            if (m_line.empty()) {
                data_line(piece, !m_mid_line, out);
            } else {
                m_line += piece;
                data_line(m_line, !m_mid_line, out);
                m_line.clear();
            }
            m_mid_line = false;
            continue;
        }
        if (m_line.size() + without_line_end(piece).size() > m_limits.max_line) {
            out.reply += "500 line too long\r\n";
            m_closed = true;
            break;
        }
        m_line += piece;
        const std::string line(without_line_end(m_line));
        m_line.clear();
        command(line, out);
    }
    return out;
}

void SmtpSession::data_line(std::string_view line, bool line_start, Output& out) {
    if (line_start) {
        if (without_line_end(line) == "." && line.ends_with('\n')) {
            end_of_data(out);
            return;
        }
        if (line.starts_with('.'))  // RFC 5321 4.5.2: the client doubled a leading dot
            line.remove_prefix(1);
    }
    if (m_oversize)
        return;
    if (m_mail.data.size() + line.size() > m_limits.max_message) {
        // Read on to the end of DATA, keeping nothing: then 552.
        m_oversize = true;
        std::string().swap(m_mail.data);
        return;
    }
    m_mail.data += line;
}

void SmtpSession::end_of_data(Output& out) {
    if (m_oversize) {
        out.reply += "552 message exceeds the fixed maximum message size of " +
                     std::to_string(m_limits.max_message) + " bytes\r\n";
    } else {
        out.reply += "250 OK: message captured\r\n";
        out.messages.push_back(std::move(m_mail));
    }
    reset_transaction();
    m_state = State::greeted;
}

void SmtpSession::reset_transaction() {
    m_mail = {};
    m_oversize = false;
    if (m_state != State::fresh)
        m_state = State::greeted;
}

void SmtpSession::error(Output& out, std::string_view reply) {
    out.reply += reply;
    if (++m_errors >= m_limits.max_errors) {
        out.reply += "421 too many errors, closing the connection\r\n";
        m_closed = true;
    }
}

void SmtpSession::command(std::string_view line, Output& out) {
    const auto space = line.find(' ');
    const std::string verb = ascii_upper(line.substr(0, space));
    const std::string_view arg =
        space == std::string_view::npos ? std::string_view{} : trim_blanks(line.substr(space + 1));

    if (verb == "EHLO" || verb == "HELO") {
        if (arg.empty())
            return error(out, "501 " + verb + " needs a domain\r\n");
        m_state = State::greeted;
        reset_transaction();
        if (verb == "HELO") {
            out.reply += "250 obsctl capture\r\n";
        } else {
            out.reply += "250-obsctl capture\r\n250-8BITMIME\r\n250-SIZE " +
                         std::to_string(m_limits.max_message) + "\r\n250 PIPELINING\r\n";
        }
    } else if (verb == "MAIL") {
        if (m_state == State::fresh)
            return error(out, "503 send EHLO or HELO first\r\n");
        if (m_state != State::greeted)
            return error(out, "503 a transaction is already open (RSET first)\r\n");
        auto path = parse_path(arg, "FROM:");
        if (!path)
            return error(out, "501 syntax: MAIL FROM:<address>\r\n");
        if (declared_size(path->params) > m_limits.max_message) {
            out.reply += "552 message size exceeds the fixed maximum of " +
                         std::to_string(m_limits.max_message) + " bytes\r\n";
            return;
        }
        m_mail.from = std::move(path->address);
        m_state = State::mail;
        out.reply += "250 OK\r\n";
    } else if (verb == "RCPT") {
        if (m_state != State::mail && m_state != State::rcpt)
            return error(out, "503 send MAIL FROM first\r\n");
        auto path = parse_path(arg, "TO:");
        if (!path || path->address.empty())
            return error(out, "501 syntax: RCPT TO:<address>\r\n");
        if (m_mail.to.size() >= m_limits.max_recipients)
            return error(out, "452 too many recipients\r\n");
        m_mail.to.push_back(std::move(path->address));
        m_state = State::rcpt;
        out.reply += "250 OK\r\n";
    } else if (verb == "DATA") {
        if (m_state != State::rcpt)
            return error(out, m_state == State::mail ? "503 send RCPT TO first\r\n"
                                                     : "503 send MAIL FROM first\r\n");
        if (!arg.empty())
            return error(out, "501 DATA takes no argument\r\n");
        m_state = State::data;
        m_mid_line = false;
        out.reply += "354 end data with <CR><LF>.<CR><LF>\r\n";
    } else if (verb == "RSET") {
        reset_transaction();
        out.reply += "250 OK\r\n";
    } else if (verb == "NOOP") {
        out.reply += "250 OK\r\n";
    } else if (verb == "QUIT") {
        out.reply += "221 bye\r\n";
        m_closed = true;
    } else if (verb == "VRFY") {
        out.reply += "252 cannot VRFY user, but will accept the message\r\n";
    } else if (is_known_unimplemented(verb)) {
        error(out, "502 " + verb + " not implemented\r\n");
    } else {
        error(out, "500 command not recognized\r\n");
    }
}

}  // namespace capture
