#include "scenario/series_parse.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "scenario/reader.hpp"
#include "util/text.hpp"

namespace scenario {
namespace {

using Sample = SeriesSpec::Sample;

bool is_alpha(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool valid_metric_name(std::string_view s) {
    if (s.empty() || !(is_alpha(s[0]) || s[0] == ':'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == ':'; });
}

bool valid_label_name(std::string_view s) {
    return !s.empty() && is_alpha(s[0]) && std::all_of(s.begin(), s.end(), is_alnum);
}

/// Reads one item of the notation from `s` at `pos` (the lexer and grammar in one: an item is
/// short and has no nesting).
class ItemReader {
  public:
    explicit ItemReader(std::string_view item) : m_item(item) {}

    bool done() const { return m_pos == m_item.size(); }
    char peek() const { return done() ? '\0' : m_item[m_pos]; }
    bool take(char c) {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    /// A number as lex.go's scanNumber and parse.go's `number` read it: a literal, or the
    /// words inf and nan in any case. Fails with the reason.
    std::expected<double, std::string> number() {
        const std::size_t start = m_pos;
        if (is_alpha(peek())) {
            // lexKeywordOrIdentifier: the whole word (letters, digits, _ and :) is one token.
            while (!done() && (is_alnum(peek()) || peek() == ':'))
                ++m_pos;
            std::string word(m_item.substr(start, m_pos - start));
            std::transform(word.begin(), word.end(), word.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (word == "inf")
                return std::numeric_limits<double>::infinity();
            if (word == "nan")
                return std::numeric_limits<double>::quiet_NaN();
            return std::unexpected("unexpected word \"" +
                                   std::string(m_item.substr(start, m_pos - start)) +
                                   "\" (expected a number, _ or stale)");
        }
        if (!(is_digit(peek()) ||
              (peek() == '.' && m_pos + 1 < m_item.size() && is_digit(m_item[m_pos + 1])))) {
            return std::unexpected(done() ? std::string("a number is missing at its end")
                                          : "unexpected \"" + std::string(1, peek()) +
                                                "\" (expected a number)");
        }
        while (is_digit(peek()))
            ++m_pos;
        if (take('.'))
            while (is_digit(peek()))
                ++m_pos;
        if (take('e') || take('E')) {
            if (!take('+'))
                take('-');
            while (is_digit(peek()))
                ++m_pos;
        }
        const std::string_view text = m_item.substr(start, m_pos - start);
        if (!done() && peek() != 'x' && is_alnum(peek()))
            return std::unexpected("bad number \"" + std::string(m_item.substr(start)) + "\"");
        return literal(text);
    }

    /// The N of `xN`: decimal digits that fit in 64 bits (strconv.ParseUint base 10).
    std::expected<std::uint64_t, std::string> repetitions() {
        const std::size_t start = m_pos;
        while (is_digit(peek()))
            ++m_pos;
        std::uint64_t n = 0;
        const std::string_view text = m_item.substr(start, m_pos - start);
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !done())
            return std::unexpected("expected a whole number of repetitions after x");
        return n;
    }

  private:
    static std::expected<double, std::string> literal(std::string_view text) {
        // parse.go tries strconv.ParseInt(val, 0, 64) first: a leading 0 makes it octal.
        if (text.size() > 1 && text[0] == '0' &&
            text.find_first_not_of("01234567") == std::string_view::npos) {
            std::uint64_t octal = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), octal, 8);
            if (ec == std::errc{} && end == text.data() + text.size() &&
                octal <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return static_cast<double>(octal);
        }
        double value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc::result_out_of_range)
            return std::unexpected("\"" + std::string(text) + "\" is out of range");
        if (ec != std::errc{} || end != text.data() + text.size())
            return std::unexpected("bad number \"" + std::string(text) + "\"");
        return value;
    }

    std::string_view m_item;
    std::size_t m_pos = 0;
};

/// Appends one item's values to `out`, never past `limit` in all.
std::expected<void, std::string> expand_item(std::string_view item, std::vector<Sample>& out,
                                             std::size_t limit) {
    auto room_for = [&](std::uint64_t n) -> std::expected<void, std::string> {
        if (n > limit - out.size())
            return std::unexpected("expands to more than " + std::to_string(limit) +
                                   " values, the limit (" +
                                   std::to_string(limits::k_series_samples) + " a series, " +
                                   std::to_string(limits::k_all_series_samples) + " in all)");
        return {};
    };
    ItemReader r(item);
    if (r.take('_')) {
        if (r.done()) {
            if (auto ok = room_for(1); !ok)
                return ok;
            out.push_back({Sample::Kind::missing, 0});
            return {};
        }
        if (!r.take('x'))
            return std::unexpected("expected _ or _xN");
        auto n = r.repetitions();
        if (!n)
            return std::unexpected(n.error());
        if (auto ok = room_for(*n); !ok)
            return ok;
        out.insert(out.end(), *n, Sample{Sample::Kind::missing, 0});
        return {};
    }
    if (item == "stale") {
        if (auto ok = room_for(1); !ok)
            return ok;
        out.push_back({Sample::Kind::stale, 0});
        return {};
    }
    if (item.starts_with("stale") && item.size() > 5 && !is_alnum(item[5]) && item[5] != ':')
        return std::unexpected("stale stands alone: no increment or repetition");
    // series_value: number | ('+'|'-') number
    const bool negative = r.peek() == '-';
    if (!r.take('+'))
        r.take('-');
    auto first = r.number();
    if (!first)
        return std::unexpected(first.error());
    double value = negative ? -*first : *first;
    if (r.done()) {
        if (auto ok = room_for(1); !ok)
            return ok;
        out.push_back({Sample::Kind::value, value});
        return {};
    }
    double step = 0;
    if (r.peek() == '+' || r.peek() == '-') {
        const bool down = r.peek() == '-';
        r.take(r.peek());
        auto b = r.number();
        if (!b)
            return std::unexpected(b.error());
        step = down ? -*b : *b;
        if (r.done())
            return std::unexpected("an increment needs a repetition: a+bxN");
    }
    if (!r.take('x'))
        return std::unexpected("unexpected \"" + std::string(1, r.peek()) + "\"");
    auto n = r.repetitions();
    if (!n)
        return std::unexpected(n.error());
    // N+1 values: "an additional value for time 0" (generated_parser.y).
    if (*n == std::numeric_limits<std::uint64_t>::max())
        return room_for(*n);
    if (auto ok = room_for(*n + 1); !ok)
        return ok;
    for (std::uint64_t i = 0; i <= *n; ++i) {
        out.push_back({Sample::Kind::value, value});
        value += step;
    }
    return {};
}

/// The text of a quoted label value, quote at `pos`; `pos` moves past the closing quote.
std::expected<std::string, std::string> quoted(std::string_view s, std::size_t& pos) {
    const char quote = s[pos++];
    std::string out;
    while (pos < s.size() && s[pos] != quote) {
        char c = s[pos++];
        if (c == '\n')
            return std::unexpected("a label value ends at the end of the line");
        if (c == '\\' && quote != '`') {
            if (pos == s.size())
                break;
            const char e = s[pos++];
            switch (e) {
                case 'n':
                    c = '\n';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case '\\':
                case '"':
                case '\'':
                    c = e;
                    break;
                default:
                    return std::unexpected(std::string("unsupported escape \\") + e +
                                           " in a label value (\\\\ \\\" \\' \\n \\t \\r are)");
            }
        }
        out += c;
    }
    if (pos == s.size())
        return std::unexpected("a label value's closing " + std::string(1, quote) + " is missing");
    ++pos;
    return out;
}

void skip_blanks(std::string_view s, std::size_t& pos) {
    while (pos < s.size() && is_blank(s[pos]))
        ++pos;
}

SeriesSpec parse_one(const YAML::Node& node, const std::string& path,
                     const std::vector<Phase>& phases, std::size_t limit) {
    Reader r(node, path);
    r.only_keys({"series", "values", "interval", "phases"});
    SeriesSpec spec;
    spec.text = r.string("series");
    auto name = parse_series_name(spec.text);
    if (!name)
        r.fail(r.node("series"), "series", name.error());
    spec.metric = std::move(name->metric);
    spec.labels = std::move(name->labels);
    if (r.has("values") == r.has("phases"))
        r.fail_here(
            "give either `values` (promtool's notation, one per interval) or `phases` (a value "
            "per phase), not both or neither");
    if (r.has("values")) {
        const auto text = r.string("values");
        auto values = expand_series_values(text, limit);
        if (!values)
            r.fail(r.node("values"), "values", values.error());
        if (values->empty())
            r.fail(r.node("values"), "values", "no values: expected e.g. '1+1x10' or '5 _ 7'");
        spec.values = std::move(*values);
        spec.interval = r.duration_at_most("interval", limits::k_run).value_or(spec.interval);
        if (spec.interval.count() <= 0)
            r.fail(r.node("interval"), "interval", "must be above 0");
        return spec;
    }
    if (r.has("interval"))
        r.fail(r.node("interval"), "interval",
               "only `values` come per interval; `phases` follow the phases");
    const auto given = r.node("phases");
    if (!given.IsMap() || given.size() == 0)
        r.fail(given, "phases", "expected a mapping of phase name -> value or {from, to}");
    std::vector<std::string> names;
    for (const auto& p : phases)
        names.push_back(p.name);
    Reader pr(given, r.path("phases"));
    for (const auto& entry : given) {
        const std::string phase = entry.first.Scalar();
        if (std::find(names.begin(), names.end(), phase) == names.end()) {
            const std::string suggestion = util::closest(phase, names);
            pr.fail(entry.first, phase,
                    "no phase has this name" + (suggestion.empty()
                                                    ? "; phases: " + util::join(names, ", ")
                                                    : ", did you mean `" + suggestion + "`?"));
        }
        SeriesSpec::Span span;
        if (entry.second.IsMap()) {
            Reader line(entry.second, pr.path(phase));
            line.only_keys({"from", "to"});
            auto from = line.number("from", "a number");
            auto to = line.number("to", "a number");
            if (!from || !to)
                line.fail_here("expected both `from` and `to`");
            span = {*from, *to};
        } else {
            const double v = *pr.number(phase.c_str(), "a number or {from, to}");
            span = {v, v};
        }
        spec.phases[phase] = span;
    }
    return spec;
}

}  // namespace

std::expected<SeriesName, std::string> parse_series_name(std::string_view text) {
    SeriesName out;
    std::size_t pos = 0;
    skip_blanks(text, pos);
    const std::size_t start = pos;
    while (pos < text.size() && (is_alnum(text[pos]) || text[pos] == ':'))
        ++pos;
    out.metric = std::string(text.substr(start, pos - start));
    if (!out.metric.empty() && !valid_metric_name(out.metric))
        return std::unexpected("\"" + out.metric +
                               "\" is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    skip_blanks(text, pos);
    if (pos < text.size() && text[pos] == '{') {
        ++pos;
        for (;;) {
            skip_blanks(text, pos);
            if (pos < text.size() && text[pos] == '}')
                break;
            const std::size_t name_start = pos;
            while (pos < text.size() && is_alnum(text[pos]))
                ++pos;
            const std::string name(text.substr(name_start, pos - name_start));
            if (!valid_label_name(name))
                return std::unexpected(
                    name.empty() ? "expected a label name at \"" +
                                       std::string(text.substr(name_start, 10)) + "\""
                                 : "\"" + name + "\" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            if (name.starts_with("__") && name != "__name__")
                return std::unexpected("label names starting with __ are Prometheus' own: \"" +
                                       name + "\"");
            skip_blanks(text, pos);
            if (pos >= text.size() || text[pos] != '=' ||
                (pos + 1 < text.size() && (text[pos + 1] == '~')))
                return std::unexpected("expected = after label " + name +
                                       " (a series has values, not matchers)");
            ++pos;
            skip_blanks(text, pos);
            if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'' && text[pos] != '`'))
                return std::unexpected("label " + name + "'s value must be quoted: " + name +
                                       "=\"...\"");
            auto value = quoted(text, pos);
            if (!value)
                return std::unexpected(value.error());
            if (value->empty())
                return std::unexpected(
                    "label " + name +
                    " is empty: Prometheus treats that as no label; leave it out");
            if (name == "__name__") {
                if (!out.metric.empty())
                    return std::unexpected("the metric is named twice (before { and __name__)");
                if (!valid_metric_name(*value))
                    return std::unexpected("\"" + *value + "\" is not a metric name");
                out.metric = *value;
            } else if (!out.labels.emplace(name, *value).second) {
                return std::unexpected("label " + name + " is given twice");
            }
            skip_blanks(text, pos);
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < text.size() && text[pos] == '}')
                break;
            return std::unexpected("expected , or } after label " + name);
        }
        ++pos;
    }
    skip_blanks(text, pos);
    if (pos != text.size())
        return std::unexpected("unexpected \"" + std::string(text.substr(pos)) +
                               "\" after the series (its values go in `values`)");
    if (out.metric.empty())
        return std::unexpected("expected a metric name: name{label=\"value\", ...}");
    return out;
}

