#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace promql {

/// What a token of a PromQL expression is.
enum class Kind {
    identifier,  ///< a metric, label, function or keyword name: `rate`, `by`, `job:errors:rate5m`
    number,      ///< `0.05`, `1e3`, `0x1f`, `Inf`, `NaN` (any case, as Prometheus reads them)
    duration,    ///< one or more <integer><unit> terms: `5m`, `1h30m`, `500ms`
    string,      ///< "...", '...' (backslash escapes) or `...` (raw), quotes included
    comment,     ///< `#` to the end of the line (the line break is not part of it)
    open,        ///< `(`, `{` or `[`
    close,       ///< `)`, `}` or `]`
    op,          ///< `==`, `!=`, `>=`, `<=`, `=~`, `!~`, or any other single character
};

/// One token: where it is in the expression and its text as written.
struct Token {
    Kind kind = Kind::op;
    std::size_t begin = 0;  ///< offset of its first character
    std::size_t end = 0;    ///< offset after its last character
    std::string_view text;  ///< the expression's characters [begin, end): a view, valid as
                            ///< long as the expression passed to `lex` is
};

/// Every token of `expr` in order, comments included, white space left out. Never fails: an
/// unterminated string or comment runs to the end, a character PromQL has no use for is an
/// `op` of its own. Inside `[...]` a `:` is an `op` (a subquery's step); elsewhere it may start
/// a name, as in recording rules' `job:errors:rate5m`.
std::vector<Token> lex(std::string_view expr);

/// `lex` without the comments: what the query engine reads.
std::vector<Token> code_tokens(std::string_view expr);

/// A string token's value: its quotes taken off and, except in a backtick string, each
/// backslash dropped and the character after it kept as is (`\"` is `"`, `\\` is `\`).
std::string string_value(const Token& token);

/// Whether `token` is the identifier `word` (given in lower case) in any case: PromQL's
/// keywords (`offset`, `by`, `and`, ...) are read that way.
bool is_word(const Token& token, std::string_view word);

/// Whether `token` is the bracket `c`: one of ( ) { } [ ].
bool is_bracket(const Token& token, char c);

}  // namespace promql
