// SnapshotEncoder alone, in benchmark B's crowd: 1,000 avatars walking in a 60 m circle, each
// client seeing its 128 nearest, 30 snapshots a second per client (half the clients each 60 Hz
// tick), a 210-byte budget, acks arriving 100 ms after each snapshot. Prints the encoder's
// time per snapshot and per tick; no sockets, so the figure is steady enough to compare
// encoder changes (netsync_bench B measures the whole server).
// usage: snapshot_bench [--clients N] [--entities N] [--view N] [--ticks N] [--warmup N]
// (--entities: avatars walking, default one per client; fewer clients than avatars shows what
// the encoder costs with its clients' histories in cache)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <vector>

#include "atrium/net/snapshot.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

struct Walker {
    vec3 position{0.0f};
    vec2 direction{1.0f, 0.0f};
};

struct ClientSide {
    std::unique_ptr<SnapshotEncoder> encoder;
    std::vector<NetId> view;  // ascending ids; [0] is its own avatar's
    std::uint16_t sequence = 0;
    std::deque<std::pair<int, std::uint16_t>> acks;  // (tick it arrives, sequence)
};

}  // namespace

int main(int argc, char** argv) {
    int clients = 1000, entities = 0, viewSize = 128, ticks = 600, warmup = 300;  // warmup fills every 64-snapshot history
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--clients")) clients = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--entities")) entities = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--view")) viewSize = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--ticks")) ticks = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--warmup")) warmup = std::atoi(argv[i + 1]);
    }
    const PositionQuantizer quantizer(Aabb{vec3(-80, -5, -80), vec3(80, 50, 80)});
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    std::vector<Walker> walkers(static_cast<std::size_t>(std::max(clients, entities)) + 1);  // net ids 1..
    for (auto& w : walkers) {
        float a = unit(rng) * 3.14159f, r = 30.0f * std::sqrt(0.5f + 0.5f * unit(rng));
        w.position = vec3(std::cos(a) * r, 0.0f, std::sin(a) * r);
        w.direction = glm::normalize(vec2(unit(rng), unit(rng)) + vec2(0.001f));
    }
    std::vector<ClientSide> sides(static_cast<std::size_t>(clients));
    for (auto& c : sides) c.encoder = std::make_unique<SnapshotEncoder>(quantizer);
    std::vector<EntityState> states(walkers.size());
    std::vector<std::pair<float, NetId>> nearest;
    std::vector<SnapshotCandidate> candidates;
    BitWriter packet;
    double encodeNs = 0.0, bytes = 0.0;
    long encodes = 0;
    for (int tick = 0; tick < warmup + ticks; ++tick) {
        for (std::size_t id = 1; id < walkers.size(); ++id) {
            Walker& w = walkers[id];
            if ((tick + int(id)) % 45 == 0) w.direction = glm::normalize(vec2(unit(rng), unit(rng)) + vec2(0.001f));
            w.position += vec3(w.direction.x, 0.0f, w.direction.y) * (1.6f / 60.0f);
            if (glm::length(w.position) > 30.0f) w.direction = -w.direction;
            float yaw = std::atan2(w.direction.x, w.direction.y);
            states[id] = {quantizer.quantize(w.position), quantizeRotation(glm::angleAxis(yaw, vec3(0, 1, 0)))};
        }
        for (int ci = 0; ci < clients; ++ci) {
            ClientSide& c = sides[std::size_t(ci)];
            while (!c.acks.empty() && c.acks.front().first <= tick) {
                c.encoder->acknowledge(c.acks.front().second);
                c.acks.pop_front();
            }
            if ((tick + ci) % 2 != 0) continue;  // 30 Hz, half the clients a tick
            NetId self = NetId(ci + 1);
            vec3 me = walkers[self].position;
            if (c.view.empty() || (tick / 2 + ci) % 6 == 0) {  // the server re-chooses views 5 times a second
                nearest.clear();
                for (std::size_t id = 1; id < walkers.size(); ++id) {
                    if (id != self) nearest.emplace_back(glm::length(walkers[id].position - me), NetId(id));
                }
                std::size_t keep = std::min<std::size_t>(nearest.size(), std::size_t(viewSize - 1));
                std::nth_element(nearest.begin(), nearest.begin() + std::ptrdiff_t(keep), nearest.end());
                c.view.assign({self});
                for (std::size_t k = 0; k < keep; ++k) c.view.push_back(nearest[k].second);
                std::sort(c.view.begin(), c.view.end());
            }
            candidates.clear();
            for (NetId id : c.view) {
                float priority = id == self ? 1000.0f : 1.0f / (1.0f + glm::length(walkers[id].position - me) / 8.0f);
                candidates.push_back({id, states[id], priority});
            }
            SnapshotHeader h{++c.sequence, std::nullopt, std::uint32_t(tick), 0};
            packet.clear();
            auto t0 = std::chrono::steady_clock::now();
            c.encoder->encode(h, candidates, 210, packet);
            auto t1 = std::chrono::steady_clock::now();
            c.acks.emplace_back(tick + 6, h.sequence);  // 100 ms later
            if (tick >= warmup) {
                encodeNs += double(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
                bytes += double(packet.byteCount());
                ++encodes;
            }
        }
    }
    double perSnapshot = encodes ? encodeNs / double(encodes) : 0.0;
    std::printf("snapshot encoder, %d clients each seeing %d walking avatars, 30 Hz, 210 B budget:\n", clients, viewSize);
    std::printf("   %.2f us per snapshot, %.2f ms per 60 Hz tick (%ld snapshots), %.0f B per snapshot\n", perSnapshot / 1000.0,
                encodeNs / 1e6 / double(ticks), encodes, encodes ? bytes / double(encodes) : 0.0);
}
