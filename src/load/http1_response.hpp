#pragma once

#include <cstddef>
#include <cstdint>
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
    // Implementation state (owned by whoever implements the parser; may change freely).
    unsigned m_status = 0;
    bool m_keep_alive = true;
    bool m_started = false;
};

}  // namespace load
