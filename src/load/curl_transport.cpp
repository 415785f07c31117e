#include "load/curl_transport.hpp"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <string>
#include <vector>

#include "load/request_mix.hpp"
#include "net/curl_options.hpp"
#include "net/endpoint.hpp"

namespace load {
namespace {

/// The header lines of one request: the target's, the request's own, and the defaults trimmed
/// (libcurl's `Accept: */*` unless the request sets Accept; no `Expect: 100-continue`).
curl_slist* header_list(const std::vector<std::string>& endpoint_headers,
                        const std::vector<std::string>& request_headers, bool has_body) {
    curl_slist* list = nullptr;
    bool accept = false;
    for (const auto* lines : {&endpoint_headers, &request_headers}) {
        for (const auto& h : *lines) {
            list = curl_slist_append(list, h.c_str());
            accept = accept || (h.size() > 7 && strncasecmp(h.c_str(), "accept:", 7) == 0);
        }
    }
    if (!accept)
        list = curl_slist_append(list, "Accept:");
    if (has_body)
        list = curl_slist_append(list, "Expect:");
    return list;
}

/// A request without templates, set up once for the whole run: its URL parsed (CURLU), its
/// header list built (with the target's auth headers, `Accept:` dropped unless it sets one),
/// its body. A handle that sends it again keeps every option from the last time.
struct PreparedRequest {
    bool ready = false;  ///< false: templated, built per request
    CURLU* url = nullptr;
    curl_slist* headers = nullptr;
    std::string body;
    PreparedRequest() = default;
    PreparedRequest(const PreparedRequest&) = delete;
    PreparedRequest& operator=(const PreparedRequest&) = delete;
    ~PreparedRequest() {
        curl_url_cleanup(url);
        curl_slist_free_all(headers);
    }
};

ErrorKind classify(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
            return ErrorKind::connect;
        case CURLE_OPERATION_TIMEDOUT:
            return ErrorKind::timeout;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
            return ErrorKind::reset;
        default:
            return ErrorKind::other;
    }
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

/// One easy handle and the request it carries.
struct CurlSlot {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;  ///< owned: a templated request's list
    BuiltRequest request;
    std::size_t prepared = SIZE_MAX;  ///< the prepared request its options are set for
    std::uint32_t tag = 0;
};

class CurlFactory;

/// One multi handle and its easy handles, reused with their keep-alive connections.
class CurlTransport final : public Transport {
  public:
    CurlTransport(const CurlFactory& factory, CURLM* multi, unsigned connections)
        : m_factory(factory), m_multi(multi) {
        m_slots.reserve(connections);  // never reallocates: libcurl holds pointers to slots
    }
    ~CurlTransport() override {
        for (auto& slot : m_slots) {
            curl_multi_remove_handle(m_multi, slot.easy);
            curl_slist_free_all(slot.headers);
            curl_easy_cleanup(slot.easy);
        }
        curl_multi_cleanup(m_multi);
    }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    bool send(std::size_t index, std::uint64_t n, std::uint32_t tag) override;
    Clock::time_point reap(std::vector<Completion>& done) override;
    void wait(std::chrono::milliseconds at_most) override {
        curl_multi_poll(m_multi, nullptr, 0, static_cast<int>(at_most.count()), nullptr);
    }
    std::size_t abandon() override;

  private:
    CurlSlot* new_slot();
    void set_prepared(CurlSlot& slot, std::size_t index, const PreparedRequest& p);
    void set_built(CurlSlot& slot, BuiltRequest request);
    void set_method(CURL* e, const scenario::RequestSpec& spec, const char* body,
                    std::size_t body_size, bool has_body);

    const CurlFactory& m_factory;
    CURLM* m_multi;
    std::vector<CurlSlot> m_slots;
    std::vector<CurlSlot*> m_free;
};

class CurlFactory final : public TransportFactory {
  public:
    explicit CurlFactory(const TransportSetup& setup)
        : m_setup(setup), m_endpoint_headers(net::header_lines(setup.target)) {
        for (std::size_t i = 0; i < setup.mix.size(); ++i) {
            auto p = std::make_unique<PreparedRequest>();
            if (setup.mix.is_static(i)) {
                const BuiltRequest built = setup.mix.build_index(i);
                p->url = curl_url();
                // A URL libcurl cannot parse up front is left to the per-request path, which
                // reports it per request as it always did.
                if (p->url != nullptr &&
                    curl_url_set(p->url, CURLUPART_URL, built.url.c_str(), 0) == CURLUE_OK) {
                    p->headers = header_list(m_endpoint_headers, built.headers, built.has_body);
                    p->body = built.body;
                    p->ready = true;
                }
            }
            m_prepared.push_back(std::move(p));
        }
    }
    TransportKind kind() const override { return TransportKind::curl; }
    util::Result<std::unique_ptr<Transport>> make(unsigned connections) const override {
        CURLM* multi = curl_multi_init();
        if (multi == nullptr)
            return util::fail(util::ExitCode::internal, "libcurl: curl_multi_init failed",
                              "the load engine", "out of memory?");
        // libcurl keeps 4 x (handles added now) idle connections by default. In the open model
        // few handles are added at any moment, so finished connections were closed and new
        // ones opened under load: keep as many as this thread may have requests in flight.
        curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(connections));
        return std::make_unique<CurlTransport>(*this, multi, std::max(1u, connections));
    }

