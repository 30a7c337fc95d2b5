// The server on its authenticated transport, attacked: no-key binds, token reuse, lifetimes and
// revocation, oversized messages, idle peers and connection floods.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/kit.hpp"
#include "handshake.hpp"
#include "net_test_support.hpp"
#include "raw_peer.hpp"
#include "udp_socket.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

World makeVenue() {
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 6});
    return w;
}

bool allJoined(const std::vector<std::unique_ptr<Client>>& clients) {
    return std::all_of(clients.begin(), clients.end(), [](const auto& c) { return c->joined(); });
}

}  // namespace

TEST(SecureServer, WithoutASecretItServesLoopbackOnly) {
    World venue = makeVenue();
    for (const char* secret : {"", kDevelopmentSecret}) {
        Server open(venue, {.venueId = kTestVenue, .secret = secret, .host = "0.0.0.0"});
        Status s = open.start();
        ASSERT_FALSE(s.ok()) << "a public bind without a key of its own must be refused";
        EXPECT_NE(s.error().message.find("ATRIUM_SECRET"), std::string::npos) << s.error().message;
        Server local(venue, {.venueId = kTestVenue, .secret = secret, .host = "127.0.0.1"});
        EXPECT_TRUE(local.start().ok());
    }
    Server keyed(venue, {.venueId = kTestVenue, .secret = kTestSecret, .host = "0.0.0.0"});
    EXPECT_TRUE(keyed.start().ok());
}

TEST(SecureServer, AJoinTokenHoldsOneSessionAndASecondUseIsToldWhy) {
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    const std::string token = joinToken(1);
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = token}));
    ASSERT_TRUE(clients[0]->connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(pump(server, clients, t, 2.0, [&] { return clients[0]->joined(); }));
    for (int i = 0; i < 2; ++i) {  // the sniffed link used twice more
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = token}));
        ASSERT_TRUE(clients.back()->connect("127.0.0.1", server.port()).ok());
    }
    // Refused for the whole attempt (5 s: a reconnect racing the server's timeout of the old
    // session would get through), then told why.
    pump(server, clients, t, 6.0, [&] { return !clients[1]->closeReason().empty() && !clients[2]->closeReason().empty(); });
    for (int i = 1; i < 3; ++i) {
        EXPECT_FALSE(clients[std::size_t(i)]->joined());
        EXPECT_NE(clients[std::size_t(i)]->closeReason().find("already in use"), std::string::npos) << clients[std::size_t(i)]->closeReason();
    }
    EXPECT_EQ(server.clientCount(), 1u);
    EXPECT_TRUE(clients[0]->joined());
}

TEST(SecureServer, OverlongAndRevokedTokensAreRefusedWithTheReason) {
    World venue = makeVenue();
    const std::string revoked = joinToken(2);
    Server server(venue, {.venueId = kTestVenue,
                          .secret = kTestSecret,
                          .maxTokenLifetimeSeconds = 24 * 3600,
                          .revokedTokens = {joinConnectToken(revoked)->tokenId}});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1, Role::Host, 10ll * 365 * 24 * 3600)}));  // ten years
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = revoked}));
    const std::string later = joinToken(3);
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = later}));
    for (auto& c : clients) ASSERT_TRUE(c->connect("127.0.0.1", server.port()).ok());
    pump(server, clients, t, 2.0,
         [&] { return !clients[0]->closeReason().empty() && !clients[1]->closeReason().empty() && clients[2]->joined(); });
    EXPECT_NE(clients[0]->closeReason().find("maximum token lifetime"), std::string::npos) << clients[0]->closeReason();
    EXPECT_NE(clients[1]->closeReason().find("revoked"), std::string::npos) << clients[1]->closeReason();
    ASSERT_TRUE(clients[2]->joined());
    // Revoked while in use: the session goes on, but the token cannot start another.
    server.revokeToken(joinConnectToken(later)->tokenId);
    clients[2]->disconnect();
    ASSERT_TRUE(clients[2]->reconnect().ok());
    pump(server, clients, t, 2.0, [&] { return !clients[2]->closeReason().empty(); });
    EXPECT_NE(clients[2]->closeReason().find("revoked"), std::string::npos) << clients[2]->closeReason();
}

TEST(SecureServer, AnOversizedMessageCutsItsSenderAndNoOneElse) {
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1)}));
    ASSERT_TRUE(clients[0]->connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(pump(server, clients, t, 2.0, [&] { return clients[0]->joined(); }));
    RawPeer rogue(server.port(), joinToken(2), t);
    ASSERT_TRUE(joinRawPeer(rogue, server, clients, t));
    ASSERT_EQ(server.clientCount(), 2u);
    // 8 MB in one reliable message: the transport puts back together at most 64 KiB from a client.
    rogue.send(std::vector<std::uint8_t>(8 << 20, 0xA7), true);
    ASSERT_TRUE(pump(server, clients, t, 5.0, [&] {
        rogue.service();
        return rogue.cut;
    }));
    EXPECT_EQ(server.clientCount(), 1u);
    EXPECT_TRUE(clients[0]->joined());
}

