#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace load {

/// One HTTP/1.x response read incrementally, each byte looked at once: the status, whether the
/// connection stays open, and where the body ends (Content-Length, chunked, or the close).
/// Headers and bodies are skipped, never stored. Bounded: the status line and headers at most
/// 64 KiB, a chunk size below 2^60; anything else malformed is State::error.
///
/// Rules: `HTTP/1.x SSS reason`; 1xx answers other than 101 are interim and skipped; a
/// Transfer-Encoding ending in `chunked` wins over Content-Length; differing Content-Lengths
/// are an error; chunks are `hex[;ext] CRLF data CRLF`, ended by `0` and trailers up to an empty
/// line; HEAD requests and 1xx/204/304 answers have no body; HTTP/1.0 keeps the connection
/// only with `Connection: keep-alive`, 1.1 unless `Connection: close`.
class ResponseParser {
  public:
    enum class State { more, done, error };
    struct Step {
        std::size_t used = 0;  ///< bytes taken; stops at the response's end (more may follow)
        State state = State::more;
    };

    /// Ready for the next response; `head_request`: the request was HEAD (no body follows).
    void reset(bool head_request = false);
    /// Reads the next bytes of the response.
    Step feed(std::string_view bytes);
    /// The peer closed the connection: done for a body read to the close, else error.
    State closed();

    unsigned status() const { return m_status; }
    bool keep_alive() const { return m_keep_alive; }
    /// Any byte of this response has been read (a close before it is a stale connection).
    bool started() const { return m_started; }

  private:
    /// Where the next byte belongs. The line phases (status_line, headers, chunk_size, trailers)
    /// find each '\n' with memchr; a line split between two reads is kept in m_line.
    enum class Phase : std::uint8_t {
        status_line,
        headers,
        body_length,    ///< m_remaining bytes of a Content-Length body
        body_to_close,  ///< everything up to the close
        chunk_size,
        chunk_data,  ///< m_remaining bytes of the current chunk
        chunk_cr,    ///< the CRLF after a chunk's data
        chunk_lf,
        trailers,
        done,
        error,
    };

    /// The status line and headers of one response (interim ones each their own), and each
    /// chunk-size line, and the trailers, at most this many bytes.
    static constexpr std::size_t k_max_head = 64 * 1024;

    State state() const;
    std::size_t take_line(std::string_view rest);
    void keep_partial_line(std::string_view part);
    void take_status_line(std::string_view line);
    void take_header_line(std::string_view line);
    void take_chunk_size_line(std::string_view line);
    void end_of_headers();
    void start_head();
    void fail();

    unsigned m_status = 0;
    bool m_keep_alive = true;
    bool m_started = false;

    Phase m_phase = Phase::status_line;
    bool m_head_request = false;
    bool m_http10 = false;
    bool m_connection_close = false;
    bool m_connection_keep_alive = false;
    bool m_has_length = false;
    bool m_has_transfer_encoding = false;
    bool m_chunked = false;
    bool m_fold_allowed = false;  ///< the last header line may be continued (obs-fold)
    bool m_skip_line = false;     ///< the rest of a split line matters to nobody
    bool m_name_known = false;    ///< the split line's name (up to ':') is already judged
    std::uint64_t m_length = 0;
    std::uint64_t m_remaining = 0;
    /// Bytes the current head (or chunk-size line, or trailers) may still take.
    std::size_t m_line_budget = k_max_head;
    std::string m_line;  ///< a split line so far; its capacity is reused
};

}  // namespace load
