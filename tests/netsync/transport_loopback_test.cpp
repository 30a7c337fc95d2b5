// The transport's server and clients over real UDP sockets on 127.0.0.1, on a simulated clock:
// the handshake, the token rules, and what forged, replayed and flooding traffic can do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "handshake.hpp"
#include "transport_client.hpp"
#include "transport_server.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

constexpr std::uint64_t kStartUnix = 2'000'000'000;

struct Harness {
    std::uint64_t unix = kStartUnix;
    double now = 0.0;
    TransportServer server;
    std::vector<std::uint32_t> connected, disconnected;
    std::vector<std::string> reasons;
    std::vector<std::pair<std::uint32_t, std::vector<std::uint8_t>>> messages;

    explicit Harness(TransportServerConfig config = {}) : server(configure(std::move(config))) {
        Status s = server.listen("127.0.0.1", 0);
        EXPECT_TRUE(s) << s.error().message;
    }
    TransportServerConfig configure(TransportServerConfig c) {
        c.serverKey = deriveServerKey("test secret");
        c.unixNow = [this] { return unix; };
        return c;
    }
    ConnectToken token(std::uint64_t lifetime = 600, std::uint32_t timeout = 5, std::string_view secret = "test secret") {
        ConnectTokenRequest r;
        r.protocolId = kAtriumProtocolId;
        r.addresses = {TokenAddress{0x7F000001, server.port()}};
        r.nowUnix = unix;
        r.lifetimeSeconds = lifetime;
        r.timeoutSeconds = timeout;
        r.userData = "user";
        return *mintConnectToken(r, deriveServerKey(secret));
    }
    void serverStep() {
        server.receive(now, [&](const TransportEvent& e) {
            if (e.type == TransportEvent::Type::Connected) connected.push_back(e.client);
            if (e.type == TransportEvent::Type::Disconnected) {
                disconnected.push_back(e.client);
                reasons.emplace_back(e.reason);
            }
            if (e.type == TransportEvent::Type::Message)
                messages.emplace_back(e.client, std::vector<std::uint8_t>(e.bytes.begin(), e.bytes.end()));
        });
        server.flush(now);
    }
    void step(const std::vector<TransportClient*>& clients) {
        now += 1.0 / 60.0;
        for (TransportClient* c : clients) c->flush(now);
        serverStep();
        for (TransportClient* c : clients) c->receive(now, [](std::span<const std::uint8_t>, bool) {});
    }
    // Steps until every client is connected (or failed), at most `seconds`.
    double connectAll(const std::vector<TransportClient*>& clients, double seconds = 2.0) {
        const double start = now;
        while (now - start < seconds) {
            step(clients);
            if (std::all_of(clients.begin(), clients.end(),
                            [](TransportClient* c) { return c->connected() || c->state() == TransportClient::State::Failed; })) {
                break;
            }
        }
        return now - start;
    }
};

// A client done by hand, so a test can send what a real client never would from its address.
struct RawClient {
    UdpSocket socket;
    ConnectToken token;
    TokenAddress server;
    std::uint64_t sequence = 0;
    std::vector<std::uint8_t> lastSent;

    RawClient(const ConnectToken& t) : token(t), server(t.addresses[0]) { EXPECT_TRUE(socket.open("127.0.0.1", 0)); }
    bool handshake(Harness& h) {
        socket.send(server, encodeRequest(token));
        h.serverStep();
        std::vector<std::uint8_t> buffer;
        TokenAddress from;
        if (!socket.receive(buffer, from)) return false;
        auto cookie = openHandshake(buffer, PacketType::Challenge, token.serverToClientKey, token.protocolId);
        if (!cookie) return false;
        socket.send(server, encodeResponse(*cookie, token.clientToServerKey));
        h.serverStep();
        return !h.connected.empty();
    }
    // A genuine packet: the reliable endpoint's framing around one unreliable message.
    ReliableEndpoint endpoint;
    double clock = 0.0;
    std::vector<std::uint8_t> payload(std::span<const std::uint8_t> message) {
        endpoint.sendUnreliable(message);
        return endpoint.write(clock += 0.01).front();
    }
    void sendSealed(PacketType type, std::span<const std::uint8_t> plain, const SessionKey& key) {
        lastSent = sealPacket(type, sequence++, plain, key, token.protocolId);
        socket.send(server, lastSent);
    }
};

}  // namespace

