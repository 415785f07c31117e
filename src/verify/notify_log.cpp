#include "verify/notify_log.hpp"

#include <fstream>

namespace verify {
namespace {

/// The value of `key=` in one logfmt line: a bare word, or a quoted string with \" and \\.
std::string logfmt_value(std::string_view line, std::string_view key) {
    std::size_t at = 0;
    const std::string needle = std::string(key) + "=";
    for (;;) {
        at = line.find(needle, at);
        if (at == std::string_view::npos)
            return {};
        if (at == 0 || line[at - 1] == ' ')
            break;
        at += needle.size();
    }
    at += needle.size();
    std::string out;
    if (at < line.size() && line[at] == '"') {
        for (++at; at < line.size() && line[at] != '"'; ++at) {
            if (line[at] == '\\' && at + 1 < line.size())
                ++at;
            out += line[at];
        }
        return out;
    }
    const auto end = line.find(' ', at);
    return std::string(line.substr(at, end == std::string_view::npos ? end : end - at));
}

}  // namespace

std::vector<std::string> notify_errors_in(std::string_view log) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < log.size()) {
        auto end = log.find('\n', start);
        if (end == std::string_view::npos)
            end = log.size();
        const auto line = log.substr(start, end - start);
        start = end + 1;
        const auto msg = logfmt_value(line, "msg");
        const auto err = logfmt_value(line, "err");
        if (err.empty())
            continue;
        if (msg == "Notify for alerts failed") {
            out.push_back(err);
        } else if (msg == "Notify attempt failed, will retry later") {
            const auto receiver = logfmt_value(line, "receiver");
            const auto integration = logfmt_value(line, "integration");
            out.push_back(receiver + "/" + integration + ": " + err);
        }
    }
    return out;
}

LogTail::LogTail(std::filesystem::path file) : m_file(std::move(file)) {
    std::error_code ec;
    m_offset = std::filesystem::file_size(m_file, ec);
    if (ec)
        m_offset = 0;
}

std::string LogTail::read_new() {
    if (m_file.empty())
        return {};
    std::ifstream in(m_file, std::ios::binary);
    if (!in)
        return {};
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uintmax_t>(in.tellg());
    if (size < m_offset)
        m_offset = 0;                    // the log was truncated or replaced
    const std::uintmax_t cap = 1 << 20;  // at most 1 MiB a poll
    const auto want = std::min(size - m_offset, cap);
    std::string text(static_cast<std::size_t>(want), '\0');
    in.seekg(static_cast<std::streamoff>(m_offset));
    in.read(text.data(), static_cast<std::streamsize>(want));
    const auto last = text.rfind('\n');
    if (last == std::string::npos)
        return {};
    text.resize(last + 1);
    m_offset += text.size();
    return text;
}

}  // namespace verify
