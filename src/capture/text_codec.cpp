#include "capture/text_codec.hpp"

#include <algorithm>
#include <cctype>

#include "util/base64.hpp"
#include "util/text.hpp"

namespace capture {

namespace {

using util::hex_value;

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::string latin1_to_utf8(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

/// One encoded-word "=?charset?enc?text?=" at the start of `s`: its decoded text and length.
std::optional<std::pair<std::string, std::size_t>> encoded_word(std::string_view s) {
    if (!s.starts_with("=?"))
        return std::nullopt;
    // RFC 2047 caps a word at 75 characters (Go's encoder splits there): looking no further
    // keeps a header full of "=?" linear.
    s = s.substr(0, 256);
    const auto q1 = s.find('?', 2);
    if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?')
        return std::nullopt;
    const auto end = s.find("?=", q1 + 3);
    if (end == std::string_view::npos)
        return std::nullopt;
    std::string_view charset = s.substr(2, q1 - 2);
    charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
    const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
    const std::string_view text = s.substr(q1 + 3, end - q1 - 3);
    if (text.find_first_of(" \t\r\n") != std::string_view::npos)
        return std::nullopt;
    std::string bytes;
    if (encoding == 'Q') {
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '_') {
                bytes += ' ';
            } else if (text[i] == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                       hex_value(text[i + 2]) >= 0) {
                bytes += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
                i += 2;
            } else {
                bytes += text[i];
            }
        }
    } else if (encoding == 'B') {
        auto decoded = util::base64_decode(text);
        if (!decoded)
            return std::nullopt;
        bytes = std::move(*decoded);
    } else {
        return std::nullopt;
    }
    if (iequals(charset, "iso-8859-1") || iequals(charset, "latin1"))
        bytes = latin1_to_utf8(bytes);
    return std::pair{std::move(bytes), end + 2};
}

}  // namespace

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string capped(std::string_view text, std::size_t limit) {
    if (text.size() <= limit)
        return std::string(text);
    std::size_t end = limit;
    // Back off continuation bytes (10xxxxxx) so a multi-byte character is not split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80 && limit - end < 4)
        --end;
    return std::string(text.substr(0, end));
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0)
                return std::nullopt;
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> form_decode(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value)
            return std::nullopt;
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

std::string quoted_printable_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '=') {
            out += c;
            continue;
        }
        // A soft line break: '=' then optional whitespace, then CRLF or LF.
        std::size_t j = i + 1;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
            ++j;
        if (j < text.size() && (text[j] == '\r' || text[j] == '\n')) {
            if (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n')
                ++j;
            i = j;
            continue;
        }
        if (j == text.size()) {  // '=' at the very end: a soft break without its newline
            i = j;
            continue;
        }
        if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> mime_base64_decode(std::string_view text) {
    std::string compact;
    compact.reserve(text.size());
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c)))
            compact += c;
    }
    return util::base64_decode(compact);
}

std::string decode_encoded_words(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool after_word = false;  // the last thing written was an encoded-word
    std::size_t i = 0;
    while (i < value.size()) {
        if (auto word = encoded_word(value.substr(i))) {
            out += word->first;
            i += word->second;
            after_word = true;
            continue;
        }
        if (after_word && (value[i] == ' ' || value[i] == '\t')) {
            // Whitespace between two encoded-words is dropped; before anything else it stays.
            std::size_t j = i;
            while (j < value.size() && (value[j] == ' ' || value[j] == '\t'))
                ++j;
            if (j < value.size() && encoded_word(value.substr(j))) {
                i = j;
                continue;
            }
            out.append(value.substr(i, j - i));
            i = j;
            after_word = false;
            continue;
        }
        out += value[i++];
        after_word = false;
    }
    return out;
}

}  // namespace capture
