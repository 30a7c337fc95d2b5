// Netsync benchmarks, printing figures (never pass/fail).
//   A: Glenn Fiedler's snapshot-compression scene: 901 physics cubes, a resting pile that a
//      moving cube ploughs through, 60 snapshots a second to one client. Average and peak
//      kbps, against his uncompressed encoding (321 bits per cube) and against our own
//      encoding without deltas, measured in the same run.
//   B: N bots walking in one venue against one server: server CPU per tick and kbps per client.
//   C: up to 500 people in a venue with a floor, the server moving avatars with the physics
//      character controller, most standing: server CPU per tick.
//   T: B's datagrams through raw ENet hosts and the kernel alone (the transport the server used
//      before its own), without simulation or snapshots: a baseline on the machine it runs on.
// usage: netsync_bench [A|B|C|T|AB...] [--bots N] [--seconds S] [--view N] [--input-packets HZ]
//   --view and --input-packets change B's ServerConfig::maxInterest and ClientConfig::inputSendRate
//   from their defaults, to see what each costs; the figures to quote use the defaults.
#include <sys/resource.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <string>

#include <enet/enet.h>

// Under callgrind, counting starts where measuring does (see DEVELOPERS.md): instruction
// counts of the measured ticks alone, the same from run to run whatever the neighbours do.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#endif

#include "atrium/core/log.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/net/snapshot.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/scene/kit.hpp"
#include "enet_init.hpp"  // benchmark T services and configures ENet as the server did

using namespace atrium;
using namespace atrium::net;

