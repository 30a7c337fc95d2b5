// The server's per-client input queue: what a late, bursty or hurried client gets.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <vector>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "net_test_support.hpp"
#include "raw_peer.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

World makeVenue() {
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 2});
    return w;
}

AvatarInput input(std::uint16_t sequence, vec2 move) {
    AvatarInput in;
    in.sequence = sequence;
    in.move = move;
    return in;
}

}  // namespace

// Inputs that reach the server together (a late packet and the one after it) are applied two
// a tick while a stop waits behind them, so the stop is not held back by the whole queue; and
// every input is applied, so the avatar ends where the client predicted it.
TEST(NetInputQueue, AStopWaitingBehindWalkingOvertakesTheQueueButNoInputIsLost) {
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    RawPeer raw(server.port(), joinToken(1), t);
    auto step = [&](double dt) {
        t += dt;
        raw.service();
        server.update(t);
    };
    for (int i = 0; i < 2000 && !raw.connected; ++i) step(0.001);
    ASSERT_TRUE(raw.connected);
    raw.send(encodeJoin(""), true);
    for (int i = 0; i < 2000 && server.clientCount() == 0; ++i) step(0.001);
    ASSERT_EQ(server.clientCount(), 1u);
    std::uint32_t id = server.clientIds()[0];
    // The server owes a client one input per tick it ran without one: let it owe a few.
    for (int i = 0; i < 10; ++i) step(1.0 / 60.0);

    // Seven walking inputs and then a stop, in one packet (newest first).
    std::vector<AvatarInput> newestFirst{input(8, vec2(0.0f))};
    for (std::uint16_t s = 7; s >= 1; --s) newestFirst.push_back(input(s, vec2(1, 0)));
    vec3 start = *server.avatarPosition(id);
    raw.send(encodeInputs(0, false, newestFirst), false);
    std::vector<vec3> perTick;
    for (int i = 0; i < 10; ++i) {
        step(1.0 / 60.0);
        perTick.push_back(*server.avatarPosition(id));
    }
    const float walkStep = 1.6f / 60.0f;
    EXPECT_NEAR(perTick.back().x - start.x, 7.0f * walkStep, 1e-4f) << "every walking input is applied, once";
    // One at a time, the stop would come after seven ticks; two a tick, after four.
    EXPECT_EQ(perTick[4], perTick.back()) << "the avatar still walked in tick 5";
    EXPECT_NE(perTick[2], perTick[3]);
}

// A client that stalls (a frozen frame, a Wi-Fi hiccup) sends a burst of inputs when it wakes.
// The server holds its avatar still meanwhile and then works the burst off two a tick: its
// queue is shallow again soon (the stall does not become lasting input delay), and its avatar
// ends where the client's own prediction put it.
TEST(NetInputQueue, AStallDoesNotLeaveLastingInputDelayNorMoveTheAvatarFurtherThanPredicted) {
    World venue = makeVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    Client client({.token = joinToken(2)});
    ASSERT_TRUE(client.connect("127.0.0.1", server.port()).ok());
    double t = 0.0;
    auto run = [&](double seconds, bool clientAwake) {
        std::vector<Client*> awake;
        if (clientAwake) awake.push_back(&client);
        pump(server, awake, t, seconds, [] { return false; });
    };
    pump(server, std::array{&client}, t, 5.0, [&] { return client.joined(); });
    ASSERT_TRUE(client.joined());
    client.setInput(vec2(0, 1));
    run(1.0, true);
    run(0.15, false);  // the client freezes; the server ticks on
    run(0.02, true);   // and wakes up: a burst of the inputs it owes
    double burst = server.metrics().clients.at(0).inputDelayMs;
    EXPECT_GE(burst, 80.0) << "the stall should have left inputs queued";
    run(0.5, true);
    EXPECT_LE(server.metrics().clients.at(0).inputDelayMs, 40.0) << "after the burst " << burst << " ms";

    client.setInput(vec2(0.0f));
    run(0.5, true);
    vec3 truth = *server.avatarPosition(client.clientId());
    EXPECT_NEAR(glm::length(truth - client.predictedPosition()), 0.0f, 1e-3f)
        << "server " << truth.z << ", predicted " << client.predictedPosition().z;
}
