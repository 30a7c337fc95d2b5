// Soak tests on the profiles the most trusted game-networking libraries test themselves with,
// through the link simulator under the transport (loss, duplication and reordering reach
// reliable messages too), on a simulated clock. Each prints a figures line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/kit.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

constexpr int kClients = 8;
constexpr int kSenders = 4;  // clients 0-3 chat, ten lines each, and claim a seat each
constexpr int kLinesEach = 10;

struct SoakFigures {
    double joined = -1, converged = -1, chatComplete = -1, seatsAgree = -1;
    double lossPercent = 0;
    int disconnected = 0, seated = 0;
};

World makeVenue() {
    World w;
    Entity spawn = w.create("Entrance");
    w.get<Transform>(spawn)->position = vec3(0, 0, 5);
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 6});
    spawnKit(w, "seating_block", {{"rows", 1}, {"seatsPerRow", kSenders}});
    return w;
}

bool viewsMatch(Server& server, std::vector<std::unique_ptr<Client>>& clients, double t) {
    for (auto& c : clients) {
        std::size_t avatars = 0;
        for (const RemoteEntity& e : c->view(t)) {
            if (e.kind != EntityKind::Avatar) continue;
            ++avatars;
            auto truth = server.avatarPosition(e.owner);
            if (!truth || glm::length(*truth - e.position) > 0.01f) return false;
        }
        if (avatars != clients.size()) return false;
    }
    return true;
}

bool chatComplete(const Client& c) {
    if (c.chat().size() != std::size_t(kSenders * kLinesEach)) return false;
    for (int who = 0; who < kSenders; ++who) {  // each sender's lines in its order, once
        int next = 0;
        for (const ChatLine& line : c.chat()) {
            if (line.text.ends_with(" from " + std::to_string(who)) &&
                line.text != "line " + std::to_string(next++) + " from " + std::to_string(who)) {
                return false;
            }
        }
        if (next != kLinesEach) return false;
    }
    return true;
}

bool seatsAgree(World& venue, Server& server, std::vector<std::unique_ptr<Client>>& clients) {
    for (Entity seat : venue.pool<Seat>().entities()) {
        const StableId id = venue.stableId(seat);
        const std::uint32_t owner = server.seatOccupant(id);
        for (auto& c : clients) {
            auto it = c->seats().find(id);
            if ((it == c->seats().end() ? 0u : it->second) != owner) return false;
        }
    }
    return true;
}

// Join, walk for 1.5 s and stop (positions within 1 cm of the server's), then four people chat
// ten lines each (one a second) and claim a seat each: every chat line reaches everyone, in
// order, and every view of the seats agrees with the server; no one is disconnected.
SoakFigures soak(const LinkConditions& link, double bound) {
    SoakFigures f;
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .link = link, .seed = 5, .physics = false});
    if (!server.start().ok()) return f;
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(
            std::make_unique<Client>(ClientConfig{.token = joinToken(std::uint64_t(i + 1)), .link = link, .seed = std::uint64_t(i + 11)}));
        if (!clients.back()->connect("127.0.0.1", server.port()).ok()) return f;
    }
    auto everyone = [&](auto pred) { return std::all_of(clients.begin(), clients.end(), [&](auto& c) { return pred(*c); }); };
    auto step = [&](double seconds, auto done) { return pump(server, clients, t, seconds, done); };
    if (!step(bound, [&] { return everyone([](const Client& c) { return c.joined(); }); })) return f;
    f.joined = t;
    for (int i = 0; i < kClients; ++i) clients[std::size_t(i)]->setInput(vec2(std::cos(float(i)), std::sin(float(i))));
    step(1.5, [] { return false; });
    for (auto& c : clients) c->setInput(vec2(0.0f));
    std::vector<vec3> last;
    step(5.0, [&] {
        std::vector<vec3> p;
        for (auto id : server.clientIds()) p.push_back(*server.avatarPosition(id));
        const bool still = p == last;
        last = p;
        return still;
    });
    const double stopped = t;
    if (step(bound, [&] { return viewsMatch(server, clients, t); })) f.converged = t - stopped;

    const std::vector<StableId> seats = [&] {
        std::vector<StableId> ids;
        for (Entity s : venue.pool<Seat>().entities()) ids.push_back(venue.stableId(s));
        return ids;
    }();
    for (int k = 0; k < kLinesEach; ++k) {
        for (int who = 0; who < kSenders; ++who)
            clients[std::size_t(who)]->sendChat("line " + std::to_string(k) + " from " + std::to_string(who));
        if (k == kLinesEach / 2) {
            for (int who = 0; who < kSenders; ++who) clients[std::size_t(who)]->claimSeat(seats[std::size_t(who)]);
        }
        step(1.0, [] { return false; });
    }
    const double lastMessage = t;
    if (step(bound, [&] { return everyone(chatComplete); })) f.chatComplete = t - lastMessage;
    if (step(bound, [&] { return seatsAgree(venue, server, clients); })) f.seatsAgree = t - lastMessage;
    for (auto& c : clients) f.disconnected += !c->joined();
    for (const StableId& seat : seats) f.seated += server.seatOccupant(seat) != 0;
    for (const ClientMetrics& m : server.metrics().clients) f.lossPercent += m.lossPercent / double(kClients);
    return f;
}

void expectHeld(const SoakFigures& f, double bound, const char* profile) {
    std::printf(
        "%s: %d clients joined at %.1f s; positions within 1 cm %.2f s after motion stopped; %d chat lines complete and in "
        "order %.2f s after the last was sent; seats agree %.2f s after it; server-measured loss %.1f%%; %d disconnected\n",
        profile, kClients, f.joined, f.converged, kSenders * kLinesEach, f.chatComplete, f.seatsAgree, f.lossPercent, f.disconnected);
    ASSERT_GE(f.joined, 0.0) << "not everyone joined within " << bound << " s";
    EXPECT_GE(f.converged, 0.0) << "positions did not converge within " << bound << " s";
    EXPECT_GE(f.chatComplete, 0.0) << "chat incomplete " << bound << " s after the last line";
    EXPECT_GE(f.seatsAgree, 0.0) << "seat views disagree " << bound << " s after the last claim";
    EXPECT_EQ(f.disconnected, 0);
    EXPECT_EQ(f.seated, kSenders) << "every claim should have been granted (one seat each)";
}

}  // namespace

// yojimbo's soak: 1000 ms each way, 100 ms jitter, 25% loss, 25% duplicates, both directions.
// Stated bound: each stage (joining, converging, chat, seats) within 15 s.
TEST(Soak, YojimboProfileKeepsEveryoneConnectedAndConsistent) {
    const LinkConditions yojimbo{.latencySeconds = 1.0, .jitterSeconds = 0.1, .lossRate = 0.25, .duplicateRate = 0.25};
    SoakFigures f = soak(yojimbo, 15.0);
    expectHeld(f, 15.0, "yojimbo profile (1000 ms, 100 ms jitter, 25% loss, 25% duplicates)");
    EXPECT_GT(f.lossPercent, 15.0) << "the server's loss figure must show the real loss";
}

// GameNetworkingSockets' profile: 64 kbps, 20% loss, 100 ms, 4% reordering. Bound: 10 s.
TEST(Soak, GameNetworkingSocketsProfileKeepsEveryoneConnectedAndConsistent) {
    const LinkConditions gns{.latencySeconds = 0.1, .lossRate = 0.2, .reorderRate = 0.04, .bandwidthKbps = 64.0};
    SoakFigures f = soak(gns, 10.0);
    expectHeld(f, 10.0, "GNS profile (64 kbps, 20% loss, 100 ms, 4% reorder)");
}
