#include "capture/email.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "capture/text_codec.hpp"
#include "util/text.hpp"

namespace capture {

namespace {

/// MIME nesting obsctl follows (Alertmanager's is 1: one multipart/alternative).
constexpr int k_max_depth = 8;
/// Header lines in one entity: far above any real message, so a message of nothing but short
/// header lines stays cheap to read.
constexpr std::size_t k_max_headers = 10'000;

struct UnreadableEmail {
    std::string why;
};

struct Header {
    std::string name;
    std::string value;
};

/// One MIME entity: the message itself or one part of a multipart body.
struct Entity {
    std::vector<Header> headers;
    std::string_view body;

    const std::string* header(std::string_view name) const {
        for (const auto& h : headers) {
            if (std::equal(h.name.begin(), h.name.end(), name.begin(), name.end(),
                           [](char a, char b) {
                               return std::tolower(static_cast<unsigned char>(a)) ==
                                      std::tolower(static_cast<unsigned char>(b));
                           }))
                return &h.value;
        }
        return nullptr;
    }
};

/// The line starting at `pos` without its line ending (CRLF or a lone LF), and where the next
/// line starts.
std::pair<std::string_view, std::size_t> line_at(std::string_view text, std::size_t pos) {
    const auto nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    return {line, nl == std::string_view::npos ? text.size() : nl + 1};
}

/// Header lines (unfolded: a line starting with a space or tab continues the one before) up to
/// the first empty line; the rest is the body. Without an empty line it is all header.
Entity split_entity(std::string_view text) {
    Entity e;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto [line, next] = line_at(text, pos);
        pos = next;
        if (line.empty())
            return {std::move(e.headers), text.substr(pos)};
        if (line.front() == ' ' || line.front() == '\t') {
            if (e.headers.empty())
                throw UnreadableEmail{"the first header line is a continuation"};
            e.headers.back().value += line;
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            throw UnreadableEmail{"a header line without a name and ':' (\"" + capped(line, 60) +
                                  "\")"};
        const std::string_view name = line.substr(0, colon);
        if (std::any_of(name.begin(), name.end(),
                        [](unsigned char c) { return c <= 32 || c >= 127; }))
            throw UnreadableEmail{"a header name with a space or a control character"};
        if (e.headers.size() == k_max_headers)
            throw UnreadableEmail{"more than 10000 header lines"};
        e.headers.push_back({std::string(name), std::string(line.substr(colon + 1))});
    }
    return e;
}

struct ContentType {
    std::string type = "text/plain";            ///< lower case
    std::map<std::string, std::string> params;  ///< names lower case
};

ContentType content_type(const Entity& e) {
    ContentType ct;
    const std::string* value = e.header("Content-Type");
    if (value == nullptr)
        return ct;
    std::string_view rest(*value);
    const auto semi = rest.find(';');
    ct.type = ascii_lower(util::trim(rest.substr(0, semi)));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!rest.empty()) {
        const auto eq = rest.find('=');
        if (eq == std::string_view::npos)
            break;
        const std::string name = ascii_lower(util::trim(rest.substr(0, eq)));
        rest = util::trim(rest.substr(eq + 1));
        std::string val;
        if (rest.starts_with('"')) {
            const auto close = rest.find('"', 1);
            val = std::string(
                rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1));
            rest = close == std::string_view::npos ? std::string_view{} : rest.substr(close + 1);
            const auto next = rest.find(';');
            rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        } else {
            const auto next = rest.find(';');
            val = std::string(util::trim(rest.substr(0, next)));
            rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        }
        ct.params.emplace(name, std::move(val));
    }
    return ct;
}

