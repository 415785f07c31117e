// load::ResponseParser on what any server (or anything listening on the port) may answer: the
// bytes read as back-to-back responses in one piece must give what they give in pieces.
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "load/http1_response.hpp"

namespace {

using load::ResponseParser;

/// One response as read: its end (bytes taken), state, status and keep-alive.
struct H1Outcome {
    ResponseParser::State state;
    std::size_t used;
    unsigned status;
    bool keep_alive;
    bool operator==(const H1Outcome&) const = default;
};

/// Reads `bytes` as responses one after the other (reset after each done), handing the parser
/// pieces of the sizes `next_piece` gives; `eof`: the peer closes after the last byte.
template <typename NextPiece>
std::vector<H1Outcome> read_responses(std::string_view bytes, bool head, bool eof,
                                      NextPiece next_piece) {
    std::vector<H1Outcome> outcomes;
    ResponseParser parser;
    parser.reset(head);
    std::size_t used = 0;  // by the current response
    std::string_view piece;
    while (true) {
        if (piece.empty()) {
            if (bytes.empty())
                break;
            piece = bytes.substr(0, next_piece());
            bytes.remove_prefix(piece.size());
        }
        const auto step = parser.feed(piece);
        FUZZ_ASSERT(step.used <= piece.size());
        FUZZ_ASSERT(parser.started() || piece.empty());
        piece.remove_prefix(step.used);
        used += step.used;
        if (step.state == ResponseParser::State::more)
            continue;
        // Where an error is seen depends on the pieces (a bad name when its ':' arrives).
        const bool failed = step.state == ResponseParser::State::error;
        outcomes.push_back({step.state, failed ? 0 : used, parser.status(), parser.keep_alive()});
        FUZZ_ASSERT(parser.feed(piece).used == 0);  // stays at its answer until reset
        if (failed)
            return outcomes;
        FUZZ_ASSERT(parser.status() >= 100 && parser.status() <= 999);
        parser.reset(head);
        used = 0;
    }
    if (parser.started()) {
        const auto state = eof ? parser.closed() : ResponseParser::State::more;
        const bool failed = state == ResponseParser::State::error;
        FUZZ_ASSERT(!failed || !parser.keep_alive());
        outcomes.push_back({state, failed ? 0 : used, parser.status(), parser.keep_alive()});
    }
    return outcomes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Byte 0: bit 0 the request was HEAD, bit 1 the peer closes at the end, bits 2-7 the
    // largest piece (0: byte by byte); the pieces' sizes follow from it.
    if (size == 0)
        return 0;
    const bool head = (data[0] & 1) != 0;
    const bool eof = (data[0] & 2) != 0;
    const std::uint32_t largest = data[0] >> 2;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    const auto whole = read_responses(bytes, head, eof, [&] { return bytes.size(); });
    std::uint32_t random = data[0] * 2654435761u + 1;
    const auto in_pieces = read_responses(bytes, head, eof, [&]() -> std::size_t {
        if (largest == 0)
            return 1;
        random = random * 1664525u + 1013904223u;  // Numerical Recipes' LCG
        return (random >> 16) % (largest + 1);     // 0 to largest bytes
    });
    FUZZ_ASSERT(whole == in_pieces);
    return 0;
}
