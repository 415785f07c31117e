#include "capture/http_payloads.hpp"

#include <nlohmann/json.hpp>

#include "capture/text_codec.hpp"

namespace capture {

namespace {

using nlohmann::json;

/// A payload of the wrong shape: caught in parse_http_notification, never escaping.
struct UnreadablePayload {
    std::string why;
};

/// A JSON value as the text a person reads: strings as they are, numbers and booleans as
/// written, objects and arrays as compact JSON, null as nothing.
std::string text_of(const json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_null())
        return {};
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Collects one notification's fields, leaving out what is missing or empty.
struct Fields {
    std::vector<Field>& out;

    void add(std::string name, std::string value) {
        if (!value.empty())
            out.push_back({std::move(name), std::move(value)});
    }
    void add(const std::string& name, const json& object, const char* key) {
        if (object.is_object()) {
            if (auto it = object.find(key); it != object.end())
                add(name, text_of(*it));
        }
    }
    /// Every entry of `object[key]` (a map) as "prefix.K".
    void add_map(const std::string& prefix, const json& object, const char* key) {
        const json& map = member(object, key, json::value_t::object);
        for (const auto& [k, v] : map.items())
            add(prefix + "." + k, text_of(v));
    }
    /// `object[key]` joined with commas when it is an array of strings.
    void add_list(const std::string& name, const json& object, const char* key) {
        std::string joined;
        for (const auto& item : member(object, key, json::value_t::array)) {
            if (!joined.empty())
                joined += ',';
            joined += text_of(item);
        }
        add(name, std::move(joined));
    }

    /// `object[key]` when it has type `type`; missing or null is an empty one; another type
    /// makes the payload unreadable.
    static const json& member(const json& object, const char* key, json::value_t type) {
        static const json k_empty_object = json::object();
        static const json k_empty_array = json::array();
        const json& empty = type == json::value_t::object ? k_empty_object : k_empty_array;
        const auto it = object.find(key);
        if (it == object.end() || it->is_null())
            return empty;
        if (it->type() != type)
            throw UnreadablePayload{std::string(key) + ": expected " +
                                    (type == json::value_t::object ? "an object" : "an array") +
                                    ", got " + it->type_name()};
        return *it;
    }
};

json json_object(const std::string& body) {
    json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded())
        throw UnreadablePayload{"the body is not JSON"};
    if (!doc.is_object())
        throw UnreadablePayload{std::string("expected a JSON object, got ") + doc.type_name()};
    return doc;
}

std::string string_member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? std::string{} : text_of(*it);
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.ends_with(suffix);
}

void read_slack(const json& doc, Notification& n) {
    Fields f{n.fields};
    f.add("channel", doc, "channel");
    f.add("username", doc, "username");
    const json& attachments = Fields::member(doc, "attachments", json::value_t::array);
    if (attachments.empty())
        return;
    const json& a = attachments[0];
    if (!a.is_object())
        throw UnreadablePayload{"attachments[0]: expected an object"};
    for (const char* key :
         {"title", "title_link", "pretext", "text", "color", "fallback", "footer"})
        f.add(key, a, key);
    std::size_t i = 0;
    for (const auto& field : Fields::member(a, "fields", json::value_t::array)) {
        const std::string name = "fields[" + std::to_string(i++) + "]";
        f.add(name + ".title", field, "title");
        f.add(name + ".value", field, "value");
    }
    i = 0;
    for (const auto& action : Fields::member(a, "actions", json::value_t::array)) {
        const std::string name = "actions[" + std::to_string(i++) + "]";
        f.add(name + ".text", action, "text");
        f.add(name + ".url", action, "url");
    }
}

std::string status_of_action(const std::string& action) {
    if (action == "trigger")
        return "firing";
    if (action == "resolve")
        return "resolved";
    return {};
}

