#include "demoapp/access_log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace demoapp {
namespace {

void append_time(std::string& out) {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto secs = time_point_cast<seconds>(now);
    const auto ms = duration_cast<milliseconds>(now - secs).count();
    // One gmtime_r per second per thread: the date part is cached.
    thread_local std::time_t cached_second = -1;
    thread_local char cached[24];
    const std::time_t t = system_clock::to_time_t(secs);
    if (t != cached_second) {
        std::tm tm{};
        gmtime_r(&t, &tm);
        std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
        cached_second = t;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "\"time\":\"%s.%03dZ\"", cached, static_cast<int>(ms));
    out += buf;
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
    out += ",\"";
    out += key;
    out += "\":\"";
    append_json_escaped(out, value);
    out += '"';
}

void append_number(std::string& out, std::string_view key, double value) {
    char buf[64];
    const int key_len = static_cast<int>(key.size());
    // Integers (status, user ids) print whole; %g would turn 1234567 into 1.23457e+06.
    if (value == static_cast<double>(static_cast<long long>(value)) && value < 1e15) {
        std::snprintf(buf, sizeof buf, ",\"%.*s\":%lld", key_len, key.data(),
                      static_cast<long long>(value));
    } else {
        std::snprintf(buf, sizeof buf, ",\"%.*s\":%.6g", key_len, key.data(), value);
    }
    out += buf;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    for (unsigned char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                // Control characters and every non-ASCII byte are escaped: the raw bytes of a
                // request need not be UTF-8, and a log line must stay valid JSON.
                if (c < 0x20 || c >= 0x7f) {
                    out += "\\u00";
                    out += k_hex[c >> 4];
                    out += k_hex[c & 0xf];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
}

void AccessLog::request(const RequestEntry& e) {
    std::string line;
    line.reserve(256);
    line += '{';
    append_time(line);
    line += e.status >= 500   ? ",\"level\":\"error\""
            : e.status >= 400 ? ",\"level\":\"warn\""
                              : ",\"level\":\"info\"";
    line += ",\"msg\":\"request\"";
    append_field(line, "method", e.method);
    append_field(line, "path", e.path);
    append_field(line, "route", e.route);
    append_number(line, "status", e.status);
    append_number(line, "duration_ms", e.duration_seconds * 1000.0);
    append_field(line, "request_id", e.request_id);
    write(line);
}

void AccessLog::order(const OrderEntry& e) {
    std::string line;
    line.reserve(256);
    line += '{';
    append_time(line);
    line += e.outcome == "created" ? ",\"level\":\"info\"" : ",\"level\":\"warn\"";
    line += ",\"msg\":\"order ";
    line += e.outcome;
    line += '"';
    if (!e.order_id.empty())
        append_field(line, "order_id", e.order_id);
    if (e.user_id > 0)
        append_number(line, "user_id", static_cast<double>(e.user_id));
    if (e.total > 0)
        append_number(line, "total", e.total);
    if (!e.reason.empty())
        append_field(line, "reason", e.reason);
    append_field(line, "request_id", e.request_id);
    write(line);
}

void AccessLog::info(std::string_view msg, std::string_view key, std::string_view value) {
    std::string line = "{";
    append_time(line);
    line += ",\"level\":\"info\"";
    append_field(line, "msg", msg);
    if (!key.empty())
        append_field(line, key, value);
    write(line);
}

void AccessLog::write(std::string& line) {
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), m_out);
}

}  // namespace demoapp