// 1,100 peers connect with genuine tokens and never join, while one socket floods connection
// requests. The server holds at most maxClients (1,024) of them, tells the rest it is full,
// and cuts every idle one at the 5 s join deadline; real clients that retry on "full" (as an
// app would, each half second) all join within 7 s of arriving. The flood is dropped by the
// per-address limit before any decryption.
TEST(SecureServer, IdlePeersAndAConnectFloodStillLetRealClientsJoinWithinSevenSeconds) {
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .physics = false});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    std::vector<std::unique_ptr<RawPeer>> idle;
    for (int i = 0; i < 1100; ++i) idle.push_back(std::make_unique<RawPeer>(server.port(), joinToken(1000 + std::uint64_t(i)), t));
    UdpSocket flood;
    ASSERT_TRUE(flood.open("127.0.0.1", 0));
    const TokenAddress address{0x7F000001, server.port()};
    const std::vector<std::uint8_t> request = encodeRequest(*joinConnectToken(joinToken(5000)));
    auto step = [&](double dt, const std::vector<std::unique_ptr<Client>>& real) {
        t += dt;
        for (int k = 0; k < 20; ++k) flood.send(address, request);  // 2,000 a second, one address
        for (auto& p : idle) p->service();
        server.update(t);
        for (auto& c : real) c->update(t);
    };
    const std::vector<std::unique_ptr<Client>> none;
    for (int i = 0; i < 100; ++i) step(0.01, none);  // one second: the idle peers hold the server
    const std::size_t held = server.metrics().clients.size();
    const auto idleConnected = std::count_if(idle.begin(), idle.end(), [](const auto& p) { return p->client.connected(); });
    EXPECT_EQ(idleConnected, 1024);
    EXPECT_EQ(held, 0u);  // connected, none joined
    std::vector<std::unique_ptr<Client>> real;
    for (int i = 0; i < 8; ++i) {
        real.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1 + std::uint64_t(i))}));
        ASSERT_TRUE(real.back()->connect("127.0.0.1", server.port()).ok());
    }
    const double arrived = t;
    std::string firstRefusal;
    double lastRetry = t;
    while (t - arrived < 7.0 && !allJoined(real)) {
        step(0.01, real);
        if (t - lastRetry < 0.5) continue;
        lastRetry = t;
        for (auto& c : real) {
            if (c->joined() || c->closeReason().empty()) continue;
            if (firstRefusal.empty()) firstRefusal = c->closeReason();
            ASSERT_TRUE(c->reconnect().ok());
        }
    }
    const double took = t - arrived;
    EXPECT_TRUE(allJoined(real)) << "after " << took << " s";
    EXPECT_EQ(firstRefusal, "the server is full");
    EXPECT_LT(took, 7.0);
    const ServerMetrics m = server.metrics();
    EXPECT_GT(m.handshakesRateLimited, 1000u);
    std::printf(
        "1,100 idle peers + a 2,000/s connect flood: 8 real clients joined %.2f s after arriving (first told \"%s\"); "
        "%llu flood requests dropped by the per-address limit\n",
        took, firstRefusal.c_str(), static_cast<unsigned long long>(m.handshakesRateLimited));
}

// 20,000 kicks from an attendee (refused: not a host) bring back a handful of notices, not
// 20,000 reliable messages: refusals are told within a per-client limit (10, then 2 a second).
TEST(SecureServer, RefusedRequestsBringBackRateLimitedNotices) {
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 2; ++i) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(std::uint64_t(i + 1))}));
        ASSERT_TRUE(clients.back()->connect("127.0.0.1", server.port()).ok());
    }
    ASSERT_TRUE(pump(server, clients, t, 2.0, [&] { return allJoined(clients); }));
    for (int burst = 0; burst < 20; ++burst) {
        for (int i = 0; i < 1000; ++i) clients[0]->kick(clients[1]->clientId());
        pump(server, clients, t, 0.05, [] { return false; });
    }
    pump(server, clients, t, 1.0, [] { return false; });
    const std::size_t notices = clients[0]->notices().size();
    EXPECT_GE(notices, 1u);
    EXPECT_LE(notices, 10u + 2u * 3u) << "about 2 s of kicking: at most the burst and 2 a second";
    EXPECT_TRUE(clients[1]->joined());
    const ServerMetrics m = server.metrics();
    auto kicker = std::find_if(m.clients.begin(), m.clients.end(),
                               [&](const ClientMetrics& cm) { return cm.clientId == clients[0]->clientId(); });
    ASSERT_NE(kicker, m.clients.end());
    EXPECT_GT(kicker->rateLimited, 19000u);
}