namespace {

void benchmarkCubes(double seconds, bool tallPile) {
    World w;
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->position = vec3(0, -0.5f, 0);
    w.add<RigidBody>(floor, RigidBody{.type = RigidBody::Type::Static});
    w.add<Collider>(floor, Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(60, 0.5f, 60)});
    // Fiedler's scene lays the 900 cubes out in one 30 x 30 layer; the tall pile (10 x 9 x 10,
    // the physics playground's) is a harsher case that keeps collapsing for many seconds.
    if (tallPile) spawnKit(w, "body_grid", {{"countX", 10}, {"countY", 9}, {"countZ", 10}, {"size", 1}, {"gap", 0.02}});
    else spawnKit(w, "body_grid", {{"countX", 30}, {"countY", 1}, {"countZ", 30}, {"size", 1}, {"gap", 0.05}});
    Entity player = w.create("Player cube");
    w.get<Transform>(player)->position = vec3(-14, 1, 0);
    w.get<Transform>(player)->scale = vec3(2);
    w.add<RigidBody>(player, RigidBody{.type = RigidBody::Type::Kinematic});
    w.add<Collider>(player, Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(0.5f)});
    PhysicsWorld physics(w);
    std::vector<Entity> cubes;
    w.forEachEntity([&](Entity e) {
        const RigidBody* rb = w.get<RigidBody>(e);
        if (rb && rb->type != RigidBody::Type::Static) cubes.push_back(e);
    });
    PositionQuantizer quant(Aabb{vec3(-64, -1, -64), vec3(64, 31, 64)});
    SnapshotEncoder delta(quant), full(quant);
    if (!std::getenv("ATRIUM_BENCH_NO_DEADBAND")) delta.setDeadband(2, 3);  // 2 mm, about 0.5 degrees
    SnapshotDecoder client(quant);
    std::deque<std::uint16_t> acksInFlight;  // 100 ms round trip: acks arrive 6 snapshots later
    const int steps = int(seconds * 60);
    double totalBytes = 0, totalFull = 0, peakBytes = 0;
    int restingSnapshots = 0;
    double restingBytes = 0;
    for (int s = 1; s <= steps; ++s) {
        double t = s / 60.0;
        // The player cube crosses the pile and back at 4 m/s, then rests.
        float x = t < 7.0 ? -14.0f + 4.0f * float(t) : t < 14.0 ? 14.0f - 4.0f * float(t - 7.0) : -14.0f;
        w.get<Transform>(player)->position.x = x;
        physics.step(1.0 / 60.0);
        w.updateTransforms();
        std::vector<SnapshotCandidate> candidates;
        for (std::size_t i = 0; i < cubes.size(); ++i) {
            const mat4& m = w.worldMatrix(cubes[i]);
            quat q = glm::quat_cast(glm::mat3(glm::normalize(vec3(m[0])), glm::normalize(vec3(m[1])), glm::normalize(vec3(m[2]))));
            candidates.push_back({NetId(i), EntityState{quant.quantize(vec3(m[3])), quantizeRotation(q)}, 1.0f});
        }
        SnapshotHeader h{std::uint16_t(s), std::nullopt, std::uint32_t(s), 0};
        auto bytes = delta.encode(h, candidates, kMaxPacketBytes - 4);
        auto decoded = client.decode(bytes);
        if (decoded) acksInFlight.push_back(std::uint16_t(s));
        if (acksInFlight.size() > 6) {
            delta.acknowledge(acksInFlight.front());
            acksInFlight.pop_front();
        }
        double packet = double(bytes.size() + 3 + 28);  // + our header + UDP/IP
        totalBytes += packet;
        peakBytes = std::max(peakBytes, packet);
        if (std::getenv("ATRIUM_BENCH_TRACE") && s % 60 == 0) {
            std::size_t awake = 0, moved2mm = 0, moved2cm = 0;
            static std::vector<vec3> lastSecond;
            lastSecond.resize(cubes.size(), vec3(1e9f));
            for (std::size_t i = 0; i < cubes.size(); ++i) {
                awake += !physics.isSleeping(cubes[i]);
                vec3 p(w.worldMatrix(cubes[i])[3]);
                float d = glm::length(p - lastSecond[i]);
                moved2mm += d > 0.002f;
                moved2cm += d > 0.02f;
                lastSecond[i] = p;
            }
            std::printf("   moved in the last second: %zu by > 2 mm, %zu by > 2 cm\n", moved2mm, moved2cm);
            std::printf("   t=%4.1f s: %zu cubes in the packet, %zu B, %zu cubes awake\n", t, delta.lastEntityCount(), bytes.size(), awake);
        }
        if (delta.lastEntityCount() == 0) {
            ++restingSnapshots;
            restingBytes += packet;
        }
        // The same states without deltas (no acks ever arrive), unlimited budget.
        totalFull += double(full.encode(h, candidates, 1 << 20).size() + 3 + 28);
    }
    double avgKbps = totalBytes * 8 * 60 / steps / 1000.0;
    double fullKbps = totalFull * 8 * 60 / steps / 1000.0;
    double fiedlerUncompressed = 901.0 * 321.0 * 60.0 / 1000.0;
    std::printf(
        "A%s. 901 cubes (%s), 60 snapshots/s to one client, %.0f s (the player cube ploughs through and back, then rests), acks after 100 ms:\n",
        tallPile ? "2" : "1", tallPile ? "a 10 x 9 x 10 pile" : "900 in one 30 x 30 layer, as in Fiedler's demo", seconds);
    std::printf("   delta-encoded: %.1f kbps average, %.1f kbps peak (%.0f B largest packet, UDP/IP headers included)\n", avgKbps,
                peakBytes * 8 * 60 / 1000.0, peakBytes);
    std::printf("   resting snapshots: %d, %.0f B each\n", restingSnapshots, restingSnapshots ? restingBytes / restingSnapshots : 0.0);
    std::printf("   baseline, Fiedler's uncompressed 321 bits per cube: %.0f kbps -> ratio %.1fx\n", fiedlerUncompressed,
                fiedlerUncompressed / avgKbps);
    std::printf("   baseline, our quantised snapshots without deltas: %.0f kbps -> ratio %.1fx\n", fullKbps, fullKbps / avgKbps);
    std::printf("   goal: below 200 kbps average (Fiedler's published final figure: under 250 kbps)\n");
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

// This thread's CPU time in the kernel (system calls: sending and receiving datagrams), from
// the scheduler's tick sampling: statistical per call, sound when summed over thousands.
double threadKernelMs() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return double(u.ru_stime.tv_sec) * 1e3 + double(u.ru_stime.tv_usec) * 1e-3;
}

const char* const kBenchVenue = "bench";
const char* const kBenchSecret = "bench";

