// What an attendee is told about the connection, and what the app does about it, through a real
// server on 127.0.0.1: a refused token says why and is not retried; a dropped connection says
// so, comes back by itself and puts the avatar where it was, in its seat.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "atrium/net/server.hpp"
#include "attendee_session.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::player;
using State = ConnectionStatus::State;

namespace {

World seatsVenue() {
    World w;
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->position = {0, -0.5f, 0};
    w.add<Collider>(floor, Collider{.halfExtents = {30, 0.5f, 30}});
    Entity spawn = w.create("Lobby");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 0.5f});
    Entity seat = w.create("Front seat");
    w.get<Transform>(seat)->position = {1.5f, 0, 0};
    w.add<Seat>(seat);
    w.updateTransforms();
    return w;
}

struct Venue {
    World venue = seatsVenue();
    World serverWorld = venue, mine = venue;
    net::Server server{serverWorld, {.venueId = test::kTestVenue, .secret = test::kTestSecret}};
    std::unique_ptr<AttendeeSession> me;
    double t = 0.0;

    explicit Venue(const std::string& token = test::joinToken(1)) {
        EXPECT_TRUE(server.start().ok());
        me = std::make_unique<AttendeeSession>(mine, net::JoinLink{"127.0.0.1", server.port(), test::kTestVenue, token});
        EXPECT_TRUE(me->connect().ok());
    }
    template <typename Done>
    bool run(double seconds, Done done) {
        for (double end = t + seconds; t < end;) {
            t += 0.005;
            server.update(t);
            me->update(t, 0.005f);
            if (done()) return true;
            std::this_thread::yield();
        }
        return false;
    }
    bool logged(const std::string& part) const {
        return std::any_of(me->log().begin(), me->log().end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
    }
};

}  // namespace

TEST(AttendeeConnection, AnExpiredTokenIsRefusedWithTheReasonOnScreenAndInTheLogAndNotRetried) {
    Venue v(test::joinToken(1, net::Role::Attendee, -120));
    ASSERT_TRUE(v.run(3.0, [&] { return v.me->status().state == State::Refused; })) << v.me->status().message;
    const ConnectionStatus s = v.me->status();
    EXPECT_NE(s.message.find("refused the join"), std::string::npos) << s.message;
    EXPECT_NE(s.message.find("join token expired"), std::string::npos) << s.message;
    EXPECT_TRUE(v.logged("join token expired"));
    // A refusal is final: no reconnect is attempted, however long the app runs on.
    v.run(3.0, [] { return false; });
    EXPECT_EQ(v.me->status().state, State::Refused);
    EXPECT_FALSE(v.me->reconnecting());
}

// A forged token gets no answer at all (the transport keeps no state for it), so the app says
// it cannot reach the server and keeps trying, never joining.
TEST(AttendeeConnection, AForgedTokenIsNeverLetIn) {
    std::string token = test::joinToken(1);
    token.back() = token.back() == '0' ? '1' : '0';
    Venue v(token);
    ASSERT_TRUE(v.run(AttendeeSession::kJoinDeadline + 2.0, [&] { return v.me->status().state == State::Reconnecting; }))
        << v.me->status().message;
    EXPECT_FALSE(v.me->joined());
    EXPECT_EQ(v.server.clientCount(), 0u);
}

TEST(AttendeeConnection, ADroppedConnectionIsAnnouncedRetriedAndRestoresPlaceAndSeat) {
    Venue v;
    ASSERT_TRUE(v.run(3.0, [&] { return v.me->joined(); }));
    EXPECT_EQ(v.me->status().state, State::Joined);
    std::string why;
    ASSERT_TRUE(v.me->sitNearest(&why)) << why;
    ASSERT_TRUE(v.run(3.0, [&] { return v.me->seated(); }));
    v.run(0.3, [] { return false; });
    const vec3 seatedAt = v.me->position();
    const StableId seat = v.me->mySeat();

    v.me->client().disconnect();  // the network drops: no goodbye
    ASSERT_TRUE(v.run(0.5, [&] { return v.me->status().state == State::Reconnecting; }));
    EXPECT_NE(v.me->status().message.find("lost"), std::string::npos) << v.me->status().message;
    EXPECT_GT(v.me->status().retryIn, 0.0);
    EXPECT_TRUE(v.logged("connection to 127.0.0.1:" + std::to_string(v.server.port()) + " lost; reconnecting in 1 s"));
    // The server holds the seat for the grace period, not for anyone else.
    ASSERT_TRUE(v.run(2.0, [&] { return v.server.clientCount() == 0; }));

    // Back by itself after the back-off, in the same seat, at the same place.
    ASSERT_TRUE(v.run(5.0, [&] { return v.me->joined() && v.me->seated(); })) << v.me->status().message;
    EXPECT_EQ(v.me->mySeat(), seat);
    EXPECT_TRUE(v.logged("back in " + std::string(test::kTestVenue)));
    ASSERT_TRUE(v.run(2.0, [&] { return glm::length(v.me->position() - seatedAt) < 0.05f; }))
        << v.me->position().x << " " << v.me->position().y << " " << v.me->position().z;
    EXPECT_EQ(v.me->status().state, State::Joined);
}

