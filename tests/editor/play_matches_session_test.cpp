// Play mode previews a live session: the same venue rules run in both. The same sequence of
// actions (arrive, sit, change seats, stand up, walk through a trigger into a portal) gives the
// same seat owners, positions and rule events in the editor's play mode as on a netsync server
// with one client.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "document.hpp"
#include "net_test_support.hpp"

using namespace atrium;

namespace {

struct Venue {
    World world;
    StableId seat1, seat2;
    Venue() {
        auto box = [&](const char* name, vec3 at, vec3 half) {
            Entity e = world.create(name);
            world.get<Transform>(e)->position = at;
            world.add<Collider>(e, Collider{.shape = Collider::Shape::Box, .halfExtents = half});
            return e;
        };
        box("Floor", {0, -0.5f, 0}, {40, 0.5f, 40});
        Entity spawn = world.create("Lobby");
        world.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1.0f});
        auto seat = [&](const char* name, vec3 at) {
            Entity e = world.create(name);
            world.get<Transform>(e)->position = at;
            world.add<Seat>(e);
            return world.stableId(e);
        };
        seat1 = seat("Seat 1", {4, 0, 0});
        seat2 = seat("Seat 2", {5, 0, 0});
        // Walking -z from in front of seat 2: into the stage trigger, and there into a portal.
        Entity stage = world.create("Stage zone");
        world.get<Transform>(stage)->position = {5, 1, -6};
        world.add<Trigger>(stage, Trigger{.halfExtents = {1.5f, 1, 1.5f}, .event = "stage"});
        Entity arrival = world.create("Backstage");
        world.get<Transform>(arrival)->position = {20, 0, 20};
        Entity portal = world.create("Stage door");
        world.get<Transform>(portal)->position = {5, 1.25f, -6.5f};
        world.add<Portal>(portal, Portal{.target = world.stableId(arrival)});
        // Whoever keeps walking backstage stops at this wall, however long they walk.
        box("Backstage wall", {20, 1, 18.8f}, {2, 1, 0.2f});
        world.updateTransforms();
    }
};

// What one side saw: positions and seat owners after each action, and every rule event.
struct Record {
    std::vector<vec3> feet;
    std::vector<std::map<std::string, bool>> seats;  // seat name -> held by our avatar
    std::vector<std::string> events;
};

std::string nameIn(const World& w, StableId id) {
    const Name* n = w.get<Name>(w.find(id));
    return n ? n->value : "?";
}

void note(Record& r, const World& w, StableId me, vec3 feet) {
    r.feet.push_back(feet);
    std::map<std::string, bool> seats;
    const auto* pool = w.findPool<Seat>();
    for (std::size_t i = 0; i < pool->size(); ++i) seats[nameIn(w, w.stableId(pool->entities()[i]))] = pool->components()[i].occupant == me;
    r.seats.push_back(seats);
}

void noteEvents(Record& r, const World& w, StableId me, const std::vector<RuleEvent>& events) {
    for (const RuleEvent& e : events) {
        r.events.push_back(std::string(toString(e.kind)) + (e.avatar == me ? " me " : " ? ") + nameIn(w, e.subject) +
                           (e.other.valid() ? " -> " + nameIn(w, e.other) : ""));
    }
}

Record playMode(const Venue& v) {
    Record r;
    editor::Document doc;
    EXPECT_TRUE(doc.newFromTemplate("empty").ok());
    doc.mutableWorld() = v.world;
    EXPECT_TRUE(doc.enterPlay().ok());
    const StableId me = doc.playerAvatar();
    World& w = doc.mutableWorld();
    const Entity player = w.find(me);
    auto tick = [&](int steps) {
        for (int i = 0; i < steps; ++i) {
            doc.tickPlay(1.0 / 60.0);
            noteEvents(r, w, me, doc.playRuleEvents());
        }
    };
    // Half a second after each action, so both sides have settled (stood up, it drops the last
    // millimetres onto the floor).
    auto observe = [&] {
        tick(30);
        note(r, w, me, w.get<Transform>(player)->position);
    };
    tick(1);
    observe();
    EXPECT_TRUE(doc.playRules()->sit(player, v.seat1).ok());
    tick(1);
    observe();
    EXPECT_TRUE(doc.playRules()->sit(player, v.seat2).ok());
    tick(1);
    observe();
    EXPECT_TRUE(doc.playRules()->standUp(player).ok());
    tick(1);
    observe();
    w.get<CharacterController>(player)->moveInput = {0, 0, -1};
    tick(6 * 60);
    w.get<CharacterController>(player)->moveInput = {0, 0, 0};
    observe();
    doc.exitPlay();
    return r;
}