std::expected<std::vector<SeriesSpec::Sample>, std::string> expand_series_values(
    std::string_view text, std::size_t limit) {
    std::vector<Sample> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        skip_blanks(text, pos);
        const std::size_t start = pos;
        while (pos < text.size() && !is_blank(text[pos]))
            ++pos;
        if (start == pos)
            break;
        const std::string_view item = text.substr(start, pos - start);
        if (auto ok = expand_item(item, out, limit); !ok)
            return std::unexpected("\"" + std::string(item) + "\": " + ok.error());
    }
    return out;
}

std::vector<SeriesSpec> parse_series(const YAML::Node& node, const std::vector<Phase>& phases) {
    Reader top(node, "series");
    if (!node.IsSequence())
        top.fail_here("expected a list of series");
    std::vector<SeriesSpec> out;
    std::size_t samples = 0;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "series[" + std::to_string(i) + "]";
        const std::size_t room = limits::k_all_series_samples - samples;
        out.push_back(parse_one(node[i], path, phases, std::min(limits::k_series_samples, room)));
        samples += out.back().values.size();
        for (std::size_t j = 0; j < i; ++j) {
            if (out[j].metric == out.back().metric && out[j].labels == out.back().labels) {
                Reader(node[i], path)
                    .fail(node[i]["series"], "series",
                          "the same series as series[" + std::to_string(j) +
                              "]: one series, one list of values");
            }
        }
    }
    return out;
}

}  // namespace scenario