TEST(Transport, ClientConnectsAndMessagesFlowBothWays) {
    Harness h;
    TransportClient client;
    ASSERT_TRUE(client.connect(h.token(), h.now));
    h.connectAll({&client});
    ASSERT_TRUE(client.connected()) << client.reason();
    ASSERT_EQ(h.connected.size(), 1u);
    const std::vector<std::uint8_t> hello{'h', 'i'};
    client.send(hello, true);
    client.send(hello, false);
    h.server.send(h.connected[0], hello, true);
    int atClient = 0;
    for (int i = 0; i < 10; ++i) {
        h.now += 1.0 / 60.0;
        client.flush(h.now);
        h.serverStep();
        client.receive(h.now, [&](std::span<const std::uint8_t> m, bool r) { atClient += r && m.size() == 2; });
    }
    EXPECT_EQ(h.messages.size(), 2u);
    EXPECT_EQ(atClient, 1);
}

TEST(Transport, ATokenHoldsOneSessionAtATimeAndASecondUseHearsWhy) {
    Harness h;
    const ConnectToken token = h.token();
    TransportClient first, second;
    ASSERT_TRUE(first.connect(token, h.now));
    h.connectAll({&first});
    ASSERT_TRUE(first.connected());
    ASSERT_TRUE(second.connect(token, h.now));
    h.connectAll({&first, &second}, 6.0);  // refused for the whole 5 s attempt
    EXPECT_EQ(second.state(), TransportClient::State::Failed);
    EXPECT_NE(second.reason().find("already in use"), std::string::npos) << second.reason();
    EXPECT_EQ(h.server.connectedCount(), 1u);
    // Once the first session is gone, the token (still unexpired) may start another.
    first.disconnect(h.now);
    h.step({});
    EXPECT_EQ(h.server.connectedCount(), 0u);
    TransportClient third;
    ASSERT_TRUE(third.connect(token, h.now));
    h.connectAll({&third});
    EXPECT_TRUE(third.connected()) << third.reason();
}

TEST(Transport, RevokedTokensAndOverlongLifetimesAreRefusedWithTheReason) {
    TransportServerConfig config;
    config.maxTokenLifetimeSeconds = 3600;
    Harness h(config);
    const ConnectToken revoked = h.token();
    h.server.revoke(revoked.tokenId);
    TransportClient a, b;
    ASSERT_TRUE(a.connect(revoked, h.now));
    ASSERT_TRUE(b.connect(h.token(10ull * 365 * 24 * 3600), h.now));  // ten years
    h.connectAll({&a, &b});
    EXPECT_NE(a.reason().find("revoked"), std::string::npos) << a.reason();
    EXPECT_NE(b.reason().find("maximum token lifetime"), std::string::npos) << b.reason();
    EXPECT_EQ(h.server.connectedCount(), 0u);
}

TEST(Transport, ExpiredAndForgedTokensGetNoAnswer) {
    Harness h;
    const ConnectToken expired = h.token(60);
    const ConnectToken forged = h.token(600, 5, "atrium-development-secret");
    h.unix += 120;
    TransportClientConfig fast;
    fast.attemptSeconds = 0.5;
    TransportClient a(fast), b(fast);
    ASSERT_TRUE(a.connect(expired, h.now));
    ASSERT_TRUE(b.connect(forged, h.now));
    h.connectAll({&a, &b}, 1.0);
    EXPECT_EQ(a.state(), TransportClient::State::Failed);
    EXPECT_EQ(b.state(), TransportClient::State::Failed);
    EXPECT_NE(b.reason().find("no answer"), std::string::npos);
    EXPECT_EQ(h.server.stats().challengesSent, 0u);
    EXPECT_GT(h.server.stats().requestsInvalid, 0u);
}

