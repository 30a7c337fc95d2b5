// The transport's reliable endpoint between two ends joined by LinkSimulators, on a simulated
// clock: loss, duplication and reordering reach reliable messages as they would on a network.
#include <gtest/gtest.h>

#include <cstdio>

#include "atrium/net/link_simulator.hpp"
#include "reliable_endpoint.hpp"

using namespace atrium::net;

namespace {

std::vector<std::uint8_t> numbered(std::uint32_t n, std::size_t size = 8) {
    std::vector<std::uint8_t> m(std::max<std::size_t>(size, 4));
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = std::uint8_t((n >> (8 * (i % 4))) + i / 4);
    return m;
}

struct Received {
    std::vector<std::vector<std::uint8_t>> reliable, unreliable;
};

// Two endpoints and the links between them, stepped at 60 Hz.
struct Link {
    ReliableEndpoint a, b;
    LinkSimulator ab, ba;
    Received atB, atA;
    double now = 0.0;
    bool broken = false;

    Link(LinkConditions c, std::uint64_t seed = 7, ReliableConfig config = {}) : a(config), b(config), ab(c, seed), ba(c, seed + 1) {}

    void step() {
        now += 1.0 / 60.0;
        for (auto& p : a.write(now)) ab.send(std::move(p), now);
        for (auto& p : b.write(now)) ba.send(std::move(p), now);
        for (auto& p : ab.receive(now)) {
            broken |= !b.read(
                p, now, [&](std::span<const std::uint8_t> m, bool r) { (r ? atB.reliable : atB.unreliable).emplace_back(m.begin(), m.end()); });
        }
        for (auto& p : ba.receive(now)) {
            broken |= !a.read(
                p, now, [&](std::span<const std::uint8_t> m, bool r) { (r ? atA.reliable : atA.unreliable).emplace_back(m.begin(), m.end()); });
        }
    }
    void run(double seconds) {
        const double until = now + seconds;
        while (now < until) step();
    }
};

void expectInOrder(const std::vector<std::vector<std::uint8_t>>& got, std::uint32_t count, std::size_t size = 8) {
    ASSERT_EQ(got.size(), count);
    for (std::uint32_t i = 0; i < count; ++i) EXPECT_EQ(got[i], numbered(i, size)) << "message " << i;
}

}  // namespace

TEST(ReliableEndpoint, DeliversReliableInOrderAndUnreliableOnAPerfectLink) {
    Link link({});
    for (std::uint32_t i = 0; i < 100; ++i) link.a.sendReliable(numbered(i));
    ASSERT_TRUE(link.a.sendUnreliable(numbered(999)));
    link.run(0.5);
    expectInOrder(link.atB.reliable, 100);
    ASSERT_EQ(link.atB.unreliable.size(), 1u);
    EXPECT_EQ(link.a.reliablePending(), 0u);  // all acknowledged
    EXPECT_EQ(link.a.resends(), 0u);
    EXPECT_FALSE(link.broken);
}

TEST(ReliableEndpoint, LargeMessagesAreFragmentedAndPutBackTogether) {
    Link link({.latencySeconds = 0.05, .lossRate = 0.2, .duplicateRate = 0.1});
    std::vector<std::uint8_t> big(100 * 1024 + 17);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = std::uint8_t(i * 31 + i / 256);
    link.a.sendReliable(big);
    link.a.sendReliable(numbered(1));
    link.run(10.0);
    ASSERT_EQ(link.atB.reliable.size(), 2u);
    EXPECT_EQ(link.atB.reliable[0], big);
    EXPECT_EQ(link.atB.reliable[1], numbered(1));
}

TEST(ReliableEndpoint, LossDuplicationAndReorderingDeliverEachMessageOnceInOrder) {
    Link link({.latencySeconds = 0.1, .jitterSeconds = 0.05, .lossRate = 0.3, .duplicateRate = 0.3, .reorderRate = 0.2});
    for (std::uint32_t i = 0; i < 500; ++i) {
        link.a.sendReliable(numbered(i, 40));
        if (i % 10 == 0) link.step();
    }
    link.run(15.0);
    expectInOrder(link.atB.reliable, 500, 40);
    EXPECT_GT(link.a.resends(), 0u);
    EXPECT_GT(link.b.duplicatesDropped(), 0u);
    EXPECT_FALSE(link.broken);
}

TEST(ReliableEndpoint, ADuplicatedPacketDeliversItsUnreliableMessagesOnce) {
    ReliableEndpoint a, b;
    a.sendUnreliable(numbered(5));
    a.sendReliable(numbered(6));
    auto packets = a.write(0.0);
    ASSERT_EQ(packets.size(), 1u);
    int unreliable = 0, reliable = 0;
    auto count = [&](std::span<const std::uint8_t>, bool r) { ++(r ? reliable : unreliable); };
    EXPECT_TRUE(b.read(packets[0], 0.01, count));
    EXPECT_TRUE(b.read(packets[0], 0.02, count));
    EXPECT_EQ(unreliable, 1);
    EXPECT_EQ(reliable, 1);
}

