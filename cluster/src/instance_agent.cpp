#include "atrium/cluster/instance_agent.hpp"

#include <chrono>

#include "atrium/cluster/director_client.hpp"
#include "atrium/core/log.hpp"

namespace atrium::cluster {

InstanceAgent::InstanceAgent(std::string directorUrl, InstanceReport report, double intervalSeconds)
    : url_(std::move(directorUrl)), report_(std::move(report)), interval_(intervalSeconds) {}

InstanceAgent::~InstanceAgent() { stop(); }

void InstanceAgent::start() {
    if (running_.exchange(true)) return;
    thread_ = std::thread([this] { run(); });
}

void InstanceAgent::stop() {
    if (!running_.exchange(false)) return;
    thread_.join();
}

std::pair<std::string, std::uint16_t> InstanceAgent::stage() const {
    std::lock_guard lock(mutex_);
    return {stageHost_, stagePort_};
}

void InstanceAgent::run() {
    bool complained = false;
    while (running_) {
        InstanceReport r = report_;
        r.load = load_;
        r.admitted = admitted_;
        r.healthy = healthy_;
        Result<HeartbeatAnswer> drain = reportInstance(url_, r);
        if (drain) {
            {
                std::lock_guard lock(mutex_);
                stageHost_ = drain->stageHost;
                stagePort_ = drain->stagePort;
            }
            if (!registered_) logInfo("instance", "instance " + r.id + " registered with " + url_);
            registered_ = true;
            complained = false;
            if (drain->drain) drain_ = true;
        } else if (!complained) {
            logWarn("instance", "instance " + r.id + ": " + drain.error().message + " (retrying)");
            complained = true;
        }
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(interval_);
        while (running_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace atrium::cluster
