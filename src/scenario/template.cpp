#include "scenario/template.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <sstream>

namespace scenario {
namespace {

std::vector<std::string> words(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

template <typename T>
bool number(const std::string& text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

bool Template::compile(std::string_view text, Template& out, std::string& error) {
    out = Template{};
    out.m_source = std::string(text);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t open = text.find("{{", pos);
        if (open == std::string_view::npos) {
            out.m_parts.emplace_back(std::string(text.substr(pos)));
            break;
        }
        if (open > pos)
            out.m_parts.emplace_back(std::string(text.substr(pos, open - pos)));
        const std::size_t close = text.find("}}", open);
        if (close == std::string_view::npos) {
            error = "unclosed {{ in \"" + std::string(text) + "\"";
            return false;
        }
        const auto w = words(text.substr(open + 2, close - open - 2));
        const std::string fn = w.empty() ? "" : w[0];
        const std::string call = "{{" + std::string(text.substr(open + 2, close - open - 2)) + "}}";
        if (fn == "randint" || fn == "randfloat") {
            if (w.size() != 3) {
                error = call + ": " + fn + " takes two numbers, e.g. {{" + fn + " 1 100}}";
                return false;
            }
            if (fn == "randint") {
                RandInt r{};
                if (!number(w[1], r.low) || !number(w[2], r.high) || r.high < r.low) {
                    error = call + ": expected two integers A <= B";
                    return false;
                }
                out.m_parts.emplace_back(r);
            } else {
                RandFloat r{};
                if (!number(w[1], r.low) || !number(w[2], r.high) || r.high < r.low) {
                    error = call + ": expected two numbers A <= B";
                    return false;
                }
                out.m_parts.emplace_back(r);
            }
        } else if (fn == "choice") {
            if (w.size() < 2) {
                error = call + ": choice takes at least one word, e.g. {{choice red green}}";
                return false;
            }
            out.m_parts.emplace_back(Choice{{w.begin() + 1, w.end()}});
        } else if ((fn == "uuid" || fn == "seq" || fn == "now") && w.size() == 1) {
            if (fn == "uuid")
                out.m_parts.emplace_back(Uuid{});
            if (fn == "seq")
                out.m_parts.emplace_back(Seq{});
            if (fn == "now")
                out.m_parts.emplace_back(Now{});
        } else {
            error = "unknown template function " + call +
                    ": use randint, randfloat, choice, uuid, seq or now";
            return false;
        }
        pos = close + 2;
    }
    return true;
}

bool Template::is_single_number() const {
    return m_parts.size() == 1 && !std::holds_alternative<std::string>(m_parts[0]) &&
           !std::holds_alternative<Choice>(m_parts[0]) && !std::holds_alternative<Uuid>(m_parts[0]);
}

std::string Template::render(RenderContext& ctx) const {
    std::string out;
    for (const auto& part : m_parts) {
        if (const auto* s = std::get_if<std::string>(&part)) {
            out += *s;
        } else if (const auto* r = std::get_if<RandInt>(&part)) {
            out += std::to_string(
                std::uniform_int_distribution<std::int64_t>(r->low, r->high)(ctx.rng));
        } else if (const auto* f = std::get_if<RandFloat>(&part)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.2f",
                          std::uniform_real_distribution<double>(f->low, f->high)(ctx.rng));
            out += buf;
        } else if (const auto* c = std::get_if<Choice>(&part)) {
            out += c->options[std::uniform_int_distribution<std::size_t>(
                0, c->options.size() - 1)(ctx.rng)];
        } else if (std::holds_alternative<Uuid>(part)) {
            const std::uint64_t hi = ctx.rng(), lo = ctx.rng();
            char buf[40];
            std::snprintf(
                buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xfff),
                static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
            out += buf;
        } else if (std::holds_alternative<Seq>(part)) {
            out += std::to_string(ctx.seq);
        } else {
            out += std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
        }
    }
    return out;
}

}  // namespace scenario
