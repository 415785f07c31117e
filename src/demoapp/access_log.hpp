#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace demoapp {

/// One JSON object per line, for Loki via Alloy: every request and every order event.
/// Lines are written with one fwrite each (atomic between threads for a FILE*); the caller
/// decides when to flush (the server flushes a few times a second, not once per request).
class AccessLog {
  public:
    explicit AccessLog(std::FILE* out) : m_out(out) {}

    struct RequestEntry {
        std::string_view method;
        std::string_view path;   ///< as sent, escaped on output
        std::string_view route;  ///< the route template
        unsigned status = 0;
        double duration_seconds = 0;
        std::string_view request_id;
    };
    void request(const RequestEntry& entry);

    struct OrderEntry {
        std::string_view outcome;  ///< created | failed | invalid
        std::string_view order_id;
        std::int64_t user_id = 0;
        double total = 0;
        std::string_view reason;  ///< why it failed or was refused
        std::string_view request_id;
    };
    void order(const OrderEntry& entry);

    /// A lifecycle line: {"level":"info","msg":"listening","address":"127.0.0.1:5002"}.
    void info(std::string_view msg, std::string_view key = {}, std::string_view value = {});

    void flush() { std::fflush(m_out); }

  private:
    void write(std::string& line);
    std::FILE* m_out;
};

/// Appends `text` to `out` as the inside of a JSON string (quotes, backslashes, control
/// characters and invalid bytes escaped), so a hostile path cannot break a log line.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace demoapp
