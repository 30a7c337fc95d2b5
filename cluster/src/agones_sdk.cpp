#include "atrium/cluster/agones_sdk.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "atrium/core/log.hpp"

namespace atrium::cluster {

namespace {

struct Call {
    std::string method;  // POST or PUT
    std::string path;
    std::string body;
};

}  // namespace

struct AgonesSdk::Impl {
    std::uint16_t port = 0;
    double healthSeconds = 2.0;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Call> calls;
    bool stopping = false, shutDown = false;
    std::atomic<std::uint64_t> failed{0};

    // True once the sidecar answered 2xx; a refused connection is retried (it may start late).
    bool send(httplib::Client& client, const Call& call) {
        for (int attempt = 0; attempt < 20; ++attempt) {
            httplib::Result r = call.method == "PUT" ? client.Put(call.path.c_str(), call.body, "application/json")
                                                     : client.Post(call.path.c_str(), call.body, "application/json");
            if (r && r->status / 100 == 2) return true;
            if (r) {
                logWarn("agones", call.method + " " + call.path + ": the SDK sidecar answered " + std::to_string(r->status) + ": " + r->body);
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        logWarn("agones", call.method + " " + call.path + ": no SDK sidecar on localhost:" + std::to_string(port));
        return false;
    }

    void run() {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(0, 500000);
        client.set_read_timeout(2, 0);
        auto nextHealth = std::chrono::steady_clock::now();
        std::unique_lock lock(mutex);
        for (;;) {
            wake.wait_until(lock, nextHealth, [&] { return !calls.empty() || stopping; });
            while (!calls.empty()) {
                Call call = calls.front();
                calls.pop_front();
                lock.unlock();
                if (!send(client, call)) ++failed;
                lock.lock();
            }
            if (stopping) return;
            if (std::chrono::steady_clock::now() >= nextHealth) {
                nextHealth = std::chrono::steady_clock::now() +
                             std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(healthSeconds));
                if (shutDown) continue;
                lock.unlock();
                if (!send(client, {"POST", "/health", "{}"})) ++failed;
                lock.lock();
            }
        }
    }

    void queue(Call call) {
        if (port == 0) return;
        {
            std::lock_guard lock(mutex);
            calls.push_back(std::move(call));
        }
        wake.notify_one();
    }
};

AgonesSdk::AgonesSdk(std::uint16_t port, double healthSeconds) : impl_(std::make_unique<Impl>()) {
    if (port == 0) {
        const char* env = std::getenv("AGONES_SDK_HTTP_PORT");
        const int p = env ? std::atoi(env) : 0;
        if (p > 0 && p < 65536) port = std::uint16_t(p);
    }
    impl_->port = port;
    impl_->healthSeconds = healthSeconds;
    if (port != 0) impl_->thread = std::thread([this] { impl_->run(); });
}

AgonesSdk::~AgonesSdk() {
    if (!impl_->thread.joinable()) return;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_one();
    impl_->thread.join();
}

bool AgonesSdk::enabled() const { return impl_->port != 0; }
void AgonesSdk::ready() { impl_->queue({"POST", "/ready", "{}"}); }
void AgonesSdk::allocate() { impl_->queue({"POST", "/allocate", "{}"}); }
void AgonesSdk::setPlayerCapacity(std::uint32_t count) {
    impl_->queue({"PUT", "/alpha/player/capacity", nlohmann::json{{"count", std::to_string(count)}}.dump()});
}
void AgonesSdk::playerConnect(const std::string& id) {
    impl_->queue({"POST", "/alpha/player/connect", nlohmann::json{{"playerID", id}}.dump()});
}
void AgonesSdk::playerDisconnect(const std::string& id) {
    impl_->queue({"POST", "/alpha/player/disconnect", nlohmann::json{{"playerID", id}}.dump()});
}
void AgonesSdk::shutdown() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->shutDown = true;
    }
    impl_->queue({"POST", "/shutdown", "{}"});
}
std::uint64_t AgonesSdk::callsFailed() const { return impl_->failed; }

Result<std::pair<std::string, std::uint16_t>> AgonesSdk::publicAddress(double seconds) const {
    if (impl_->port == 0) return Error{"Agones: AGONES_SDK_HTTP_PORT is not set"};
    httplib::Client client("127.0.0.1", impl_->port);
    client.set_connection_timeout(0, 500000);
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::string last = "no answer";
    while (std::chrono::steady_clock::now() < end) {
        if (httplib::Result r = client.Get("/gameserver"); r && r->status == 200) {
            nlohmann::json gs = nlohmann::json::parse(r->body, nullptr, false);
            const nlohmann::json status = gs.is_object() ? gs.value("status", nlohmann::json::object()) : nlohmann::json::object();
            const std::string address = status.value("address", std::string());
            const nlohmann::json ports = status.value("ports", nlohmann::json::array());
            if (!address.empty() && ports.is_array() && !ports.empty() && ports[0].value("port", 0) > 0) {
                return std::pair{address, std::uint16_t(ports[0].value("port", 0))};
            }
            last = "GET /gameserver has no status.address and status.ports yet";
        } else if (r) {
            last = "GET /gameserver answered " + std::to_string(r->status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return Error{"Agones SDK on localhost:" + std::to_string(impl_->port) + ": " + last};
}

}  // namespace atrium::cluster
