// atrium-server: the headless venue server (links no Vulkan).
//   atrium-server VENUE [--port P] [--host H] [--venue-id ID] [--seconds S] [--snapshot-rate HZ] [--revoked FILE]
//                       [--media SCREEN=URL]...   SCREEN: a MediaScreen's stable id (16 hex digits) or name
//   atrium-server token --user N --name NAME [--role attendee|presenter|host] [--ttl SECONDS] [--venue-id ID]
//                       [--link HOST:PORT]   prints a join link (atrium://HOST:PORT/ID?token=...) instead
// The join-token secret comes from ATRIUM_SECRET. Without it the server uses the public
// development secret and listens on 127.0.0.1 only; --host other than loopback then refuses to
// start. --revoked names a file of join tokens (or their ids, in hex), one a line, refused.
// See docs/security.md.
// One instance of an event of many (docs/scaling.md): --director URL --instance-id ID
// [--capacity N] [--stage 1] [--advertise HOST] registers with atrium-director and heartbeats;
// --redis HOST:PORT [--event NAME] shares chat, bans, mutes and presence with the other instances.
// With AGONES_SDK_HTTP_PORT set (an Agones GameServer pod, deploy/), it tells the SDK sidecar
// Ready, Health every 2 s, Allocate with the first attendee, each attendee's connect and
// disconnect, and Shutdown.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "atrium/cluster/agones_sdk.hpp"
#include "atrium/cluster/event_bus.hpp"
#include "atrium/cluster/instance_agent.hpp"
#include "atrium/cluster/stage_mirror.hpp"
#include "atrium/media/media_player.hpp"
#include "atrium/net/join_link.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

volatile std::sig_atomic_t g_stop = 0;

bool isLoopbackHost(const std::string& host) { return host == "localhost" || host.rfind("127.", 0) == 0; }

bool secretConfigured() {
    const char* s = std::getenv("ATRIUM_SECRET");
    return s && *s;
}

std::string secret() {
    if (secretConfigured()) return std::getenv("ATRIUM_SECRET");
    std::fprintf(stderr, "warning: ATRIUM_SECRET is not set; using the public development secret (127.0.0.1 only)\n");
    return kDevelopmentSecret;
}

// The duration of every file a screen's playlist names, so that the server moves everyone on to
// the next item when one ends (a URL is left alone: a stream may have no end, and the server does
// not wait on the network). A file that does not open is said and plays on without an end.
void measurePlaylists(World& world, const std::filesystem::path& root, Server& server) {
    std::vector<std::string> files;
    world.each<MediaScreen>([&](Entity, MediaScreen& s) {
        for (const std::string& item : s.playlist)
            if (item.find("://") == std::string::npos && std::find(files.begin(), files.end(), item) == files.end()) files.push_back(item);
    });
    std::vector<std::unique_ptr<media::MediaPlayer>> players;
    for (const std::string& f : files) players.push_back(std::make_unique<media::MediaPlayer>((root / f).string()));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (std::size_t i = 0; i < files.size(); ++i) {
        while (players[i]->status() == media::MediaStatus::Opening && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const media::MediaInfo info = players[i]->info();
        if (players[i]->status() != media::MediaStatus::Opening && info.duration > 0.0) {
            server.setMediaDuration(files[i], info.duration);
        } else {
            std::fprintf(stderr, "atrium-server: playlist item %s: %s; it plays on without moving to the next\n", files[i].c_str(),
                         players[i]->status() == media::MediaStatus::Error ? players[i]->statusMessage().c_str() : "no duration");
        }
    }
}

// One join token or token id (hex) a line; blank lines and '#' comments skipped.
Result<std::vector<std::uint64_t>> readRevoked(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (!f) return Error{"--revoked " + path + ": cannot be read"};
    std::vector<std::uint64_t> ids;
    std::string line;
    int number = 0;
    for (int ch = 0; ch != EOF;) {
        ch = std::fgetc(f);
        if (ch != '\n' && ch != EOF) {
            line += char(ch);
            continue;
        }
        ++number;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line[0] != '#') {
            char* end = nullptr;
            const std::uint64_t id = std::strtoull(line.c_str(), &end, 16);
            if (line.size() <= 16 && end && *end == '\0') ids.push_back(id);
            else if (Result<ConnectToken> t = joinConnectToken(line)) ids.push_back(t->tokenId);
            else {
                std::fclose(f);
                return Error{"--revoked " + path + ":" + std::to_string(number) + ": neither a join token nor a token id"};
            }
        }
        line.clear();
    }
    std::fclose(f);
    return ids;
}