Record liveSession(const Venue& v) {
    Record r;
    World world = v.world;
    net::Server server(world, {.venueId = test::kTestVenue, .secret = test::kTestSecret});
    EXPECT_TRUE(server.start().ok());
    net::Client client({.token = test::joinToken(1)});
    EXPECT_TRUE(client.connect("127.0.0.1", server.port()).ok());
    std::vector<net::Client*> clients{&client};
    double t = 0.0;
    StableId me;
    auto collect = [&] {
        if (!me.valid()) {
            if (const auto* avatars = server.world().findPool<Avatar>(); avatars && avatars->size() > 0)
                me = server.world().stableId(avatars->entities()[0]);
        }
        noteEvents(r, server.world(), me, server.ruleEvents());
    };
    auto pumpUntil = [&](double seconds, auto done) {
        return test::pump(server, clients, t, seconds, [&] {
            collect();
            return done();
        });
    };
    auto observe = [&] {
        pumpUntil(0.5, [] { return false; });
        note(r, server.world(), me, *server.avatarPosition(client.clientId()));
    };
    EXPECT_TRUE(pumpUntil(5.0, [&] { return client.joined(); }));
    observe();
    client.claimSeat(v.seat1);
    EXPECT_TRUE(pumpUntil(2.0, [&] { return server.seatOccupant(v.seat1) == client.clientId(); }));
    observe();
    client.claimSeat(v.seat2);
    EXPECT_TRUE(pumpUntil(2.0, [&] { return server.seatOccupant(v.seat2) == client.clientId(); }));
    observe();
    client.releaseSeat();
    EXPECT_TRUE(pumpUntil(2.0, [&] { return server.seatOccupant(v.seat2) == 0; }));
    observe();
    client.setInput({0, -1});
    pumpUntil(6.0, [] { return false; });
    client.setInput({0, 0});
    observe();
    return r;
}

}  // namespace

TEST(PlayMatchesSession, TheSameActionsGiveTheSameSeatsPositionsAndEvents) {
    Venue v;
    Record play = playMode(v);
    Record live = liveSession(v);
    ASSERT_EQ(play.feet.size(), live.feet.size());
    for (std::size_t i = 0; i < play.feet.size(); ++i) {
        // The server keeps arrivals and portal exits on the snapshots' 1 mm grid; walking into
        // the wall, it steps each input on that grid too.
        const float tolerance = i + 1 < play.feet.size() ? 0.002f : 0.02f;
        EXPECT_LT(glm::distance(play.feet[i], live.feet[i]), tolerance)
            << "after action " << i << ": play (" << play.feet[i].x << ", " << play.feet[i].y << ", " << play.feet[i].z << "), live ("
            << live.feet[i].x << ", " << live.feet[i].y << ", " << live.feet[i].z << ")";
    }
    EXPECT_EQ(play.seats, live.seats);
    EXPECT_EQ(play.events, live.events);
    // And the sequence is the one the venue was built for.
    EXPECT_EQ(play.events, (std::vector<std::string>{"arrived me Lobby", "sat me Seat 1", "left seat me Seat 1", "sat me Seat 2",
                                                     "left seat me Seat 2", "trigger enter me Stage zone",
                                                     "portal travel me Stage door -> Backstage", "trigger leave me Stage zone"}));
    EXPECT_NEAR(live.feet.back().x, 20.0f, 0.01f) << "backstage";
    EXPECT_NEAR(live.feet.back().z, 19.0f + 0.3f, 0.05f) << "stopped by the backstage wall";
}
