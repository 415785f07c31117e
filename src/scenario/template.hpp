#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace scenario {

/// SplitMix64: a tiny, fast random generator (a UniformRandomBitGenerator). Seeded per request
/// from (seed, request index), so the same seed gives the same requests whatever thread or
/// order sends them; seeding costs nothing, unlike std::mt19937_64's 312-word state.
struct Rng {
    using result_type = std::uint64_t;
    std::uint64_t state;
    explicit Rng(std::uint64_t seed) : state(seed) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return UINT64_MAX; }
    result_type operator()() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

/// What a template draws on when rendered for one request.
struct RenderContext {
    Rng& rng;
    std::uint64_t seq = 0;  ///< the request's index in the run (0, 1, 2, ...)
};

/// A string with `{{function args}}` parts, compiled once and rendered per request:
///   {{randint A B}}  an integer in [A, B]        {{randfloat A B}}  a number in [A, B)
///   {{choice a b c}} one of the words             {{uuid}}           a random UUID v4
///   {{seq}}          the request's index          {{now}}            Unix time in ms
class Template {
  public:
    Template() = default;

    /// Compiles `text`; on a mistake returns false and sets `error` (e.g. "unknown template
    /// function {{rnd}}: use randint, randfloat, choice, uuid, seq or now").
    static bool compile(std::string_view text, Template& out, std::string& error);

    std::string render(RenderContext& ctx) const;
    bool is_literal() const {
        return m_parts.size() <= 1 &&
               (m_parts.empty() || std::holds_alternative<std::string>(m_parts[0]));
    }
    /// Whether the whole template is one function that yields a number (randint, randfloat,
    /// seq, now): a JSON body then writes it without quotes.
    bool is_single_number() const;
    const std::string& source() const { return m_source; }

  private:
    struct RandInt {
        std::int64_t low, high;
    };
    struct RandFloat {
        double low, high;
    };
    struct Choice {
        std::vector<std::string> options;
    };
    struct Uuid {};
    struct Seq {};
    struct Now {};
    using Part = std::variant<std::string, RandInt, RandFloat, Choice, Uuid, Seq, Now>;
    std::vector<Part> m_parts;
    std::string m_source;
};

}  // namespace scenario