TEST(Transport, AFullServerSaysSo) {
    TransportServerConfig config;
    config.maxClients = 2;
    Harness h(config);
    TransportClient a, b, c;
    for (TransportClient* x : {&a, &b, &c}) ASSERT_TRUE(x->connect(h.token(), h.now));
    h.connectAll({&a, &b});
    h.connectAll({&a, &b, &c});
    EXPECT_TRUE(a.connected() && b.connected());
    EXPECT_EQ(c.state(), TransportClient::State::Failed);
    EXPECT_EQ(c.reason(), "the server is full");
}

TEST(Transport, ForgedTamperedAndReplayedDatagramsHaveNoEffect) {
    Harness h;
    RawClient victim(h.token());
    ASSERT_TRUE(victim.handshake(h));
    const std::vector<std::uint8_t> input{'m', 'o', 'v', 'e'};
    victim.sendSealed(PacketType::Payload, victim.payload(input), victim.token.clientToServerKey);
    h.serverStep();
    ASSERT_EQ(h.messages.size(), 1u);
    const std::vector<std::uint8_t> captured = victim.lastSent;
    // A captured input replayed from the victim's own address, thirty times.
    for (int i = 0; i < 30; ++i) victim.socket.send(victim.server, captured);
    // Inputs and disconnects sealed with a key that is not the session's (the development
    // secret's, or a guess), and a genuine packet with one bit flipped.
    const SessionKey guess = deriveServerKey("atrium-development-secret");
    victim.sendSealed(PacketType::Payload, victim.payload(input), guess);
    victim.sendSealed(PacketType::Disconnect, {}, guess);
    victim.sendSealed(PacketType::Disconnect, {}, victim.token.serverToClientKey);  // the other direction's key
    auto tampered = sealPacket(PacketType::Payload, victim.sequence++, victim.payload(input), victim.token.clientToServerKey, kAtriumProtocolId);
    tampered[tampered.size() / 2] ^= 1;
    victim.socket.send(victim.server, tampered);
    h.serverStep();
    EXPECT_EQ(h.messages.size(), 1u);
    EXPECT_TRUE(h.disconnected.empty());
    EXPECT_EQ(h.server.connectedCount(), 1u);
    EXPECT_EQ(h.server.stats().spoofedOrReplayed, 34u);
    // The victim's own next input still counts (the window moved only for what opened).
    victim.sendSealed(PacketType::Payload, victim.payload(input), victim.token.clientToServerKey);
    h.serverStep();
    EXPECT_EQ(h.messages.size(), 2u);
    // And its genuine disconnect ends the session.
    victim.sendSealed(PacketType::Disconnect, {}, victim.token.clientToServerKey);
    h.serverStep();
    EXPECT_EQ(h.disconnected.size(), 1u);
}

TEST(Transport, AMessageOverTheSizeCapCutsItsSender) {
    TransportServerConfig config;
    config.reliable.maxMessageBytes = 64 * 1024;
    Harness h(config);
    TransportClient client, bystander;
    ASSERT_TRUE(client.connect(h.token(), h.now));
    ASSERT_TRUE(bystander.connect(h.token(), h.now));
    h.connectAll({&client, &bystander});
    ASSERT_TRUE(client.connected() && bystander.connected());
    client.send(std::vector<std::uint8_t>(8 << 20, 7), true);  // 8 MB
    for (int i = 0; i < 120 && h.disconnected.empty(); ++i) h.step({&client, &bystander});
    ASSERT_EQ(h.disconnected.size(), 1u);
    EXPECT_NE(h.reasons[0].find("size cap"), std::string::npos);
    EXPECT_TRUE(h.messages.empty());
    for (int i = 0; i < 5; ++i) h.step({&client, &bystander});
    EXPECT_EQ(client.state(), TransportClient::State::Disconnected);
    EXPECT_TRUE(bystander.connected());
}