void read_pagerduty(const json& doc, Notification& n) {
    Fields f{n.fields};
    if (doc.contains("event_action")) {  // events API v2
        n.status = status_of_action(string_member(doc, "event_action"));
        const json& payload = Fields::member(doc, "payload", json::value_t::object);
        for (const char* key : {"summary", "severity", "source", "component", "group", "class"})
            f.add(key, payload, key);
        f.add_map("details", payload, "custom_details");
        f.add("client", doc, "client");
        f.add("client_url", doc, "client_url");
        std::size_t i = 0;
        for (const auto& link : Fields::member(doc, "links", json::value_t::array)) {
            const std::string name = "links[" + std::to_string(i++) + "]";
            f.add(name + ".href", link, "href");
            f.add(name + ".text", link, "text");
        }
        i = 0;
        for (const auto& image : Fields::member(doc, "images", json::value_t::array)) {
            const std::string name = "images[" + std::to_string(i++) + "]";
            f.add(name + ".src", image, "src");
            f.add(name + ".alt", image, "alt");
            f.add(name + ".href", image, "href");
        }
    } else if (doc.contains("event_type")) {  // events API v1
        n.status = status_of_action(string_member(doc, "event_type"));
        f.add("description", doc, "description");
        f.add_map("details", doc, "details");
        f.add("client", doc, "client");
        f.add("client_url", doc, "client_url");
    } else {
        throw UnreadablePayload{"neither event_action (events API v2) nor event_type (v1)"};
    }
}

void read_webhook(const std::string& body, const json& doc, Notification& n) {
    // Only the two words Alertmanager writes: a status field is "firing", "resolved" or empty.
    if (const std::string status = string_member(doc, "status");
        status == "firing" || status == "resolved")
        n.status = status;
    for (const auto& alert : Fields::member(doc, "alerts", json::value_t::array)) {
        if (!alert.is_object())
            throw UnreadablePayload{"alerts[]: expected an object"};
        n.alerts.push_back(
            promapi::to_labels(Fields::member(alert, "labels", json::value_t::object)));
    }
    Fields{n.fields}.add("body", capped(body));
}

void read_opsgenie(const CapturePath& path, const json& doc, Notification& n) {
    Fields f{n.fields};
    if (ends_with(path.rest, "/close")) {
        n.status = "resolved";
        f.add("source", doc, "source");
        return;
    }
    n.status = "firing";
    for (const char* key : {"message", "description"})
        f.add(key, doc, key);
    f.add_map("details", doc, "details");
    for (const char* key : {"priority", "note", "entity", "source"})
        f.add(key, doc, key);
    f.add_list("tags", doc, "tags");
    f.add_list("actions", doc, "actions");
    std::size_t i = 0;
    for (const auto& r : Fields::member(doc, "responders", json::value_t::array)) {
        std::string who;
        for (const char* key : {"name", "username", "id"}) {
            if (who.empty() && r.is_object())
                who = string_member(r, key);
        }
        f.add("responders[" + std::to_string(i++) + "]", std::move(who));
    }
}

void read_victorops(const json& doc, Notification& n) {
    const std::string type = string_member(doc, "message_type");
    if (type.empty())
        throw UnreadablePayload{"no message_type"};
    n.status = type == "RECOVERY" ? "resolved" : "firing";
    Fields f{n.fields};
    for (const auto& [k, v] : doc.items())
        f.add(k, text_of(v));
}

void read_wechat(const json& doc, Notification& n) {
    Fields f{n.fields};
    for (const char* key : {"text", "markdown"}) {
        const json& content = Fields::member(doc, key, json::value_t::object);
        f.add(key, content, "content");
    }
    for (const char* key : {"msgtype", "touser", "toparty", "totag", "agentid"})
        f.add(key, doc, key);
}

void read_telegram(const std::string& body, Notification& n) {
    Fields f{n.fields};
    json doc = json::parse(body, nullptr, false);
    if (!doc.is_discarded() && doc.is_object()) {
        f.add("text", doc, "text");
        f.add("parse_mode", doc, "parse_mode");
        return;
    }
    // telebot v3 posts JSON; older clients (and sendMessage by hand) post a form.
    auto form = form_decode(body);
    if (!form || form->empty())
        throw UnreadablePayload{"the body is neither JSON nor a form"};
    for (const auto& [k, v] : *form) {
        if (k == "text" || k == "parse_mode")
            f.add(k, v);
    }
}

