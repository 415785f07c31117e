#include "series/pusher.hpp"

#include <prometheus/gateway.h>

#include <regex>

namespace series {
namespace {

const std::string k_default_job = "obsctl_series";

/// One grouping key's series, as a Collectable its Gateway pushes.
class GroupView : public prometheus::Collectable {
  public:
    GroupView(std::shared_ptr<Publisher> publisher, std::string job, std::string instance)
        : m_publisher(std::move(publisher)),
          m_job(std::move(job)),
          m_instance(std::move(instance)) {}
    std::vector<prometheus::MetricFamily> Collect() const override {
        return m_publisher->collect_group(m_job, m_instance);
    }

  private:
    std::shared_ptr<Publisher> m_publisher;
    std::string m_job, m_instance;
};

util::Result<void> answered(int code, const std::string& url) {
    if (code >= 200 && code < 300)
        return {};
    return util::fail(util::ExitCode::stack_unavailable,
                      code < 0 ? "the Pushgateway could not be reached"
                               : "the Pushgateway answered HTTP " + std::to_string(code),
                      url);
}

}  // namespace

struct Pusher::Group {
    std::shared_ptr<GroupView> view;
    std::unique_ptr<prometheus::Gateway> gateway;
    std::string url;
};

util::Result<std::unique_ptr<Pusher>> Pusher::create(const std::string& url,
                                                     std::shared_ptr<Publisher> publisher,
                                                     std::chrono::milliseconds every) {
    // prometheus-cpp's Gateway takes "scheme://host" and "port" apart, no path.
    static const std::regex pattern(
        R"(^(https?://[^/:]+|https?://\[[0-9a-fA-F:]+\]):([0-9]{1,5})/?$)");
    std::smatch m;
    if (!std::regex_match(url, m, pattern))
        return util::fail(util::ExitCode::usage,
                          url + ": expected http://HOST:PORT of a Pushgateway");
    std::unique_ptr<Pusher> out(new Pusher());
    out->m_publisher = std::move(publisher);
    out->m_url = url;
    out->m_host = m[1];
    out->m_port = m[2];
    out->m_every = std::max(every, std::chrono::milliseconds(100));
    return out;
}

Pusher::~Pusher() {
    (void)finish();
}

util::Result<void> Pusher::push() {
    std::lock_guard lock(m_push_mutex);
    util::Result<void> result;
    for (auto [job, instance] : m_publisher->groups()) {
        // prometheus-cpp writes the grouping key into the URL path as it is.
        if (job.find('/') != std::string::npos || instance.find('/') != std::string::npos) {
            if (result)
                result = util::fail(util::ExitCode::usage,
                                    "a series' job or instance with / cannot be pushed",
                                    job + "/" + instance);
            continue;
        }
        auto& group = gateway({job, instance});
        if (auto pushed = answered(group.gateway->PushAdd(), group.url); !pushed && result)
            result = pushed;
    }
    return result;
}

void Pusher::start_pushing() {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable() || m_stop)
        return;
    m_thread = std::thread([this] {
        std::unique_lock wait_lock(m_mutex);
        while (!m_stop) {
            wait_lock.unlock();
            (void)push();  // a failed push is retried at the next
            wait_lock.lock();
            m_wake.wait_for(wait_lock, m_every, [this] { return m_stop; });
        }
    });
}

util::Result<void> Pusher::finish() {
    {
        std::lock_guard lock(m_mutex);
        if (m_stop)
            return {};
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    util::Result<void> result;
    std::lock_guard lock(m_push_mutex);
    for (auto& [key, group] : m_groups) {
        // prometheus-cpp 1.0's Delete() is /metrics/job/J alone; DeleteForInstance() adds the
        // grouping labels, here the instance.
        const int code =
            key.second.empty() ? group->gateway->Delete() : group->gateway->DeleteForInstance();
        if (auto deleted = answered(code, group->url); !deleted && result)
            result = deleted;
    }
    m_groups.clear();
    return result;
}

Pusher::Group& Pusher::gateway(const std::pair<std::string, std::string>& key) {
    auto& group = m_groups[key];
    if (!group) {
        const std::string job = key.first.empty() ? k_default_job : key.first;
        prometheus::Labels labels;
        if (!key.second.empty())
            labels["instance"] = key.second;
        group = std::make_unique<Group>();
        group->view = std::make_shared<GroupView>(m_publisher, key.first, key.second);
        group->gateway = std::make_unique<prometheus::Gateway>(m_host, m_port, job, labels);
        group->gateway->RegisterCollectable(group->view);
        group->url =
            m_url + "/metrics/job/" + job + (key.second.empty() ? "" : "/instance/" + key.second);
    }
    return *group;
}

}  // namespace series