/// The body parts between "--boundary" lines (RFC 2046 5.1.1): the line break before a
/// delimiter belongs to it; the preamble and epilogue are dropped. A body that never closes
/// ends its last part (Go's reader would fail; the text is still worth showing).
std::vector<std::string_view> split_multipart(std::string_view body, const std::string& boundary) {
    const std::string delimiter = "--" + boundary;
    std::vector<std::string_view> parts;
    std::optional<std::size_t> start;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const std::size_t line_begin = pos;
        auto [line, next] = line_at(body, pos);
        pos = next;
        if (!line.starts_with(delimiter))
            continue;
        const std::string_view after = util::trim(line.substr(delimiter.size()));
        const bool close = after == "--";
        if (!close && !after.empty())
            continue;  // a line that only starts like the delimiter
        if (start) {
            std::string_view part = body.substr(*start, line_begin - *start);
            if (part.ends_with('\n'))
                part.remove_suffix(1);
            if (part.ends_with('\r'))
                part.remove_suffix(1);
            parts.push_back(part);
        }
        if (close)
            return parts;
        start = pos;
    }
    if (start)
        parts.push_back(body.substr(*start));
    return parts;
}

/// CRLF as a person's reader shows it: a newline.
std::string newlines(std::string text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        out += text[i];
    }
    return out;
}

std::string decoded_body(const Entity& e) {
    const std::string* cte = e.header("Content-Transfer-Encoding");
    const std::string encoding = cte ? ascii_lower(util::trim(*cte)) : std::string{};
    if (encoding == "quoted-printable")
        return newlines(quoted_printable_decode(e.body));
    if (encoding == "base64") {
        auto bytes = mime_base64_decode(e.body);
        if (!bytes)
            throw UnreadableEmail{"a base64 part that is not base64"};
        return newlines(std::move(*bytes));
    }
    return newlines(std::string(e.body));
}

struct Bodies {
    std::optional<std::string> text;
    std::optional<std::string> html;
};

void read_entity(const Entity& e, int depth, Bodies& out) {
    const ContentType ct = content_type(e);
    if (ct.type.starts_with("multipart/")) {
        if (depth == k_max_depth)
            throw UnreadableEmail{"MIME parts nested deeper than 8"};
        const auto boundary = ct.params.find("boundary");
        if (boundary == ct.params.end() || boundary->second.empty())
            throw UnreadableEmail{ct.type + " without a boundary"};
        const auto parts = split_multipart(e.body, boundary->second);
        if (parts.empty())
            throw UnreadableEmail{ct.type + ": the boundary \"" + capped(boundary->second, 80) +
                                  "\" is never found"};
        for (const auto part : parts)
            read_entity(split_entity(part), depth + 1, out);
    } else if (ct.type == "text/plain" && !out.text) {
        out.text = decoded_body(e);
    } else if (ct.type == "text/html" && !out.html) {
        out.html = decoded_body(e);
    }
}

}  // namespace

Notification parse_email(std::string_view message, std::chrono::steady_clock::time_point at) {
    Notification n;
    n.integration = "email";
    n.at = at;
    n.raw = capped(message);
    try {
        const Entity e = split_entity(message);
        if (e.headers.empty())
            throw UnreadableEmail{"no header"};
        if (const std::string* tag = e.header(k_capture_header)) {
            auto path = parse_capture_path("/capture/" + std::string(util::trim(*tag)));
            if (path && path->integration == "email" && path->rest.empty()) {
                n.receiver = std::move(path->receiver);
                n.index = path->index;
            }
        }
        for (const char* name : {"Subject", "From", "To"}) {
            if (const std::string* value = e.header(name))
                n.fields.push_back({ascii_lower(name), decode_encoded_words(util::trim(*value))});
        }
        Bodies bodies;
        read_entity(e, 0, bodies);
        if (bodies.text)
            n.fields.push_back({"text", std::move(*bodies.text)});
        if (bodies.html)
            n.fields.push_back({"html", std::move(*bodies.html)});
    } catch (const UnreadableEmail& e) {
        n.unreadable = e.why;
        n.fields.clear();
    } catch (const std::exception& e) {  // std::bad_alloc, or a bug: still delivered
        n.unreadable = e.what();
        n.fields.clear();
    }
    return n;
}

}  // namespace capture