    const TransportSetup& setup() const { return m_setup; }
    const std::vector<std::string>& endpoint_headers() const { return m_endpoint_headers; }
    const PreparedRequest& prepared(std::size_t index) const { return *m_prepared[index]; }

  private:
    TransportSetup m_setup;
    std::vector<std::string> m_endpoint_headers;  ///< the target's auth and headers, every request
    std::vector<std::unique_ptr<PreparedRequest>> m_prepared;  ///< by request index
};

CurlSlot* CurlTransport::new_slot() {
    if (m_slots.size() == m_slots.capacity())
        return nullptr;
    CURL* e = curl_easy_init();
    if (e == nullptr)
        return nullptr;  // out of memory: the caller counts the request as failed
    CurlSlot* slot = &m_slots.emplace_back();
    slot->easy = e;
    const auto timeout = m_factory.setup().timeout;
    net::configure_curl(e, m_factory.setup().target);  // auth, TLS, proxy, no signals
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long long>(timeout.count(), 5000)));
    curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, -1L);  // resolve once, keep it
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(e, CURLOPT_PRIVATE, slot);
    return slot;
}

bool CurlTransport::send(std::size_t index, std::uint64_t n, std::uint32_t tag) {
    CurlSlot* slot = nullptr;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else if ((slot = new_slot()) == nullptr) {
        return false;
    }
    slot->tag = tag;
    const auto& prepared = m_factory.prepared(index);
    if (prepared.ready) {
        // The same prepared request as last time on this handle: every option still holds.
        if (slot->prepared != index)
            set_prepared(*slot, index, prepared);
    } else {
        set_built(*slot, m_factory.setup().mix.build(n));
    }
    if (curl_multi_add_handle(m_multi, slot->easy) != CURLM_OK) {
        m_free.push_back(slot);
        return false;
    }
    return true;
}

void CurlTransport::set_method(CURL* e, const scenario::RequestSpec& spec, const char* body,
                               std::size_t body_size, bool has_body) {
    curl_easy_setopt(e, CURLOPT_NOBODY, spec.method == "HEAD" ? 1L : 0L);
    if (has_body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_size));
    } else if (spec.method != "HEAD") {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(
        e, CURLOPT_CUSTOMREQUEST,
        spec.method == "GET" || spec.method == "HEAD" || (spec.method == "POST" && has_body)
            ? nullptr
            : spec.method.c_str());
}

void CurlTransport::set_prepared(CurlSlot& slot, std::size_t index, const PreparedRequest& p) {
    CURL* e = slot.easy;
    curl_slist_free_all(slot.headers);
    slot.headers = nullptr;
    curl_easy_setopt(e, CURLOPT_URL, nullptr);
    curl_easy_setopt(e, CURLOPT_CURLU, p.url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, p.headers);
    const auto& spec = m_factory.setup().mix.spec(index);
    set_method(e, spec, p.body.c_str(), p.body.size(), spec.body.has_value());
    slot.prepared = index;
}

void CurlTransport::set_built(CurlSlot& slot, BuiltRequest request) {
    CURL* e = slot.easy;
    slot.request = std::move(request);
    slot.prepared = SIZE_MAX;
    curl_easy_setopt(e, CURLOPT_CURLU, nullptr);
    curl_easy_setopt(e, CURLOPT_URL, slot.request.url.c_str());
    curl_slist_free_all(slot.headers);
    slot.headers =
        header_list(m_factory.endpoint_headers(), slot.request.headers, slot.request.has_body);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, slot.headers);
    set_method(e, m_factory.setup().mix.spec(slot.request.index), slot.request.body.c_str(),
               slot.request.body.size(), slot.request.has_body);
}

Clock::time_point CurlTransport::reap(std::vector<Completion>& done) {
    int running = 0;
    curl_multi_perform(m_multi, &running);
    int left = 0;
    const auto now = Clock::now();
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CurlSlot* slot = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &slot);
        long code = 0;
        if (msg->data.result == CURLE_OK)
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
        done.push_back({slot->tag, msg->data.result == CURLE_OK
                                       ? Answer(static_cast<unsigned>(std::max(code, 0L)))
                                       : Answer(std::unexpected(classify(msg->data.result)))});
        curl_multi_remove_handle(m_multi, msg->easy_handle);
        m_free.push_back(slot);
    }
    return now;
}

std::size_t CurlTransport::abandon() {
    std::size_t out = 0;
    for (auto& slot : m_slots) {
        if (std::find(m_free.begin(), m_free.end(), &slot) == m_free.end()) {
            curl_multi_remove_handle(m_multi, slot.easy);
            m_free.push_back(&slot);
            ++out;
        }
    }
    return out;
}

}  // namespace

util::Result<std::unique_ptr<TransportFactory>> make_curl_factory(const TransportSetup& setup) {
    static const CURLcode curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (curl_ready != CURLE_OK)
        return util::fail(util::ExitCode::internal,
                          std::string("libcurl: ") + curl_easy_strerror(curl_ready));
    return std::make_unique<CurlFactory>(setup);
}

}  // namespace load