void read_discord(const json& doc, Notification& n) {
    Fields f{n.fields};
    f.add("content", doc, "content");
    const json& embeds = Fields::member(doc, "embeds", json::value_t::array);
    if (embeds.empty())
        return;
    const json& e = embeds[0];
    if (!e.is_object())
        throw UnreadablePayload{"embeds[0]: expected an object"};
    f.add("title", e, "title");
    f.add("description", e, "description");
    f.add("color", e, "color");
    // Alertmanager colours the embed by the group's status (notify/discord: colorRed,
    // colorGreen; grey when mixed).
    if (auto it = e.find("color"); it != e.end() && it->is_number_integer()) {
        if (*it == 0x992D22)
            n.status = "firing";
        else if (*it == 0x2ECC71)
            n.status = "resolved";
    }
}

void read_sns(const std::string& body, Notification& n) {
    auto form = form_decode(body);
    if (!form)
        throw UnreadablePayload{"the body is not a form (a bad %-escape)"};
    std::string action;
    Fields f{n.fields};
    for (const auto& [k, v] : *form) {
        if (k == "Action")
            action = v;
        else if (k == "Message")
            f.add("message", v);
        else if (k == "Subject")
            f.add("subject", v);
        else if (k == "TopicArn")
            f.add("topic_arn", v);
        else if (k == "TargetArn")
            f.add("target_arn", v);
        else if (k == "PhoneNumber")
            f.add("phone_number", v);
    }
    if (action != "Publish") {
        n.fields.clear();
        throw UnreadablePayload{"not an SNS Publish (Action=" + action + ")"};
    }
}

void read_body(const CapturePath& path, const std::string& body, Notification& n) {
    const std::string& kind = path.integration;
    if (kind == "telegram")
        return read_telegram(body, n);
    if (kind == "sns")
        return read_sns(body, n);
    if (kind != "slack" && kind != "pagerduty" && kind != "webhook" && kind != "opsgenie" &&
        kind != "victorops" && kind != "wechat" && kind != "discord" && kind != "webex")
        throw UnreadablePayload{"obsctl does not know the integration \"" + kind + "\""};
    const json doc = json_object(body);
    if (kind == "slack")
        read_slack(doc, n);
    else if (kind == "pagerduty")
        read_pagerduty(doc, n);
    else if (kind == "webhook")
        read_webhook(body, doc, n);
    else if (kind == "opsgenie")
        read_opsgenie(path, doc, n);
    else if (kind == "victorops")
        read_victorops(doc, n);
    else if (kind == "wechat")
        read_wechat(doc, n);
    else if (kind == "discord")
        read_discord(doc, n);
    else
        Fields{n.fields}.add("markdown", doc, "markdown");
}

}  // namespace

std::optional<Notification> parse_http_notification(const CapturePath& path,
                                                    const std::string& method,
                                                    const std::string& /*target*/,
                                                    const std::string& body,
                                                    std::chrono::steady_clock::time_point at) {
    if (path.integration == "wechat" && ends_with(path.rest, "gettoken"))
        return std::nullopt;
    if (path.integration == "opsgenie" && method == "PUT")
        return std::nullopt;

    Notification n;
    n.receiver = path.receiver;
    n.integration = path.integration;
    n.index = path.index;
    n.at = at;
    n.raw = capped(body);
    try {
        read_body(path, body, n);
    } catch (const UnreadablePayload& e) {
        n.unreadable = e.why;
    } catch (const json::exception& e) {
        n.unreadable = e.what();
    } catch (const std::exception& e) {  // std::bad_alloc on a hostile body, or a bug
        n.unreadable = e.what();
    }
    if (!n.unreadable.empty()) {
        n.fields.clear();
        n.alerts.clear();
        n.status.clear();
    }
    return n;
}

}  // namespace capture
