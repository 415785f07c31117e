#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include "load/http1_response.hpp"

// The real answers below were captured on 2026-12-03 by sending each request with a Python
// socket (socket.create_connection, sendall, recv until the peer was quiet for 1 s) and copying
// repr() of the bytes:
// - nginx 1.22.1 (Debian 12) on 127.0.0.1 with `location / { return 200 "ok\n"; }`, a /gz
//   location with `gzip on; gzip_min_length 1; gzip_types text/plain`, a /static/ alias of a
//   6-byte file, `location /none { return 204; }` and a /post location that returns 200;
// - demoapp (build/dev/bin/demoapp at 470ea1f, `--error-rate 1 --seed 7`): /health, /api/error.

using load::ResponseParser;
using State = ResponseParser::State;

namespace {

const std::string k_nginx_ok =
    "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 14:05:58 GMT\r\n"
    "Content-Type: text/plain\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nok\n";
// GET / HTTP/1.0 without keep-alive: nginx answers 1.1 and says close.
const std::string k_nginx_ok_close =
    "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 14:06:01 GMT\r\n"
    "Content-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
const std::string k_nginx_head =
    "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 14:06:00 GMT\r\n"
    "Content-Type: text/plain\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\n";
// GET /gz with Accept-Encoding: gzip.
const char k_nginx_gzip_chunked_bytes[] =
    "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 14:06:13 GMT\r\n"
    "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
    "Content-Encoding: gzip\r\n\r\n1a\r\n\x1f\x8b\x08\x00\x00\x00\x00\x00\x04\x03\xcb\xcfV\xc8"
    "\x87\".\x00<oxN\x0c\x00\x00\x00\r\n0\r\n\r\n";
const std::string k_nginx_gzip_chunked(k_nginx_gzip_chunked_bytes,
                                       sizeof k_nginx_gzip_chunked_bytes - 1);
const std::string k_nginx_not_modified =
    "HTTP/1.1 304 Not Modified\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 14:06:18 GMT\r\n"
    "Last-Modified: Thu, 03 Dec 2026 14:06:11 GMT\r\nConnection: keep-alive\r\n"
    "ETag: \"6b117753-6\"\r\n\r\n";
const std::string k_nginx_no_content =
    "HTTP/1.1 204 No Content\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 14:06:25 GMT\r\n"
    "Connection: keep-alive\r\n\r\n";
// POST /post with Expect: 100-continue: both answers arrived in one read.
const std::string k_nginx_continue_then_ok =
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
    "Date: Thu, 03 Dec 2026 14:06:20 GMT\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n"
    "Connection: keep-alive\r\n\r\nposted\n";
const std::string k_demoapp_health =
    "HTTP/1.1 200 OK\r\nServer: obsctl-demoapp\r\nContent-Type: application/json\r\n"
    "X-Request-ID: 7-0-1\r\nContent-Length: 20\r\n\r\n{\"status\":\"healthy\"}";
const std::string k_demoapp_error =
    "HTTP/1.1 500 Internal Server Error\r\nServer: obsctl-demoapp\r\n"
    "Content-Type: application/json\r\nX-Request-ID: 7-0-2\r\nContent-Length: 36\r\n\r\n"
    "{\"error\":\"simulated internal error\"}";
const std::string k_demoapp_http10 =
    "HTTP/1.0 200 OK\r\nServer: obsctl-demoapp\r\nContent-Type: application/json\r\n"
    "X-Request-ID: 7-0-4\r\nContent-Length: 20\r\n\r\n{\"status\":\"healthy\"}";
const std::string k_demoapp_http10_keep_alive =
    "HTTP/1.0 200 OK\r\nServer: obsctl-demoapp\r\nContent-Type: application/json\r\n"
    "X-Request-ID: 7-0-5\r\nConnection: keep-alive\r\nContent-Length: 20\r\n\r\n"
    "{\"status\":\"healthy\"}";
const std::string k_demoapp_close =
    "HTTP/1.1 200 OK\r\nServer: obsctl-demoapp\r\nContent-Type: application/json\r\n"
    "X-Request-ID: 7-0-6\r\nConnection: close\r\nContent-Length: 20\r\n\r\n"
    "{\"status\":\"healthy\"}";

/// What a parser made of a response. Where an error is noticed depends on the pieces (a bad
/// header name is seen when its ':' arrives), so `used` is 0 for every error.
struct Parsed {
    State state = State::more;
    std::size_t used = 0;
    unsigned status = 0;
    bool keep_alive = false;
    bool started = false;
    bool operator==(const Parsed&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Parsed& p) {
    return out << "{state " << static_cast<int>(p.state) << ", used " << p.used << ", status "
               << p.status << ", keep_alive " << p.keep_alive << ", started " << p.started << "}";
}

/// Feeds `bytes` in pieces of the sizes `cuts` gives (the last piece takes the rest) and, with
/// `eof`, reports the close once they are all read.
Parsed parse_in_pieces(std::string_view bytes, bool head, bool eof,
                       const std::vector<std::size_t>& cuts) {
    ResponseParser parser;
    parser.reset(head);
    Parsed p;
    std::size_t at = 0;
    for (std::size_t i = 0; at < bytes.size() && p.state == State::more; ++i) {
        const std::size_t n = i < cuts.size() ? cuts[i] : bytes.size() - at;
        const auto step = parser.feed(bytes.substr(at, n));
        if (step.used > std::min(n, bytes.size() - at))  // not BOOST_TEST: 64 KiB byte by byte
            BOOST_ERROR("used " << step.used << " of " << n << " bytes");
        p.used += step.used;
        p.state = step.state;
        at += std::min(n, bytes.size() - at);
    }
    if (eof && p.state == State::more)
        p.state = parser.closed();
    if (p.state == State::error)
        p.used = 0;
    p.status = parser.status();
    p.keep_alive = parser.keep_alive();
    p.started = parser.started();
    return p;
}

/// `bytes` parsed in one piece, after checking that byte by byte and 40 random splits read it
/// the same way.
Parsed parse(std::string_view bytes, bool head = false, bool eof = false) {
    const Parsed whole = parse_in_pieces(bytes, head, eof, {});
    BOOST_TEST(parse_in_pieces(bytes, head, eof, std::vector<std::size_t>(bytes.size(), 1)) ==
               whole);
    std::mt19937 random(static_cast<unsigned>(bytes.size()));
    for (int round = 0; round < 40; ++round) {
        std::vector<std::size_t> cuts;
        for (std::size_t total = 0; total < bytes.size();) {
            cuts.push_back(std::uniform_int_distribution<std::size_t>(0, 24)(random));
            total += cuts.back();
        }
        BOOST_TEST(parse_in_pieces(bytes, head, eof, cuts) == whole);
    }
    return whole;
}

Parsed done(std::size_t used, unsigned status, bool keep_alive) {
    return {State::done, used, status, keep_alive, true};
}
Parsed error(unsigned status) {
    return {State::error, 0, status, false, true};
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_nginx_and_demoapp_answers_to_their_end) {
    BOOST_TEST(parse(k_nginx_ok) == done(k_nginx_ok.size(), 200, true));
    BOOST_TEST(parse(k_nginx_ok_close) == done(k_nginx_ok_close.size(), 200, false));
    BOOST_TEST(parse(k_nginx_gzip_chunked) == done(k_nginx_gzip_chunked.size(), 200, true));
    BOOST_TEST(parse(k_demoapp_health) == done(k_demoapp_health.size(), 200, true));
    BOOST_TEST(parse(k_demoapp_error) == done(k_demoapp_error.size(), 500, true));
    BOOST_TEST(parse(k_demoapp_close) == done(k_demoapp_close.size(), 200, false));
}

BOOST_AUTO_TEST_CASE(http_1_0_keeps_the_connection_only_when_it_says_keep_alive) {
    BOOST_TEST(parse(k_demoapp_http10) == done(k_demoapp_http10.size(), 200, false));
    BOOST_TEST(parse(k_demoapp_http10_keep_alive) ==
               done(k_demoapp_http10_keep_alive.size(), 200, true));
    // Without a length, 1.0 reads to the close.
    BOOST_TEST(parse("HTTP/1.0 200 OK\r\n\r\nbody", false, true) == done(23, 200, false));
}

BOOST_AUTO_TEST_CASE(head_204_and_304_answers_have_no_body) {
    BOOST_TEST(parse(k_nginx_head, true) == done(k_nginx_head.size(), 200, true));
    BOOST_TEST(parse(k_nginx_no_content) == done(k_nginx_no_content.size(), 204, true));
    BOOST_TEST(parse(k_nginx_not_modified) == done(k_nginx_not_modified.size(), 304, true));
    // What follows a HEAD answer is the next response, however long the Content-Length.
    const std::string next = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    BOOST_TEST(parse(k_nginx_head + next, true) == done(k_nginx_head.size(), 200, true));
}

BOOST_AUTO_TEST_CASE(skips_100_continue_and_reads_the_answer_after_it) {
    BOOST_TEST(parse(k_nginx_continue_then_ok) == done(k_nginx_continue_then_ok.size(), 200, true));
    const std::string two_interim =
        "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
        "HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx";
    BOOST_TEST(parse(two_interim) == done(two_interim.size(), 404, true));
    // 101 is final: the connection belongs to another protocol afterwards.
    const std::string upgrade = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n";
    BOOST_TEST(parse(upgrade + "PRI") == done(upgrade.size(), 101, false));
}

BOOST_AUTO_TEST_CASE(reads_chunks_with_extensions_and_trailers) {
    const std::string chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;name=value;flag\r\nhello\r\nA ; q=\"x;y\"\r\n0123456789\r\n0;last\r\n"
        "Expires: never\r\nX-Checksum: 1\r\n\r\n";
    BOOST_TEST(parse(chunked) == done(chunked.size(), 200, true));
    // Bare LF endings, uppercase hex, an empty trailer section.
    const std::string lf =
        "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n1F\n" + std::string(31, 'x') + "\n0\n\n";
    BOOST_TEST(parse(lf) == done(lf.size(), 200, true));
    // The chunked answer is done before the close: no EOF needed.
    BOOST_TEST(parse(chunked + "HTTP/1.1") == done(chunked.size(), 200, true));
}

BOOST_AUTO_TEST_CASE(transfer_encoding_ending_in_chunked_wins_else_the_close_ends_the_body) {
    const std::string gzip_chunked =
        "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, CHUNKED\r\nContent-Length: 99\r\n\r\n"
        "2\r\nab\r\n0\r\n\r\n";
    BOOST_TEST(parse(gzip_chunked) == done(gzip_chunked.size(), 200, true));
    const std::string gzip =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n"
        "Content-Length: 2\r\n\r\nabcdef";
    BOOST_TEST((parse(gzip).state == State::more));
    BOOST_TEST(parse(gzip, false, true) == done(gzip.size(), 200, false));
}

BOOST_AUTO_TEST_CASE(a_body_without_length_ends_at_the_close) {
    const std::string to_close = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\nall of it";
    const Parsed open = parse(to_close);
    BOOST_TEST((open.state == State::more));
    BOOST_TEST(open.used == to_close.size());
    BOOST_TEST(parse(to_close, false, true) == done(to_close.size(), 200, false));
    // A close before the length is read, or before any byte, is an error.
    BOOST_TEST(parse(k_demoapp_health.substr(0, 120), false, true) == error(200));
    BOOST_TEST(parse(k_nginx_ok.substr(0, 40), false, true) == error(200));
    ResponseParser parser;
    parser.reset();
    BOOST_TEST(!parser.started());
    BOOST_TEST((parser.closed() == State::error));
}

BOOST_AUTO_TEST_CASE(content_length_is_digits_that_agree) {
    const std::string head = "HTTP/1.1 200 OK\r\n";
    const std::string same = head + "Content-Length: 3\r\ncontent-length:3 \r\n\r\nabc";
    BOOST_TEST(parse(same) == done(same.size(), 200, true));
    BOOST_TEST(parse(head + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd") == error(200));
    for (const char* bad : {"+3", "-3", "3 3", "0x3", "", "3,3", "18446744073709551616"})
        BOOST_TEST(parse(head + "Content-Length: " + bad + "\r\n\r\n") == error(200), bad);
    BOOST_TEST((parse(head + "Content-Length: 18446744073709551615\r\n\r\n").state == State::more));
}

BOOST_AUTO_TEST_CASE(headers_past_64_kib_are_an_error) {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    const std::string end = "Content-Length: 0\r\n\r\n";
    const std::size_t filler = 64 * 1024 - status.size() - end.size() - 5;  // "X: " and CRLF
    const std::string fits = status + "X: " + std::string(filler, 'a') + "\r\n" + end;
    BOOST_TEST(fits.size() == 64 * 1024);
    BOOST_TEST(parse(fits) == done(fits.size(), 200, true));
    const std::string over = status + "X: " + std::string(filler + 1, 'a') + "\r\n" + end;
    BOOST_TEST(parse(over) == error(200));
    BOOST_TEST(parse_in_pieces(over, false, false, {40000, 40000}) == error(200));
    // A line that never ends is refused at the limit, not buffered forever.
    ResponseParser parser;
    parser.reset();
    const std::string endless(70 * 1024, 'H');
    BOOST_TEST((parser.feed(endless).state == State::error));
}

BOOST_AUTO_TEST_CASE(a_chunk_size_that_is_not_hex_or_too_big_is_an_error) {
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const char* bad : {"zz\r\n", "\r\n", " 5\r\n", "5 x\r\n", "-1\r\n", "1000000000000000\r\n",
                            "2\r\nabX\r\n", "2\r\nab\r\r\n"})
        BOOST_TEST(parse(head + bad) == error(200), bad);
    BOOST_TEST((parse(head + "fffffffffffffff\r\n").state == State::more));  // 2^60 - 1
}

BOOST_AUTO_TEST_CASE(a_status_line_that_is_not_http_1_is_an_error) {
    for (const char* bad :
         {"HTTP/2 200 OK\r\n", "HTTP/1.1 20 OK\r\n", "HTTP/1.1 200OK\r\n", "http/1.1 200 OK\r\n",
          "ICY 200 OK\r\n", "HTTP/1.1 099 Low\r\n", "HTTP/1.x 200 OK\r\n",
          "\r\nHTTP/1.1 200 OK\r\n", "HTTP/1.1  200 OK\r\n", "<html>\n", "HTTP/1.1 2OO OK\r\n"}) {
        const Parsed p = parse(bad);
        BOOST_TEST((p.state == State::error), bad);
        BOOST_TEST(p.status == 0u, bad);
    }
    // The reason is optional.
    const std::string no_reason = "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n";
    BOOST_TEST(parse(no_reason) == done(no_reason.size(), 200, true));
}

BOOST_AUTO_TEST_CASE(bad_header_lines_are_an_error_and_names_ignore_case) {
    const std::string head = "HTTP/1.1 200 OK\r\n";
    BOOST_TEST(parse(head + "No colon\r\n\r\n") == error(200));
    BOOST_TEST(parse(head + "Bad name: x\r\n\r\n") == error(200));
    BOOST_TEST(parse(head + ": x\r\n\r\n") == error(200));
    BOOST_TEST(parse(head + " folded: x\r\n\r\n") == error(200));
    BOOST_TEST(parse(head + "Connection: keep-alive\r\n close\r\n\r\n") == error(200));
    // A continued field nobody reads is harmless.
    const std::string fold = head +
                             "X-Long: a\r\n\tb c: d\r\nCONNECTION: Close\r\nconTENT-length: 1"
                             "\r\n\r\nz";
    BOOST_TEST(parse(fold) == done(fold.size(), 200, false));
}

BOOST_AUTO_TEST_CASE(two_pipelined_responses_are_read_one_at_a_time) {
    const std::string both = k_nginx_ok + k_nginx_ok_close;
    BOOST_TEST(parse(both) == done(k_nginx_ok.size(), 200, true));
    ResponseParser parser;
    parser.reset();
    const auto first = parser.feed(both);
    BOOST_TEST((first.state == State::done));
    BOOST_TEST(first.used == k_nginx_ok.size());
    // Without reset the parser stays at its answer.
    const auto again = parser.feed(std::string_view(both).substr(first.used));
    BOOST_TEST((again.state == State::done));
    BOOST_TEST(again.used == 0u);
    parser.reset();
    const auto second = parser.feed(std::string_view(both).substr(first.used));
    BOOST_TEST((second.state == State::done));
    BOOST_TEST(second.used == k_nginx_ok_close.size());
    BOOST_TEST(!parser.keep_alive());
    // After an error, the same: nothing more is read.
    parser.reset();
    BOOST_TEST((parser.feed("garbage\r\n").state == State::error));
    const auto after = parser.feed(k_nginx_ok);
    BOOST_TEST((after.state == State::error));
    BOOST_TEST(after.used == 0u);
}