// `count` bots, each with its own join token, connecting to `server` on 127.0.0.1.
Result<std::vector<std::unique_ptr<Client>>> connectBots(const Server& server, int count, double inputPackets) {
    std::vector<std::unique_ptr<Client>> bots;
    for (int i = 0; i < count; ++i) {
        JoinClaims c{kBenchVenue, std::uint64_t(i + 1), "bot-" + std::to_string(i), Role::Attendee, std::int64_t(std::time(nullptr)) + 3600};
        bots.push_back(std::make_unique<Client>(
            ClientConfig{.token = mintJoinToken(c, kBenchSecret), .seed = std::uint64_t(i + 1), .inputSendRate = inputPackets}));
        if (Status s = bots.back()->connect("127.0.0.1", server.port()); !s) {
            return Error{"bot " + std::to_string(i) + " cannot connect: " + s.error().toString()};
        }
    }
    return bots;
}

// Server CPU of each half second (30 ticks) measured: this machine's neighbours come and go,
// and the quietest windows show what the server itself costs.
struct CpuWindows {
    static constexpr double kSeconds = 0.5;
    std::vector<double> ms;

    void add(double sinceStart, double cpuMs) {
        auto window = std::size_t(sinceStart / kSeconds);
        if (window >= ms.size()) ms.resize(window + 1, 0.0);
        ms[window] += cpuMs;
    }
    // The least and the median CPU per tick over the windows (the last, partial one left out).
    void print() const {
        std::vector<double> full(ms.begin(), ms.size() > 1 ? ms.end() - 1 : ms.end());
        std::sort(full.begin(), full.end());
        double ticksPerWindow = kSeconds * 60.0;
        double quietest = full.empty() ? 0.0 : full.front() / ticksPerWindow,
               median = full.empty() ? 0.0 : full[full.size() / 2] / ticksPerWindow;
        std::printf("   per half second: quietest %.2f ms per tick (%.0f%% of one core), median %.2f ms\n", quietest, quietest * 6.0, median);
    }
};

// Measuring starts this long after the last bot joined: past the join burst, and past the first
// 64 snapshots to each client (2.1 s at 30 Hz), which fill its encoder's history: until then
// the server is still allocating memory it then reuses for as long as the client stays.
constexpr double kWarmUpSeconds = 3.0;

// What a crowd run measured, from kWarmUpSeconds after the last bot joined (the join burst is
// not what is measured), and the server's and the bots' figures when measuring began.
struct CrowdRun {
    double joinedAt = -1.0;
    double serverCpuMs = 0.0, serverKernelMs = 0.0;
    CpuWindows windows;
    ServerMetrics atStart;
    std::vector<ClientStats> botsAtStart;
};

// Every bot connects at once over the transport on 127.0.0.1; every `walkerEvery`th walks,
// turning now and then (`seed` picks the directions). Time is simulated (the 1,000 clients
// share this thread and run far slower than real time), so the server ticks exactly as it
// would in real time; the transport runs on the same clock (resends, keep-alives, timeouts). Server CPU is this thread's CPU time inside
// Server::update (networking included), not wall time: the bots' work and other processes on the machine do not count.
CrowdRun runCrowd(Server& server, std::vector<std::unique_ptr<Client>>& bots, double seconds, std::size_t walkerEvery, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    CrowdRun run;
    double t = 0.0, measureFrom = -1.0;
    const double joinDeadline = 30.0;
    while (true) {
        t += 1.0 / 120.0;
        double c0 = threadCpuMs(), k0 = measureFrom >= 0 ? threadKernelMs() : 0.0;
        // As atrium-server does (with a socket buffer that holds a tick's datagrams): the
        // server is updated when a tick is due, the bots every step.
        bool due = t + 1e-9 >= server.nextTickDue();
        if (due) server.update(t);
        if (measureFrom >= 0 && due) {
            run.serverKernelMs += threadKernelMs() - k0;
            double cpu = threadCpuMs() - c0;
            run.serverCpuMs += cpu;
            run.windows.add(t - measureFrom, cpu);
        }
        for (std::size_t i = 0; i < bots.size(); ++i) {
            bool turns = i % walkerEvery == 0 && int(t * 120) % 90 == int(i % 90);
            if (turns) bots[i]->setInput(glm::normalize(vec2(unit(rng), unit(rng)) + vec2(0.001f)), false, false, 0.0f);
            bots[i]->update(t);
        }
        if (run.joinedAt < 0 && (server.clientCount() == bots.size() || t >= joinDeadline)) run.joinedAt = t;
        if (measureFrom < 0 && run.joinedAt >= 0 && t >= run.joinedAt + kWarmUpSeconds) {
            CALLGRIND_ZERO_STATS;
            measureFrom = t;
            run.atStart = server.metrics();
            for (auto& b : bots) run.botsAtStart.push_back(b->stats());
        }
        if (measureFrom >= 0 && t > measureFrom + seconds) return run;
    }
}