TEST(ReliableEndpoint, AMessageReassembledPastTheCapIsAnError) {
    ReliableConfig config;
    config.maxMessageBytes = 4096;
    ReliableEndpoint a, b(config);
    a.sendReliable(std::vector<std::uint8_t>(5000, 1));
    bool ok = true;
    for (auto& p : a.write(0.0)) ok = ok && b.read(p, 0.0, [](std::span<const std::uint8_t>, bool) { FAIL() << "delivered"; });
    EXPECT_FALSE(ok);
}

TEST(ReliableEndpoint, MalformedPacketsAreErrorsNotCrashes) {
    ReliableEndpoint b;
    auto ignore = [](std::span<const std::uint8_t>, bool) {};
    EXPECT_FALSE(b.read(std::vector<std::uint8_t>{1, 2, 3}, 0.0, ignore));                               // short header
    EXPECT_FALSE(b.read(std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 7}, 0.0, ignore));             // unknown record
    EXPECT_FALSE(b.read(std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 0, 1}, 0.0, ignore));  // runs past the end
    EXPECT_FALSE(b.read(std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xFF, 0xFF}, 0.0, ignore));
}

TEST(ReliableEndpoint, UnreliableMessagesThatCannotFitAPacketAreRefused) {
    ReliableEndpoint a;
    EXPECT_FALSE(a.sendUnreliable(std::vector<std::uint8_t>(1200, 0)));
    EXPECT_TRUE(a.sendUnreliable(std::vector<std::uint8_t>(1100, 0)));
}

TEST(ReliableEndpoint, MeasuresRoundTripAndLossFromAcks) {
    Link link({.latencySeconds = 0.1, .lossRate = 0.25});
    for (int i = 0; i < 60 * 20; ++i) {
        link.a.sendUnreliable(numbered(std::uint32_t(i)));
        link.b.sendUnreliable(numbered(std::uint32_t(i)));
        link.step();
    }
    // The round trip as the application sees it: the link's 200 ms, the peer's wait for its next
    // write (a step), and acks that rode a later packet when the first one carrying them was lost.
    EXPECT_GT(link.a.rttSeconds(), 0.2);
    EXPECT_LT(link.a.rttSeconds(), 0.3);
    EXPECT_NEAR(link.a.lossFraction(), 0.25, 0.1);
    std::printf("measured rtt %.0f ms, loss %.1f%% (simulated 200 ms, 25%%)\n", link.a.rttSeconds() * 1000, link.a.lossFraction() * 100);
}

// yojimbo's soak profile: 1000 ms each way, 100 ms jitter, 25% loss, 25% duplicates. Forty
// chat-sized messages sent over 20 s all arrive, in order, within 10 s of the last one.
TEST(ReliableEndpoint, YojimboProfileDeliversEverythingInOrderWithinTenSeconds) {
    Link link({.latencySeconds = 1.0, .jitterSeconds = 0.1, .lossRate = 0.25, .duplicateRate = 0.25}, 11);
    for (std::uint32_t i = 0; i < 40; ++i) {
        link.a.sendReliable(numbered(i, 120));
        link.run(0.5);
    }
    const double lastSent = link.now;
    while (link.atB.reliable.size() < 40 && link.now < lastSent + 10.0) {
        link.a.sendUnreliable(numbered(0));
        link.b.sendUnreliable(numbered(0));
        link.step();
    }
    expectInOrder(link.atB.reliable, 40, 120);
    std::printf("yojimbo profile: 40 of 40 in order, the last %.2f s after it was sent; rtt %.0f ms, rto %.0f ms, loss %.0f%%\n",
                link.now - lastSent, link.a.rttSeconds() * 1000, link.a.retransmitSeconds() * 1000, link.a.lossFraction() * 100);
}

// The bottleneck of GameNetworkingSockets' profile: packets leave at the rate and a queue
// longer than queueSeconds is dropped at its tail.
TEST(LinkSimulatorBandwidth, PacesPacketsAtTheRateAndDropsPastTheQueue) {
    LinkSimulator link({.bandwidthKbps = 64.0, .queueSeconds = 0.26});
    // 100 packets of 100 B at once: 12.5 ms each at 64 kbps, so 21 start within the 260 ms queue.
    for (int i = 0; i < 100; ++i) link.send(std::vector<std::uint8_t>(100, std::uint8_t(i)), 0.0);
    EXPECT_EQ(link.overflowed(), 79u);
    EXPECT_EQ(link.receive(0.0125 * 10 - 0.001).size(), 9u);  // the tenth is still on the wire
    auto rest = link.receive(1.0);
    ASSERT_EQ(rest.size(), 12u);
    EXPECT_EQ(rest.back()[0], 20);  // in order, the overflow dropped from the tail
}