TEST(AttendeeConnection, AServerThatIsNotThereIsRetriedWithBackOff) {
    // A port nothing listens on: find one by starting and stopping a server.
    std::uint16_t port = 0;
    {
        World w = seatsVenue();
        net::Server probe(w, {.venueId = test::kTestVenue, .secret = test::kTestSecret});
        ASSERT_TRUE(probe.start().ok());
        port = probe.port();
    }
    World mine = seatsVenue();
    AttendeeSession me(mine, net::JoinLink{"127.0.0.1", port, test::kTestVenue, test::joinToken(1)});
    ASSERT_TRUE(me.connect().ok());
    EXPECT_EQ(me.status().state, State::Connecting);
    // No answer (the transport gives up, or the app's join deadline passes) counts as lost:
    // said, and tried again later.
    double t = 0.0;
    bool retrying = false;
    for (; t < AttendeeSession::kJoinDeadline + 2.0 && !retrying; t += 0.01) {
        me.update(t, 0.01f);
        retrying = me.status().state == State::Reconnecting && me.status().retryIn > 0.0;
    }
    ASSERT_TRUE(retrying) << me.status().message;
    EXPECT_NE(me.status().message.find("Cannot reach the server at 127.0.0.1:" + std::to_string(port)), std::string::npos)
        << me.status().message;
    EXPECT_GE(me.status().retryIn, 0.5);
    // Tried again after the back-off: a new attempt, and a longer wait if that fails too.
    for (double end = t + 1.5; t < end; t += 0.01) me.update(t, 0.01f);
    EXPECT_EQ(me.status().state, State::Connecting) << me.status().message;
    for (double end = t + AttendeeSession::kJoinDeadline + 2.0;
         t < end && !(me.status().state == State::Reconnecting && me.status().retryIn > 0.0); t += 0.01) {
        me.update(t, 0.01f);
    }
    EXPECT_EQ(me.status().state, State::Reconnecting) << me.status().message;
    EXPECT_GT(me.status().retryIn, 1.5) << "the second wait doubles";
    EXPECT_NE(me.status().message.find("(attempt 2)"), std::string::npos) << me.status().message;
}

TEST(AttendeeConnection, AClickOnTheFloorWalksThereAndOnASeatSitsAndAKeyTakesOver) {
    Venue v;
    ASSERT_TRUE(v.run(3.0, [&] { return v.me->joined(); }));
    Entity floor = v.mine.findByName("Floor");
    v.me->act(clickActionFor(v.mine, floor, {-3, 0, 3}, v.me->mySeat(), v.me->position()));
    ASSERT_TRUE(v.me->walkingToGoal());
    ASSERT_TRUE(v.run(6.0, [&] { return !v.me->walkingToGoal(); }));
    EXPECT_LT(glm::length(vec2(v.me->position().x + 3, v.me->position().z - 3)), 0.35f) << v.me->position().x << " " << v.me->position().z;
    EXPECT_TRUE(v.logged("walk"));
    // Back across to the seat, 4.5 m away: walked to, then claimed.
    Entity seat = v.mine.findByName("Front seat");
    v.me->act(clickActionFor(v.mine, seat, {1.5f, 0.4f, 0}, v.me->mySeat(), v.me->position()));
    ASSERT_TRUE(v.run(8.0, [&] { return v.me->seated(); }));
    EXPECT_TRUE(v.logged("sit on Front seat"));
    // Clicking one's own seat stands up.
    v.me->act(clickActionFor(v.mine, seat, {1.5f, 0.4f, 0}, v.me->mySeat(), v.me->position()));
    ASSERT_TRUE(v.run(3.0, [&] { return !v.me->seated(); }));
    // A held key cancels a walk to a goal.
    v.me->act(clickActionFor(v.mine, floor, {-5, 0, -5}, v.me->mySeat(), v.me->position()));
    v.me->update(v.t += 0.005, 0.005f, vec2(0, 1));
    EXPECT_FALSE(v.me->walkingToGoal());
}