// N bots walking in one venue. Bandwidth is what reached each bot's socket (the transport's
// headers included) plus 28 bytes of IPv4 + UDP header per datagram.
struct BotOptions {
    std::size_t view = ServerConfig{}.maxInterest;
    double inputPackets = ClientConfig{}.inputSendRate;
};

void benchmarkBots(int count, double seconds, BotOptions options) {
    setLogLevel(LogLevel::Warn);  // a thousand "joined" lines say nothing
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 30});
    Server server(w, {.venueId = kBenchVenue, .secret = kBenchSecret, .maxInterest = options.view, .physics = false});
    if (Status s = server.start(); !s) {
        std::printf("B. server failed: %s\n", s.error().toString().c_str());
        return;
    }
    auto bots = connectBots(server, count, options.inputPackets);
    if (!bots) {
        std::printf("B. %s\n", bots.error().toString().c_str());
        return;
    }
    CrowdRun run = runCrowd(server, *bots, seconds, 1, 2);
    ServerMetrics m = server.metrics();
    std::uint64_t ticks = m.ticks - run.atStart.ticks;
    double tickMs = ticks ? (m.avgTickMs * double(m.ticks) - run.atStart.avgTickMs * double(run.atStart.ticks)) / double(ticks) : 0.0;
    double downSum = 0, downMax = 0, snap = 0, datagrams = 0;
    std::size_t joined = 0;
    std::map<std::string, int> reasons;
    for (std::size_t i = 0; i < bots->size(); ++i) {
        const Client& bot = *(*bots)[i];
        const ClientStats& a = run.botsAtStart[i];
        const ClientStats& b = bot.stats();
        if (!bot.closeReason().empty()) ++reasons[bot.closeReason()];
        if (!bot.joined()) continue;
        ++joined;
        double bytes = double(b.wireBytesReceived - a.wireBytesReceived) + 28.0 * double(b.datagramsReceived - a.datagramsReceived);
        double kbps = bytes * 8.0 / seconds / 1000.0;
        datagrams += double(b.datagramsReceived - a.datagramsReceived) / seconds;
        downSum += kbps;
        downMax = std::max(downMax, kbps);
    }
    for (const ClientMetrics& c : m.clients) snap += c.avgSnapshotBytes;
    std::printf(
        "B. %d bots walking in one venue: %zu joined (%zu on the server), all by %.2f simulated seconds; measured over %.0f simulated seconds from %.0f s later:\n",
        count, joined, m.clients.size(), run.joinedAt, seconds, kWarmUpSeconds);
    std::printf("   each sees at most %zu entities (itself included), %.0f input packets a second per bot\n", options.view,
                options.inputPackets);
    for (const auto& [why, n] : reasons) std::printf("   %d bots closed: %s\n", n, why.c_str());
    double perTick = ticks ? run.serverCpuMs / double(ticks) : 0.0;
    std::printf(
        "   server CPU per 60 Hz tick: %.2f ms including networking (%.2f ms simulation + snapshots; %.2f ms in the kernel) = %.0f%% of one core\n",
        perTick, tickMs, ticks ? run.serverKernelMs / double(ticks) : 0.0, perTick * 60.0 / 10.0);
    run.windows.print();
    std::printf("   server socket: %.0f datagrams in and %.0f out per tick\n",
                ticks ? double(m.datagramsReceived - run.atStart.datagramsReceived) / double(ticks) : 0.0,
                ticks ? double(m.datagramsSent - run.atStart.datagramsSent) / double(ticks) : 0.0);
    std::printf("   per client: %.1f kbps down on the wire (max %.1f), %.0f B per snapshot on average\n",
                joined ? downSum / double(joined) : 0.0, downMax, m.clients.empty() ? 0.0 : snap / double(m.clients.size()));
    // The transport's own bytes in each datagram down: prefix 1, sequence 2-3, tag 16, acks 8,
    // a message record 3 (ENet's were 4 + 8 = 12).
    constexpr double kTransportBytes = 1 + 3 + 16 + 8 + 3;
    const double perBot = joined ? datagrams / double(joined) : 0.0;
    std::printf("   transport overhead: %.0f datagrams a second per client at about %.0f B of headers each (+28 B IPv4/UDP): %.1f kbps of it\n",
                perBot, kTransportBytes, perBot * kTransportBytes * 8.0 / 1000.0);
    std::printf("   goal: at most 50%% of one core and 64 kbps down per client\n");
}

