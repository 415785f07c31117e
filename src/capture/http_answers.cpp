#include "capture/http_payloads.hpp"

namespace capture {

HttpAnswer answer_http(const CapturePath& path, const std::string& /*method*/,
                       const std::string& /*target*/) {
    const std::string& kind = path.integration;
    if (kind == "wechat") {
        // notify/wechat: the token must be non-empty; the send's `code` (WeChat's own API says
        // errcode) must be 0 or the notification fails.
        if (path.rest.ends_with("gettoken"))
            return {
                200, "application/json",
                R"({"errcode":0,"errmsg":"ok","access_token":"obsctl-capture","expires_in":7200})"};
        return {200, "application/json", R"({"errcode":0,"errmsg":"ok","code":0})"};
    }
    if (kind == "telegram") {
        // telebot v3 reads `result` as a Message, and Alertmanager logs its Chat.ID: a result
        // without a chat would crash it (nil pointer).
        return {
            200, "application/json",
            R"({"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":0,"type":"private"},"text":""}})"};
    }
    if (kind == "sns") {
        // aws-sdk-go's query protocol unmarshals PublishResponse/PublishResult.
        return {
            200, "text/xml",
            R"(<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>)"
            R"(<MessageId>00000000-0000-0000-0000-000000000000</MessageId></PublishResult>)"
            R"(<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId>)"
            R"(</ResponseMetadata></PublishResponse>)"};
    }
    if (kind == "pagerduty")
        return {202, "application/json",
                R"({"status":"success","message":"Event processed","dedup_key":""})"};
    if (kind == "opsgenie")  // create, close and update alike
        return {202, "application/json",
                R"({"result":"Request will be processed","took":0,"requestId":""})"};
    if (kind == "victorops")
        return {200, "application/json", R"({"result":"success","entity_id":""})"};
    if (kind == "slack")
        return {200, "text/plain", "ok"};
    if (kind == "discord")
        return {204, "", ""};
    return {200, "", ""};
}

}  // namespace capture