TEST(Transport, SilenceTimesOutBothEnds) {
    Harness h;
    TransportClient client;
    ASSERT_TRUE(client.connect(h.token(600, 2), h.now));
    h.connectAll({&client});
    ASSERT_TRUE(client.connected());
    for (int i = 0; i < 60 * 3; ++i) h.step({});  // the client is frozen for three seconds
    ASSERT_EQ(h.reasons.size(), 1u);
    EXPECT_EQ(h.reasons[0], std::string("timed out"));
    // Thawed, it reads what was waiting, then hears nothing more (the server forgot it).
    for (int i = 0; i < 60 * 3 && client.connected(); ++i) h.step({&client});
    EXPECT_EQ(client.state(), TransportClient::State::Disconnected);
    EXPECT_EQ(client.reason(), "timed out");
    EXPECT_EQ(h.server.connectedCount(), 0u);
}

// A flood of connection requests from one address (forged tokens, and replays of one real
// token's request) does not stop real clients joining: the per-address limit drops it before
// any decryption. Stated bound: every real client connects within 0.5 s of simulated time.
TEST(Transport, AConnectFloodDoesNotKeepRealClientsOut) {
    Harness h;
    UdpSocket flood;
    ASSERT_TRUE(flood.open("127.0.0.1", 0));
    const auto forged = encodeRequest(h.token(600, 5, "guess"));
    const auto replayed = encodeRequest(h.token());
    std::vector<std::unique_ptr<TransportClient>> clients;
    std::vector<TransportClient*> raw;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(std::make_unique<TransportClient>());
        ASSERT_TRUE(clients.back()->connect(h.token(), h.now));
        raw.push_back(clients.back().get());
    }
    const TokenAddress server{0x7F000001, h.server.port()};
    double took = 0.0;
    const double start = h.now;
    while (h.now - start < 2.0) {
        for (int i = 0; i < 100; ++i) flood.send(server, i % 2 ? forged : replayed);  // 6000 a second
        h.step(raw);
        if (std::all_of(raw.begin(), raw.end(), [](TransportClient* c) { return c->connected(); })) break;
    }
    took = h.now - start;
    for (TransportClient* c : raw) EXPECT_TRUE(c->connected()) << c->reason();
    EXPECT_LT(took, 0.5);
    EXPECT_GT(h.server.stats().requestsRateLimited, 0u);
    std::printf("connect flood: 20 clients connected in %.2f s; %llu flood requests dropped by the rate limit, %llu opened\n", took,
                static_cast<unsigned long long>(h.server.stats().requestsRateLimited),
                static_cast<unsigned long long>(h.server.stats().challengesSent + h.server.stats().requestsInvalid));
}

TEST(Transport, RefusalsAreRateLimited) {
    TransportServerConfig config;
    config.maxClients = 0;
    config.refusalsPerSecond = 10;
    config.handshakesPerAddress = 1e6;
    config.handshakeBurst = 1e6;
    Harness h(config);
    UdpSocket attacker;
    ASSERT_TRUE(attacker.open("127.0.0.1", 0));
    const TokenAddress server{0x7F000001, h.server.port()};
    const auto request = encodeRequest(h.token());
    for (int i = 0; i < 2000; ++i) attacker.send(server, request);
    h.serverStep();
    std::vector<std::uint8_t> buffer;
    TokenAddress from;
    int answers = 0;
    while (attacker.receive(buffer, from)) ++answers;
    EXPECT_LE(answers, 11);
    EXPECT_GE(answers, 1);
    EXPECT_EQ(h.server.stats().refusalsSent, std::uint64_t(answers));
}