// A crowd in a venue with a floor: the server moves every avatar with the physics character
// controller. Most people stand (listening, watching the stage), a tenth walk. Server CPU per
// tick in simulated time, as in B; the bots do not predict with physics (only the server's
// cost is measured).
void benchmarkStandingCrowd(int count, double seconds) {
    setLogLevel(LogLevel::Warn);
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 20});
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->position = vec3(0, -0.5f, 0);
    w.add<Collider>(floor, Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(60, 0.5f, 60)});
    Server server(w, {.venueId = kBenchVenue, .secret = kBenchSecret, .physics = true});
    if (Status s = server.start(); !s) {
        std::printf("C. server failed: %s\n", s.error().toString().c_str());
        return;
    }
    auto bots = connectBots(server, count, ClientConfig{}.inputSendRate);
    if (!bots) return;
    CrowdRun run = runCrowd(server, *bots, seconds, 10, 3);
    std::uint64_t ticks = server.metrics().ticks - run.atStart.ticks;
    std::printf("C. %d people in a venue with a floor, avatars on the physics character controller, 90%% standing, 10%% walking:\n", count);
    std::printf("   server CPU per 60 Hz tick: %.2f ms including networking\n", ticks ? run.serverCpuMs / double(ticks) : 0.0);
}

}  // namespace