std::string venueIdOf(const std::string& path) {
    std::string stem = std::filesystem::path(path).filename().string();
    auto dot = stem.find('.');
    return dot == std::string::npos ? stem : stem.substr(0, dot);
}

int usage() {
    std::fprintf(stderr,
                 "usage: atrium-server VENUE [--port P] [--host H] [--venue-id ID] [--seconds S] [--snapshot-rate HZ] [--revoked FILE]\n"
                 "                           [--media SCREEN=URL]... (SCREEN: a media screen's id or name)\n"
                 "                    [--director URL --instance-id ID [--capacity N] [--stage 1] [--advertise HOST]]\n"
                 "                    [--redis HOST:PORT [--event NAME]]\n"
                 "       atrium-server token --user N --name NAME [--role attendee|presenter|host] [--ttl SECONDS] --venue-id ID\n"
                 "                           [--link HOST:PORT]\n");
    return 2;
}

int mintToken(int argc, char** argv) {
    JoinClaims c;
    c.venueId = "venue";
    long ttl = 3600;
    std::string link;
    if (argc % 2 != 0) return usage();  // every option takes a value
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--user") c.userId = std::strtoull(v.c_str(), nullptr, 10);
        else if (k == "--name") c.displayName = v;
        else if (k == "--role") {
            if (!parseRole(v, c.role)) return usage();
        } else if (k == "--ttl") ttl = std::strtol(v.c_str(), nullptr, 10);
        else if (k == "--venue-id") c.venueId = v;
        else if (k == "--link") link = v;
        else return usage();
    }
    if (c.displayName.empty()) return usage();
    c.expiresAtUnix = std::int64_t(std::time(nullptr)) + ttl;
    std::string token = mintJoinToken(c, secret());
    if (link.empty()) {
        std::printf("%s\n", token.c_str());
        return 0;
    }
    // HOST:PORT, the host possibly a bracketed IPv6 address: parsed as the app will parse it.
    Result<JoinLink> parsed = parseJoinLink("atrium://" + link + "/v?token=t");
    if (!parsed) {
        std::fprintf(stderr, "atrium-server token: --link %s: %s\n", link.c_str(), parsed.error().message.c_str());
        return 2;
    }
    parsed->venueId = c.venueId;
    parsed->token = token;
    std::printf("%s\n", formatJoinLink(*parsed).c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    if (std::string(argv[1]) == "token") return mintToken(argc, argv);
    std::string venuePath = argv[1];
    ServerConfig config;
    config.venueId = venueIdOf(venuePath);
    double seconds = 0;
    bool hostGiven = false;
    std::string revokedFile;
    std::vector<std::pair<std::string, std::string>> media;  // --media SCREEN=URL, in order
    std::string directorUrl, redis, event = "event";
    cluster::InstanceReport instance;
    instance.capacity = 100;
    if (argc % 2 != 0) return usage();  // every option takes a value
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--port") config.port = std::uint16_t(std::atoi(v.c_str()));
        else if (k == "--host") {
            config.host = v;
            hostGiven = true;
        } else if (k == "--revoked") revokedFile = v;
        else if (k == "--venue-id") config.venueId = v;
        else if (k == "--seconds") seconds = std::atof(v.c_str());
        else if (k == "--snapshot-rate") config.snapshotRate = std::max(1.0, std::atof(v.c_str()));
        else if (k == "--media") {
            const std::size_t eq = v.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == v.size()) {
                std::fprintf(stderr, "atrium-server: --media %s: expected SCREEN=URL (a media screen's id or name, then what it plays)\n",
                             v.c_str());
                return 2;
            }
            media.emplace_back(v.substr(0, eq), v.substr(eq + 1));
        } else if (k == "--director") directorUrl = v;
        else if (k == "--instance-id") instance.id = v;
        else if (k == "--capacity") instance.capacity = std::uint32_t(std::max(1, std::atoi(v.c_str())));
        else if (k == "--stage") instance.stage = v == "1" || v == "true";
        else if (k == "--advertise") instance.host = v;
        else if (k == "--redis") redis = v;
        else if (k == "--event") event = v;
        else return usage();
    }
    VenueLoadReport report;
    Result<World> world = loadVenue(venuePath, &report);
    if (!world) {
        for (const Error& e : report.errors) std::fprintf(stderr, "%s\n", e.toString().c_str());
        return 1;
    }
    if (!secretConfigured() && hostGiven && !isLoopbackHost(config.host)) {
        std::fprintf(stderr,
                     "atrium-server: refusing to listen on %s without ATRIUM_SECRET: anyone could mint join tokens with the public "
                     "development secret. Set ATRIUM_SECRET (see docs/security.md), or leave out --host to listen on 127.0.0.1.\n",
                     config.host.c_str());
        return 1;
    }
    if (!secretConfigured()) {
        std::printf("atrium-server: ATRIUM_SECRET is not set: listening on 127.0.0.1 only, with the development secret\n");
    }
    config.secret = secret();
    if (!revokedFile.empty()) {
        Result<std::vector<std::uint64_t>> revoked = readRevoked(revokedFile);
        if (!revoked) {
            std::fprintf(stderr, "atrium-server: %s\n", revoked.error().message.c_str());
            return 1;
        }
        config.revokedTokens = *revoked;
    }
    config.assetRoot = std::filesystem::path(venuePath).parent_path();  // the stage's stairs are mesh colliders
    config.venueFile = venuePath;                                       // sent to attendees who join without it (atrium-join LINK)
    if (!directorUrl.empty() && instance.id.empty()) {
        std::fprintf(stderr, "atrium-server: --director needs --instance-id\n");
        return 2;
    }
    std::unique_ptr<cluster::EventBus> bus;
    if (!redis.empty()) {
        const auto c = redis.rfind(':');
        const int redisPort = c == std::string::npos ? 0 : std::atoi(redis.c_str() + c + 1);
        if (redisPort <= 0 || redisPort > 65535) {
            std::fprintf(stderr, "atrium-server: --redis %s: expected HOST:PORT\n", redis.c_str());
            return 2;
        }
        config.eventRelay = true;
        bus = std::make_unique<cluster::EventBus>(cluster::EventBusConfig{.host = redis.substr(0, c),
                                                                          .port = std::uint16_t(redisPort),
                                                                          .event = event,
                                                                          .instanceId = instance.id.empty() ? "solo" : instance.id});
    }
    cluster::AgonesSdk agones;
    if (agones.enabled()) config.eventRelay = true;  // arrivals and departures, for player tracking
    Server server(*world, config);
    if (Status s = server.start(); !s) {
        std::fprintf(stderr, "atrium-server: %s\n", s.error().toString().c_str());
        return 1;
    }
    measurePlaylists(*world, config.assetRoot, server);
    for (const auto& entry : media) {
        const std::string& screenName = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
        const std::string& url = entry.second;
        StableId screen;
        if (!parseStableId(screenName, screen)) {
            world->each<MediaScreen>([&](Entity e, MediaScreen&) {
                if (const Name* n = world->get<Name>(e); n && n->value == screenName) screen = world->stableId(e);
            });
        }
        if (Status s = server.setMedia(screen, url); !s) {
            std::fprintf(stderr, "atrium-server: --media %s=%s: %s\n", screenName.c_str(), url.c_str(),
                         screen.valid() ? s.error().message.c_str() : "no media screen of that id or name in the venue");
            return 1;
        }
        std::printf("atrium-server: screen %s plays %s\n", screenName.c_str(), url.c_str());
    }
    std::printf("atrium-server: \"%s\" (venue id %s) on %s:%u, %zu entities\n", world->name.c_str(), config.venueId.c_str(), config.host.c_str(),
                server.port(), world->entityCount());
    std::fflush(stdout);
    std::unique_ptr<cluster::InstanceAgent> agent;
    if (!directorUrl.empty()) {
        if (instance.host.empty()) instance.host = config.host == "0.0.0.0" ? "127.0.0.1" : config.host;
        instance.port = server.port();
        if (agones.enabled()) {  // in a pod: the node's address and the host port Agones mapped
            if (auto pub = agones.publicAddress(); pub) std::tie(instance.host, instance.port) = *pub;
            else std::fprintf(stderr, "atrium-server: %s; reporting %s:%u\n", pub.error().message.c_str(), instance.host.c_str(), instance.port);
        }
        agent = std::make_unique<cluster::InstanceAgent>(directorUrl, instance);
        agent->start();
    }
    if (bus) bus->start();
    if (agones.enabled()) {
        agones.setPlayerCapacity(instance.capacity);
        agones.ready();
        std::printf("atrium-server: Agones SDK on localhost:%s: ready\n", std::getenv("AGONES_SDK_HTTP_PORT"));
        std::fflush(stdout);
    }
    std::unique_ptr<cluster::StageMirror> mirror;
    if (agent && !instance.stage)
        mirror = std::make_unique<cluster::StageMirror>(cluster::StageMirrorConfig{config.secret, config.venueId, instance.id});
    double drainedAt = -1.0;
    bool allocated = false;
    std::uint64_t admitted = 0;
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    auto start = std::chrono::steady_clock::now();
    double nextReport = 5.0;
    const double longestSleep = server.metrics().receiveBufferBytes >= ServerMetrics::kCrowdReceiveBufferBytes ? 0.05 : 0.004;
    while (!g_stop) {
        double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds > 0 && now >= seconds) break;
        server.update(now);
        if (config.eventRelay) {
            const EventOutbox out = server.takeEventOutbox();
            if (agones.enabled()) {
                for (const PresenceChange& p : out.presence) {
                    if (p.present && !allocated) {
                        agones.allocate();  // someone is in: not a GameServer to scale away
                        allocated = true;
                    }
                    if (p.present) agones.playerConnect(std::to_string(p.userId));
                    else agones.playerDisconnect(std::to_string(p.userId));
                }
            }
            if (bus) cluster::exchange(server, *bus, out);
        }
        if (agent) {
            agent->setLoad(std::uint32_t(server.clientCount()));
            // Client ids only grow: the highest joined so far counts the admissions.
            if (const std::vector<std::uint32_t> ids = server.clientIds(); !ids.empty()) {
                admitted = std::max<std::uint64_t>(admitted, *std::max_element(ids.begin(), ids.end()));
                agent->setAdmitted(admitted);
            }
            if (mirror) {
                const auto [stageHost, stagePort] = agent->stage();
                mirror->setStage(stageHost, stagePort, now);
                mirror->update(now, server);
            }
            if (agent->drainRequested() && drainedAt < 0) {
                std::printf("atrium-server: instance %s draining: moving its %zu attendee(s) out\n", instance.id.c_str(), server.clientCount());
                std::fflush(stdout);
                server.drain("this instance is closing: join again through the director");
                drainedAt = now;
            }
            if (drainedAt >= 0 && now - drainedAt > 2.0) break;  // the reasons acknowledged, or given up on
        }
        if (now >= nextReport) {
            nextReport += 5.0;
            ServerMetrics m = server.metrics();
            // Averages over the clients, with the worst client's figure where one bad link matters.
            double down = 0, up = 0, snap = 0, rtt = 0, loss = 0, delay = 0, downMax = 0, rttMax = 0, lossMax = 0;
            for (const ClientMetrics& c : m.clients) {
                down += c.kbpsDown;
                up += c.kbpsUp;
                snap += c.avgSnapshotBytes;
                rtt += c.rttMs;
                loss += c.lossPercent;
                delay += c.inputDelayMs;
                downMax = std::max(downMax, c.kbpsDown);
                rttMax = std::max(rttMax, c.rttMs);
                lossMax = std::max(lossMax, c.lossPercent);
            }
            std::size_t n = m.clients.size();
            double k = n ? 1.0 / double(n) : 0.0;
            std::printf(
                "[%5.0f s] %zu client(s), tick %.3f ms | per client: %.1f kbps down (max %.1f), %.1f up, rtt %.0f ms (max %.0f), "
                "loss %.1f%% (max %.1f), input delay %.0f ms, %.0f B per snapshot | %llu dropped packets, chat lines %u\n",
                now, n, m.avgTickMs, down * k, downMax, up * k, rtt * k, rttMax, loss * k, lossMax, delay * k, snap * k,
                (unsigned long long)m.droppedPackets, server.chatCount());
            std::fflush(stdout);
        }
        // Sleep to the next tick: every update() costs ENet a pass over every connected peer,
        // and inputs wait for a tick anyway. Only where the kernel's socket buffer is too small
        // to hold a tick's datagrams from a thousand clients (the server warned at start), wake
        // every 4 ms to empty it.
        double wake = std::min(server.nextTickDue(), nextReport);
        double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds > 0) wake = std::min(wake, seconds);
        std::this_thread::sleep_for(std::chrono::duration<double>(std::clamp(wake - after, 0.0005, longestSleep)));
    }
    if (agent) agent->stop();
    if (bus) bus->stop();
    if (agones.enabled()) agones.shutdown();  // sent before the SDK's thread ends, below
    ServerMetrics m = server.metrics();
    std::printf("atrium-server: stopped after %llu ticks (%.3f ms each on average), %llu packets dropped, %llu joins refused\n",
                (unsigned long long)m.ticks, m.avgTickMs, (unsigned long long)m.droppedPackets, (unsigned long long)m.rejectedJoins);
    return 0;
}
