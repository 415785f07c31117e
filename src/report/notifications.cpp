#include "report/notifications.hpp"

#include <algorithm>

#include "capture/attribution.hpp"
#include "util/duration.hpp"

namespace report {

const verify::CapturedNotification* first_firing(
    const std::vector<verify::CapturedNotification>& all) {
    // What a person reads first: a message before a webhook's JSON for machines.
    const verify::CapturedNotification* webhook = nullptr;
    for (const auto& n : all) {
        if (n.second.status == "resolved")
            continue;
        if (n.second.integration != "webhook")
            return &n;
        if (webhook == nullptr)
            webhook = &n;
    }
    return webhook;
}

std::string printable(std::string line) {
    for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            c = '?';
    }
    return line;
}

std::vector<std::string> notification_lines(const verify::CapturedNotification& captured,
                                            std::size_t max_lines) {
    const auto& n = captured.second;
    std::vector<std::string> out;
    std::string heading = n.receiver + " " + capture::integration_name(n) + " +" +
                          util::human_duration(captured.first) +
                          (n.status.empty() ? std::string() : " " + n.status);
    if (n.attribution == "ambiguous")
        heading += " (sent with other groups at once: obsctl cannot tell which is this alert's)";
    out.push_back(printable(heading));
    if (!n.unreadable.empty())
        out.push_back("unreadable: " + n.unreadable);
    // What a person reads first: the headline, then the text; addressing and links after.
    const auto rank = [](const std::string& name) {
        for (const char* headline : {"title", "subject", "summary", "message", "content"}) {
            if (name == headline)
                return 0;
        }
        for (const char* text : {"text", "pretext", "description", "markdown", "state_message"}) {
            if (name == text)
                return 1;
        }
        return 2;
    };
    std::vector<const capture::Field*> fields;
    for (const auto& f : n.fields) {
        const bool glance_only = f.name == "channel" || f.name == "username" ||
                                 f.name == "title_link" || f.name == "fallback" ||
                                 f.name == "color" || f.name == "html" ||
                                 (f.name == "body" && n.integration == "webhook");
        if (!glance_only)  // in the report, not in a glance
            fields.push_back(&f);
    }
    std::stable_sort(fields.begin(), fields.end(),
                     [&](const auto* a, const auto* b) { return rank(a->name) < rank(b->name); });
    for (const auto* field : fields) {
        const auto& f = *field;
        std::size_t start = 0;
        bool first = true;
        while (start <= f.value.size() && out.size() <= max_lines) {
            auto end = f.value.find('\n', start);
            if (end == std::string::npos)
                end = f.value.size();
            std::string line = f.value.substr(start, end - start);
            if (line.size() > 160) {
                std::size_t cut = 157;
                while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
                    --cut;  // never inside a UTF-8 character
                line = line.substr(0, cut) + "...";
            }
            if (!line.empty() || first)
                out.push_back(printable(
                    (first ? f.name + ": " : std::string(f.name.size() + 2, ' ')) + line));
            first = false;
            start = end + 1;
        }
        if (out.size() > max_lines)
            break;
    }
    if (out.size() > max_lines + 1)
        out.resize(max_lines + 1);
    return out;
}

}  // namespace report