// Raw ENet hosts with benchmark B's traffic: N peers each sending a 48-byte packet 30 times a
// second (a bot's inputs), and a server sending each peer a 209-byte packet 30 times a second
// (B's average snapshot and its message header), half of them every 60 Hz tick, on the
// unreliable sequenced channel with B's peer settings. Server CPU per tick is the server
// thread's time in enet_host_service and enet_host_flush: receiving, ENet's bookkeeping and
// sending, with nothing done with the packets. Simulated time, as in runCrowd.
void benchmarkTransport(int count, double seconds) {
    if (enet_initialize() != 0) return void(std::printf("T. ENet failed to start\n"));
    ENetAddress address{};
    enet_address_set_host_ip(&address, "127.0.0.1");
    ENetHost* server = enet_host_create(&address, std::size_t(count) + 8, 2, 0, 0);
    if (!server) return void(std::printf("T. cannot listen\n"));
    enet_socket_set_option(server->socket, ENET_SOCKOPT_RCVBUF, 8 << 20);
    enet_socket_set_option(server->socket, ENET_SOCKOPT_SNDBUF, 8 << 20);
    address.port = server->address.port;
    std::vector<ENetHost*> clients;
    std::vector<ENetPeer*> serverPeers;
    for (int i = 0; i < count; ++i) {
        ENetHost* h = enet_host_create(nullptr, 1, 2, 0, 0);
        if (!h || !enet_host_connect(h, &address, 2, 0)) return void(std::printf("T. peer %d cannot connect\n", i));
        clients.push_back(h);
    }
    const std::vector<std::uint8_t> snapshot(209, 0x5a), input(48, 0xa5);
    double t = 0.0, measureFrom = -1.0, cpu = 0.0, kernel = 0.0, joinedAt = -1.0;
    std::uint64_t tick = 0, ticksMeasured = 0, in = 0, out = 0;
    CpuWindows windows;
    for (bool serverTurn = false;; serverTurn = !serverTurn) {
        t += 1.0 / 120.0;
        enet_time_set(enet_uint32(t * 1000.0));
        const bool started = measureFrom >= 0;
        const bool measuring = started && serverTurn;
        double c0 = threadCpuMs(), k0 = measuring ? threadKernelMs() : 0.0;
        // The server is serviced at its 60 Hz ticks, as B's is.
        if (serverTurn) {
            receiveAll(server, [&](const ENetEvent& event) {
                if (event.type == ENET_EVENT_TYPE_CONNECT) {
                    configurePeer(event.peer);
                    serverPeers.push_back(event.peer);
                }
                if (event.type == ENET_EVENT_TYPE_RECEIVE) enet_packet_destroy(event.packet);
            });
        }
        if (serverTurn) {  // a 60 Hz tick: every peer gets a packet every other tick
            ++tick;
            for (std::size_t i = 0; i < serverPeers.size(); ++i) {
                if ((i + tick) % 2 != 0) continue;
                ENetPacket* p = enet_packet_create(snapshot.data(), snapshot.size(), 0);
                if (enet_peer_send(serverPeers[i], 1, p) != 0) enet_packet_destroy(p);
            }
            if (measuring) ++ticksMeasured;
            enet_host_flush(server);
        }
        if (measuring) {
            double spent = threadCpuMs() - c0;
            cpu += spent;
            kernel += threadKernelMs() - k0;
            windows.add(t - measureFrom, spent);
        }
        in += server->totalReceivedPackets;
        out += server->totalSentPackets;
        server->totalReceivedPackets = server->totalSentPackets = 0;
        for (std::size_t i = 0; i < clients.size(); ++i) {
            ENetHost* h = clients[i];
            ENetEvent event;
            while (enet_host_service(h, &event, 0) > 0) {
                if (event.type == ENET_EVENT_TYPE_CONNECT) configurePeer(event.peer);
                if (event.type == ENET_EVENT_TYPE_RECEIVE) enet_packet_destroy(event.packet);
            }
            if (serverTurn && (i + tick) % 2 == 1 && h->peers[0].state == ENET_PEER_STATE_CONNECTED) {
                ENetPacket* p = enet_packet_create(input.data(), input.size(), 0);
                if (enet_peer_send(&h->peers[0], 1, p) != 0) enet_packet_destroy(p);
            }
            enet_host_flush(h);
        }
        if (joinedAt < 0 && (serverPeers.size() == std::size_t(count) || t > 30.0)) joinedAt = t;
        if (!started && joinedAt >= 0 && t >= joinedAt + kWarmUpSeconds) {
            measureFrom = t;
            in = out = 0;
        }
        if (started && t > measureFrom + seconds) break;
    }
    std::printf(
        "T. benchmark B's datagrams alone (%d raw ENet peers, 30 x 48 B up and 30 x 209 B down a second each; no simulation or snapshots):\n",
        count);
    std::printf("   server CPU per 60 Hz tick: %.2f ms in ENet and the kernel (%.2f ms in the kernel) = %.0f%% of one core\n",
                cpu / double(ticksMeasured), kernel / double(ticksMeasured), cpu / double(ticksMeasured) * 6.0);
    windows.print();
    std::printf("   server socket: %.0f datagrams in and %.0f out per tick\n", double(in) / double(ticksMeasured),
                double(out) / double(ticksMeasured));
    for (ENetHost* h : clients) enet_host_destroy(h);
    enet_host_destroy(server);
    enet_deinitialize();
}

int main(int argc, char** argv) {
    std::string which = argc > 1 && argv[1][0] != '-' ? argv[1] : "AB";
    int bots = 1000;
    double seconds = 20.0, botSeconds = 5.0;
    BotOptions botOptions;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--bots")) bots = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--seconds")) botSeconds = std::atof(argv[i + 1]);
        if (!std::strcmp(argv[i], "--view")) botOptions.view = std::size_t(std::max(1, std::atoi(argv[i + 1])));
        if (!std::strcmp(argv[i], "--input-packets")) botOptions.inputPackets = std::atof(argv[i + 1]);
    }
    if (which.find('A') != std::string::npos) {
        benchmarkCubes(seconds, false);
        benchmarkCubes(seconds, true);
    }
    if (which.find('B') != std::string::npos) benchmarkBots(bots, botSeconds, botOptions);
    if (which.find('C') != std::string::npos) benchmarkStandingCrowd(std::min(bots, 500), botSeconds);
    if (which.find('T') != std::string::npos) benchmarkTransport(bots, botSeconds);
}
