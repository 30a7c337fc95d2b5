#pragma once
// An instance's side of the director (director.hpp): registers, then heartbeats its load and
// health from its own thread, so a slow or absent director never stalls the server's ticks.
// The director's answer can ask it to drain.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "atrium/cluster/instance_registry.hpp"

namespace atrium::cluster {

class InstanceAgent {
public:
    InstanceAgent(std::string directorUrl, InstanceReport report, double intervalSeconds = 0.5);
    ~InstanceAgent();
    InstanceAgent(const InstanceAgent&) = delete;
    InstanceAgent& operator=(const InstanceAgent&) = delete;

    void start();
    void stop();
    void setLoad(std::uint32_t attendees) { load_ = attendees; }
    void setAdmitted(std::uint64_t total) { admitted_ = total; }
    void setHealthy(bool healthy) { healthy_ = healthy; }
    bool drainRequested() const { return drain_; }
    bool registered() const { return registered_; }
    // The stage instance's address from the last answer; empty host: none (or this is it).
    std::pair<std::string, std::uint16_t> stage() const;

private:
    void run();

    std::string url_;
    InstanceReport report_;
    double interval_;
    std::atomic<std::uint32_t> load_{0};
    std::atomic<std::uint64_t> admitted_{0};
    std::atomic<bool> healthy_{true}, drain_{false}, registered_{false}, running_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::string stageHost_;
    std::uint16_t stagePort_ = 0;
};

}  // namespace atrium::cluster
