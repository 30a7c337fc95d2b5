// atrium-director: the front door of an event of many instances of one venue (HTTP + JSON;
// the API is in cluster/include/atrium/cluster/director.hpp, the design in docs/scaling.md).
//   atrium-director [--host H] [--port P] [--venue-id ID] [--seconds S]
//                   [--local N VENUE [--capacity C] [--redis HOST:PORT] [--event NAME] [--server PATH]]
// With --local it starts N atrium-server instances of VENUE itself and supervises them
// (restarting a crashed one; a drained one stays stopped). The secret is ATRIUM_SECRET, as for
// atrium-server; without it, the development secret on 127.0.0.1 only.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "atrium/cluster/director.hpp"
#include "atrium/cluster/local_instances.hpp"
#include "atrium/net/join_token.hpp"

using namespace atrium;

namespace {

volatile std::sig_atomic_t g_stop = 0;

int usage() {
    std::fprintf(stderr,
                 "usage: atrium-director [--host H] [--port P] [--venue-id ID] [--seconds S]\n"
                 "                       [--local N VENUE [--capacity C] [--redis HOST:PORT] [--event NAME] [--server PATH]]\n");
    return 2;
}

std::string venueIdOf(const std::string& path) {
    std::string stem = std::filesystem::path(path).filename().string();
    return stem.substr(0, stem.find('.'));
}

}  // namespace

int main(int argc, char** argv) {
    cluster::DirectorConfig config;
    cluster::LocalInstancesConfig local;
    local.count = 0;
    double seconds = 0;
    bool venueIdGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        auto value = [&](int ahead = 1) -> const char* { return i + ahead < argc ? argv[i + ahead] : nullptr; };
        if (!value()) return usage();
        if (k == "--local") {
            if (!value(2)) return usage();
            local.count = std::atoi(value());
            local.venue = value(2);
            i += 2;
            continue;
        }
        const std::string v = value();
        ++i;
        if (k == "--host") config.host = v;
        else if (k == "--port") config.port = std::uint16_t(std::atoi(v.c_str()));
        else if (k == "--venue-id") {
            config.venueId = v;
            venueIdGiven = true;
        } else if (k == "--seconds") seconds = std::atof(v.c_str());
        else if (k == "--capacity") local.capacity = std::uint32_t(std::max(1, std::atoi(v.c_str())));
        else if (k == "--redis") local.redis = v;
        else if (k == "--event") local.event = v;
        else if (k == "--server") local.serverBinary = v;
        else return usage();
    }
    const char* s = std::getenv("ATRIUM_SECRET");
    if (s && *s) config.secret = s;
    else {
        if (config.host != "127.0.0.1" && config.host != "localhost") {
            std::fprintf(stderr, "atrium-director: refusing to listen on %s without ATRIUM_SECRET (see docs/security.md)\n",
                         config.host.c_str());
            return 1;
        }
        std::printf("atrium-director: ATRIUM_SECRET is not set: the development secret, 127.0.0.1 only\n");
        config.secret = net::kDevelopmentSecret;
    }
    if (local.count > 0 && !venueIdGiven) config.venueId = venueIdOf(local.venue);
    cluster::Director director(config);
    if (Status st = director.start(); !st) {
        std::fprintf(stderr, "%s\n", st.error().message.c_str());
        return 1;
    }
    std::printf("atrium-director: venue id %s on %s\n", config.venueId.c_str(), director.url().c_str());
    std::fflush(stdout);
    std::unique_ptr<cluster::LocalInstances> instances;
    if (local.count > 0) {
        if (local.serverBinary.empty()) local.serverBinary = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "atrium-server";
        local.directorUrl = director.url();
        instances = std::make_unique<cluster::LocalInstances>(local);
        if (Status st = instances->start(); !st) {
            std::fprintf(stderr, "atrium-director: %s\n", st.error().message.c_str());
            return 1;
        }
        std::printf("atrium-director: started %d instance(s) of %s, %u attendees each\n", local.count, local.venue.c_str(), local.capacity);
        std::fflush(stdout);
    }
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    const auto start = std::chrono::steady_clock::now();
    while (!g_stop) {
        if (seconds > 0 && std::chrono::steady_clock::now() - start > std::chrono::duration<double>(seconds)) break;
        if (instances) {
            for (const std::string& line : instances->poll(director)) {
                std::printf("atrium-director: %s\n", line.c_str());
                std::fflush(stdout);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (instances) instances->stopAll();
    director.stop();
    std::printf("atrium-director: stopped\n");
    return 0;
}
