// atrium-server in an Agones pod: with AGONES_SDK_HTTP_PORT set it speaks the SDK sidecar's
// REST API. The sidecar here is a small real HTTP server that records every call.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <chrono>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "atrium/cluster/agones_sdk.hpp"
#include "atrium/net/client.hpp"
#include "redis_process.hpp"

using namespace atrium;

namespace {

struct RecordingSidecar {
    httplib::Server http;
    std::thread thread;
    std::mutex mutex;
    std::vector<std::string> calls;  // "POST /ready {}"
    int port = 0;
    RecordingSidecar() {
        auto record = [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            calls.push_back(req.method + " " + req.path + " " + req.body);
            res.set_content("{}", "application/json");
        };
        http.Get("/gameserver", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(
                R"({"object_meta":{"name":"atrium-abc"},"status":{"state":"Scheduled","address":"203.0.113.7","ports":[{"name":"default","port":7123}]}})",
                "application/json");
        });
        http.Post(R"(/.*)", record);
        http.Put(R"(/.*)", record);
        port = http.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { http.listen_after_bind(); });
    }
    ~RecordingSidecar() {
        http.stop();
        thread.join();
    }
    std::size_t count(const std::string& call) {
        std::lock_guard lock(mutex);
        return std::size_t(std::count(calls.begin(), calls.end(), call));
    }
    std::ptrdiff_t indexOf(const std::string& call) {
        std::lock_guard lock(mutex);
        auto it = std::find(calls.begin(), calls.end(), call);
        return it == calls.end() ? -1 : it - calls.begin();
    }
};

template <typename Done>
bool waitFor(double seconds, Done done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

}  // namespace

TEST(AgonesSdk, IsOffWithoutTheSidecarsPort) {
    unsetenv("AGONES_SDK_HTTP_PORT");
    cluster::AgonesSdk sdk;
    EXPECT_FALSE(sdk.enabled());
    sdk.ready();  // nothing to send it to, nothing happens
}

TEST(AgonesSdk, ThePublicAddressIsTheGameServersStatus) {
    RecordingSidecar sidecar;
    cluster::AgonesSdk sdk(std::uint16_t(sidecar.port));
    auto a = sdk.publicAddress(2.0);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->first, "203.0.113.7");
    EXPECT_EQ(a->second, 7123);
}

TEST(AgonesSdk, AnInstanceTellsTheSidecarReadyHealthPlayersAndShutdown) {
    RecordingSidecar sidecar;
    ASSERT_GT(sidecar.port, 0);
    const std::uint16_t udp = freeTcpPort();
    const pid_t server = fork();
    if (server == 0) {
        setenv("AGONES_SDK_HTTP_PORT", std::to_string(sidecar.port).c_str(), 1);
        setenv("ATRIUM_SECRET", "agones-test-secret", 1);
        const std::string bin = std::string(ATRIUM_BIN_DIR) + "/atrium-server";
        const std::string venue = std::string(ATRIUM_SOURCE_DIR) + "/samples/plaza/plaza.venue.json";
        const std::string port = std::to_string(udp);
        execl(bin.c_str(), bin.c_str(), venue.c_str(), "--port", port.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    ASSERT_TRUE(waitFor(10, [&] { return sidecar.count("POST /ready {}") == 1; }));
    EXPECT_EQ(sidecar.count(R"(PUT /alpha/player/capacity {"count":"100"})"), 1u);
    net::Client ada(
        {.token = net::mintJoinToken({"plaza", 7, "Ada", net::Role::Attendee, std::int64_t(std::time(nullptr)) + 600}, "agones-test-secret")});
    ASSERT_TRUE(ada.connect("127.0.0.1", udp));
    const auto t0 = std::chrono::steady_clock::now();
    auto pump = [&] {
        ada.update(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        return false;
    };
    ASSERT_TRUE(waitFor(10, [&] { return pump() || sidecar.count(R"(POST /alpha/player/connect {"playerID":"7"})") == 1; }));
    ada.leave();
    ASSERT_TRUE(waitFor(10, [&] { return pump() || sidecar.count(R"(POST /alpha/player/disconnect {"playerID":"7"})") == 1; }));
    ASSERT_TRUE(waitFor(6, [&] { return sidecar.count("POST /health {}") >= 2; })) << "a health ping every 2 s";
    kill(server, SIGTERM);
    int status = 0;
    waitpid(server, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(sidecar.count("POST /shutdown {}"), 1u);
    EXPECT_EQ(sidecar.count("POST /allocate {}"), 1u) << "allocated with its first attendee";
    EXPECT_LT(sidecar.indexOf("POST /ready {}"), sidecar.indexOf("POST /allocate {}"));
    EXPECT_LT(sidecar.indexOf("POST /allocate {}"), sidecar.indexOf(R"(POST /alpha/player/connect {"playerID":"7"})"));
}
