#include "load/http1_response.hpp"

#include <algorithm>
#include <cstring>

// RFC 9112 is the source of every rule here: status line (4), header fields (5), message body
// length (6.3), chunked coding (7.1), persistence (9.3). Lenient where real servers are (a bare
// LF ends a line, a reason phrase may be missing), strict where framing is at stake (two
// Content-Lengths, a chunk size that is not hex).

namespace load {
namespace {

/// Chunk sizes from 2^60 up are refused: no real body is that big, and 16 * size + 15 cannot
/// overflow 64 bits below it.
constexpr std::uint64_t k_h1_chunk_limit = std::uint64_t{1} << 60;

/// What the parser reads in a header field; every other name is skipped.
enum class H1Field { other, content_length, transfer_encoding, connection };

char h1_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// `text` equals `lower` (already lowercase), ASCII case ignored.
bool h1_iequals(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (h1_lower(text[i]) != lower[i])
            return false;
    return true;
}

bool h1_is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool h1_is_space(char c) {
    return c == ' ' || c == '\t';
}

/// Without the optional white space (OWS) around a field value or list element.
std::string_view h1_trim(std::string_view text) {
    while (!text.empty() && h1_is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && h1_is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

/// A field name is a token (RFC 9110 5.6.2): no space, no separator.
bool h1_is_token(std::string_view name) {
    if (name.empty())
        return false;
    constexpr std::string_view k_symbols = "!#$%&'*+-.^_`|~";
    for (const char c : name) {
        const char l = h1_lower(c);
        if (!(l >= 'a' && l <= 'z') && !h1_is_digit(c) &&
            k_symbols.find(c) == std::string_view::npos)
            return false;
    }
    return true;
}

H1Field h1_field(std::string_view name) {
    if (h1_iequals(name, "content-length"))
        return H1Field::content_length;
    if (h1_iequals(name, "transfer-encoding"))
        return H1Field::transfer_encoding;
    if (h1_iequals(name, "connection"))
        return H1Field::connection;
    return H1Field::other;
}

int h1_hex_digit(char c) {
    if (h1_is_digit(c))
        return c - '0';
    const char l = h1_lower(c);
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
}

/// Calls `take` with each element of a comma-separated list, trimmed, empty ones left out.
template <typename Take>
void h1_for_each_element(std::string_view list, Take take) {
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view element = h1_trim(list.substr(0, comma));
        if (!element.empty())
            take(element);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
}

}  // namespace

void ResponseParser::reset(bool head_request) {
    m_status = 0;
    m_keep_alive = true;
    m_started = false;
    m_head_request = head_request;
    m_line.clear();  // keeps its capacity for the next response
    start_head();
}

void ResponseParser::start_head() {
    m_phase = Phase::status_line;
    m_http10 = false;
    m_connection_close = false;
    m_connection_keep_alive = false;
    m_has_length = false;
    m_has_transfer_encoding = false;
    m_chunked = false;
    m_fold_allowed = false;
    m_skip_line = false;
    m_name_known = false;
    m_length = 0;
    m_remaining = 0;
    m_line_budget = k_max_head;
}

ResponseParser::State ResponseParser::state() const {
    return m_phase == Phase::done ? State::done
                                  : (m_phase == Phase::error ? State::error : State::more);
}

void ResponseParser::fail() {
    m_phase = Phase::error;
    m_keep_alive = false;
    m_line.clear();
}

ResponseParser::Step ResponseParser::feed(std::string_view bytes) {
    if (m_phase == Phase::done || m_phase == Phase::error)
        return {0, state()};
    if (!bytes.empty())
        m_started = true;
    std::size_t used = 0;
    while (used < bytes.size() && m_phase != Phase::done && m_phase != Phase::error) {
        const std::string_view rest = bytes.substr(used);
        switch (m_phase) {
            case Phase::status_line:
            case Phase::headers:
            case Phase::chunk_size:
            case Phase::trailers:
                used += take_line(rest);
                break;
            case Phase::body_length:
            case Phase::chunk_data: {
                const std::size_t n = static_cast<std::size_t>(
                    std::min<std::uint64_t>(m_remaining, static_cast<std::uint64_t>(rest.size())));
                used += n;
                m_remaining -= n;
                if (m_remaining == 0)
                    m_phase = m_phase == Phase::body_length ? Phase::done : Phase::chunk_cr;
                break;
            }
            case Phase::body_to_close:
                used = bytes.size();
                break;
            case Phase::chunk_cr:
            case Phase::chunk_lf: {
                // A chunk's data ends with CRLF (a bare LF accepted, as for every line).
                const char c = rest.front();
                ++used;
                if (c == '\r' && m_phase == Phase::chunk_cr) {
                    m_phase = Phase::chunk_lf;
                } else if (c == '\n') {
                    m_phase = Phase::chunk_size;
                    m_line_budget = k_max_head;
                } else {
                    fail();
                }
                break;
            }
            case Phase::done:
            case Phase::error:
                break;
        }
    }
    return {used, state()};
}

ResponseParser::State ResponseParser::closed() {
    if (m_phase == Phase::body_to_close)
        m_phase = Phase::done;
    else if (m_phase != Phase::done)
        fail();
    return state();
}

std::size_t ResponseParser::take_line(std::string_view rest) {
    // The budget bounds what a line may take, so a peer that never sends '\n' is an error
    // after 64 KiB instead of a growing m_line.
    const std::size_t window = std::min(rest.size(), m_line_budget);
    const auto* newline = static_cast<const char*>(std::memchr(rest.data(), '\n', window));
    if (newline == nullptr) {
        if (rest.size() >= m_line_budget) {
            fail();
            return window;
        }
        m_line_budget -= rest.size();
        keep_partial_line(rest);
        return rest.size();
    }
    const auto length = static_cast<std::size_t>(newline - rest.data());
    m_line_budget -= length + 1;
    const bool skip = m_skip_line;
    m_skip_line = false;
    m_name_known = false;
    if (skip) {  // an uninteresting header or trailer, its name already checked
        m_line.clear();
        return length + 1;
    }
    std::string_view line = rest.substr(0, length);
    if (!m_line.empty()) {
        m_line.append(line);
        line = m_line;
    }
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    switch (m_phase) {
        case Phase::status_line:
            take_status_line(line);
            break;
        case Phase::headers:
        case Phase::trailers:
            if (!line.empty())
                take_header_line(line);
            else if (m_phase == Phase::trailers)
                m_phase = Phase::done;
            else
                end_of_headers();
            break;
        case Phase::chunk_size:
            take_chunk_size_line(line);
            break;
        default:
            break;
    }
    m_line.clear();
    return length + 1;
}

void ResponseParser::keep_partial_line(std::string_view part) {
    if (m_skip_line)
        return;
    const std::size_t before = m_line.size();
    m_line.append(part);
    if ((m_phase != Phase::headers && m_phase != Phase::trailers) || m_name_known)
        return;
    // A header line whose value nobody reads need not be kept: judge its name as soon as the
    // ':' arrives (or the continuation, as soon as its first byte does) and skip the rest. The
    // verdict is the one take_header_line gives the whole line.
    std::string_view name;
    if (h1_is_space(m_line.front())) {
        if (!m_fold_allowed)
            return fail();
    } else {
        const std::size_t colon = m_line.find(':', before);
        if (colon == std::string::npos)
            return;
        name = std::string_view(m_line).substr(0, colon);
        if (!h1_is_token(name))
            return fail();
        m_name_known = true;
        if (m_phase == Phase::headers && h1_field(name) != H1Field::other) {
            m_fold_allowed = false;
            return;  // its value is needed: keep the line
        }
        m_fold_allowed = true;
    }
    m_skip_line = true;
    m_line.clear();
}

void ResponseParser::take_status_line(std::string_view line) {
    // `HTTP/1.x SSS reason`, the reason optional (RFC 9112 4).
    const bool ok = line.size() >= 12 && line.substr(0, 7) == "HTTP/1." && h1_is_digit(line[7]) &&
                    line[8] == ' ' && h1_is_digit(line[9]) && h1_is_digit(line[10]) &&
                    h1_is_digit(line[11]) && (line.size() == 12 || line[12] == ' ') &&
                    line[9] != '0';
    if (!ok)
        return fail();
    m_http10 = line[7] == '0';
    m_status =
        static_cast<unsigned>((line[9] - '0') * 100 + (line[10] - '0') * 10 + line[11] - '0');
    m_phase = Phase::headers;
}

void ResponseParser::take_header_line(std::string_view line) {
    if (h1_is_space(line.front())) {
        // obs-fold continues the previous line: harmless after a field we skip, ambiguous after
        // one whose value we read (RFC 9112 5.2 lets a client replace it or reject it).
        if (!m_fold_allowed)
            fail();
        return;
    }
    const std::size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || !h1_is_token(name))
        return fail();
    const H1Field field = m_phase == Phase::headers ? h1_field(name) : H1Field::other;
    m_fold_allowed = field == H1Field::other;
    const std::string_view value = h1_trim(line.substr(colon + 1));
    switch (field) {
        case H1Field::other:
            break;
        case H1Field::content_length: {
            // Digits only; a second Content-Length must say the same (RFC 9112 6.3, item 5).
            if (value.empty())
                return fail();
            std::uint64_t length = 0;
            for (const char c : value) {
                if (!h1_is_digit(c))
                    return fail();
                const auto digit = static_cast<std::uint64_t>(c - '0');
                if (length > (UINT64_MAX - digit) / 10)
                    return fail();
                length = length * 10 + digit;
            }
            if (m_has_length && length != m_length)
                return fail();
            m_has_length = true;
            m_length = length;
            break;
        }
        case H1Field::transfer_encoding: {
            // Only the last coding matters: chunked last frames the body, anything else leaves it
            // to the close (RFC 9112 6.3, item 4). Several fields form one list.
            std::string_view last;
            h1_for_each_element(value, [&](std::string_view coding) { last = coding; });
            if (!last.empty()) {
                m_has_transfer_encoding = true;
                m_chunked = h1_iequals(last, "chunked");
            }
            break;
        }
        case H1Field::connection:
            h1_for_each_element(value, [&](std::string_view option) {
                if (h1_iequals(option, "close"))
                    m_connection_close = true;
                else if (h1_iequals(option, "keep-alive"))
                    m_connection_keep_alive = true;
            });
            break;
    }
}

void ResponseParser::end_of_headers() {
    if (m_status < 200 && m_status != 101) {
        start_head();  // an interim answer (100 Continue, 103 Early Hints): the real one follows
        return;
    }
    // RFC 9112 9.3: 1.1 persists unless `close`; 1.0 only with `keep-alive`.
    m_keep_alive = !m_connection_close && (!m_http10 || m_connection_keep_alive);
    if (m_status == 101) {  // the connection speaks another protocol now
        m_keep_alive = false;
        m_phase = Phase::done;
    } else if (m_head_request || m_status == 204 || m_status == 304) {
        m_phase = Phase::done;
    } else if (m_has_transfer_encoding) {
        // Transfer-Encoding wins over Content-Length. On 1.0 it is faulty framing: read it, but
        // close afterwards (RFC 9112 6.1).
        if (m_http10)
            m_keep_alive = false;
        if (m_chunked) {
            m_phase = Phase::chunk_size;
            m_line_budget = k_max_head;
        } else {
            m_keep_alive = false;
            m_phase = Phase::body_to_close;
        }
    } else if (m_has_length) {
        m_remaining = m_length;
        m_phase = m_length == 0 ? Phase::done : Phase::body_length;
    } else {
        m_keep_alive = false;
        m_phase = Phase::body_to_close;
    }
}

void ResponseParser::take_chunk_size_line(std::string_view line) {
    // `hex [BWS ; extension]` (RFC 9112 7.1.1): the extensions are skipped.
    std::size_t i = 0;
    std::uint64_t size = 0;
    for (; i < line.size(); ++i) {
        const int digit = h1_hex_digit(line[i]);
        if (digit < 0)
            break;
        size = size * 16 + static_cast<std::uint64_t>(digit);
        if (size >= k_h1_chunk_limit)
            return fail();
    }
    std::string_view rest = line.substr(i);
    while (!rest.empty() && h1_is_space(rest.front()))
        rest.remove_prefix(1);
    if (i == 0 || (!rest.empty() && rest.front() != ';'))
        return fail();
    if (size == 0) {
        m_phase = Phase::trailers;
        m_line_budget = k_max_head;
        m_fold_allowed = false;
    } else {
        m_remaining = size;
        m_phase = Phase::chunk_data;
    }
}

}  // namespace load
