// The venue rules on their own (open space: no physics): seats, arrival, portals and triggers
// as the server, play mode and Runtime all run them.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "atrium/scene/rules/venue_rules.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;
using K = RuleEvent::Kind;

namespace {

Entity addAvatar(World& w, const char* name, vec3 feet = vec3(0)) {
    Entity e = w.create(name);
    w.get<Transform>(e)->position = feet;
    w.add<Avatar>(e, Avatar{.displayName = name});
    w.add<CharacterController>(e);
    return e;
}

struct Hall {
    World w;
    Entity row, seatA, seatB, alice, bob;
    Hall() {
        row = w.create("Row A");
        w.get<Transform>(row)->position = {0, 1, 5};
        // The row turned to face +x: its seats' forward (-z) turns with it.
        w.get<Transform>(row)->rotation = glm::angleAxis(glm::radians(-90.0f), vec3(0, 1, 0));
        seatA = w.create("A1");
        seatB = w.create("A2");
        w.add<Seat>(seatA);
        w.add<Seat>(seatB);
        w.setParent(seatA, row);
        w.setParent(seatB, row);
        w.get<Transform>(seatB)->position = {1, 0, 0};
        alice = addAvatar(w, "alice", {10, 0, 0});
        bob = addAvatar(w, "bob", {-10, 0, 0});
        w.updateTransforms();
    }
    StableId id(Entity e) const { return w.stableId(e); }
    vec3 feet(Entity e) { return w.get<Transform>(e)->position; }
};

std::vector<K> kinds(const std::vector<RuleEvent>& events) {
    std::vector<K> k;
    for (const RuleEvent& e : events) k.push_back(e.kind);
    return k;
}

}  // namespace

TEST(VenueRulesSeats, SittingPutsTheFeetAtTheSitOffsetFacingTheSeatAndHoldsTheCharacter) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    EXPECT_NEAR(glm::length(h.feet(h.alice) - vec3(0, 1.45f, 5)), 0.0f, 1e-5f);
    vec3 forward = h.w.get<Transform>(h.alice)->rotation * vec3(0, 0, -1);
    EXPECT_NEAR(forward.x, 1.0f, 1e-5f) << "faces the way the seat faces";
    EXPECT_EQ(h.w.get<Avatar>(h.alice)->seat, h.id(h.seatA));
    EXPECT_EQ(h.w.get<Seat>(h.seatA)->occupant, h.id(h.alice));
    EXPECT_TRUE(h.w.get<CharacterController>(h.alice)->held);
    std::vector<RuleEvent> events = rules.takeEvents();
    ASSERT_EQ(kinds(events), std::vector<K>{K::Sat});
    EXPECT_EQ(events[0].avatar, h.id(h.alice));
    EXPECT_EQ(events[0].subject, h.id(h.seatA));
}

TEST(VenueRulesSeats, TheFirstClaimWinsAndTheLoserLearnsWhoHoldsTheSeat) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    vec3 bobWas = h.feet(h.bob);
    Status refused = rules.sit(h.bob, h.id(h.seatA));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "seat is taken");
    EXPECT_EQ(h.w.get<Seat>(h.seatA)->occupant, h.id(h.alice));
    EXPECT_FALSE(h.w.get<Avatar>(h.bob)->seat.valid());
    EXPECT_EQ(h.feet(h.bob), bobWas);
    std::vector<RuleEvent> events = rules.takeEvents();
    ASSERT_EQ(kinds(events), (std::vector<K>{K::Sat, K::SeatRefused}));
    EXPECT_EQ(events[1].avatar, h.id(h.bob));
    EXPECT_EQ(events[1].other, h.id(h.alice));
}

TEST(VenueRulesSeats, MovingToAnotherSeatFreesTheFirst) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatB)));
    EXPECT_FALSE(h.w.get<Seat>(h.seatA)->occupant.valid());
    EXPECT_EQ(h.w.get<Seat>(h.seatB)->occupant, h.id(h.alice));
    EXPECT_EQ(kinds(rules.takeEvents()), (std::vector<K>{K::Sat, K::LeftSeat, K::Sat}));
    EXPECT_TRUE(rules.sit(h.bob, h.id(h.seatA)));
}

TEST(VenueRulesSeats, StandingUpStepsOutInFrontOfTheSeatAndFreesIt) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    ASSERT_TRUE(rules.standUp(h.alice));
    // The seat faces +x (see Hall): in front is +x, 0.75 m for the default 0.3 m capsule.
    EXPECT_NEAR(glm::length(h.feet(h.alice) - vec3(0.75f, 1, 5)), 0.0f, 1e-4f);
    EXPECT_FALSE(h.w.get<Seat>(h.seatA)->occupant.valid());
    EXPECT_FALSE(h.w.get<Avatar>(h.alice)->seat.valid());
    EXPECT_FALSE(h.w.get<CharacterController>(h.alice)->held);
    EXPECT_EQ(kinds(rules.takeEvents()), (std::vector<K>{K::Sat, K::LeftSeat}));
    EXPECT_FALSE(rules.standUp(h.alice)) << "not seated any more";
}

TEST(VenueRulesSeats, ASeatedAvatarMovesOnlyWhenTheInputAsksToStand) {
    Hall h;
    VenueRules rules(h.w);
    EXPECT_TRUE(rules.mayMove(h.alice, false)) << "standing people walk";
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    EXPECT_FALSE(rules.mayMove(h.alice, false));
    EXPECT_TRUE(h.w.get<Avatar>(h.alice)->seat.valid());
    EXPECT_TRUE(rules.mayMove(h.alice, true));
    EXPECT_FALSE(h.w.get<Avatar>(h.alice)->seat.valid());
}

TEST(VenueRulesSeats, ASeatThatMovesCarriesItsOccupant) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    h.w.get<Transform>(h.row)->position = {0, 3, 5};  // a rising platform
    rules.step();
    EXPECT_NEAR(h.feet(h.alice).y, 3.45f, 1e-5f);
}

TEST(VenueRulesSeats, ADestroyedSeatStandsItsOccupantUpWhereItWas) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    vec3 sitting = h.feet(h.alice);
    StableId seat = h.id(h.seatA);
    h.w.destroy(h.seatA);
    rules.takeEvents();
    rules.step();
    EXPECT_FALSE(h.w.get<Avatar>(h.alice)->seat.valid());
    EXPECT_FALSE(h.w.get<CharacterController>(h.alice)->held);
    EXPECT_EQ(h.feet(h.alice), sitting);
    std::vector<RuleEvent> events = rules.takeEvents();
    ASSERT_EQ(kinds(events), std::vector<K>{K::LeftSeat});
    EXPECT_EQ(events[0].subject, seat);
}

TEST(VenueRulesSeats, LeavingTheVenueFreesTheSeat) {
    Hall h;
    VenueRules rules(h.w);
    ASSERT_TRUE(rules.sit(h.alice, h.id(h.seatA)));
    rules.leave(h.alice);
    EXPECT_FALSE(h.w.get<Seat>(h.seatA)->occupant.valid());
    EXPECT_TRUE(rules.sit(h.bob, h.id(h.seatA)));
}

TEST(VenueRulesSeats, TheNearestFreeSeatWithinReachIsOffered) {
    Hall h;
    VenueRules rules(h.w);
    // Seat A2 is 1 m along the turned row: at (0, 1, 6) in the world, A1 at (0, 1, 5).
    EXPECT_EQ(rules.nearestFreeSeat({0, 1, 6.5f}, 2.0f), h.seatB);
    ASSERT_TRUE(rules.sit(h.bob, h.id(h.seatB)));
    EXPECT_EQ(rules.nearestFreeSeat({0, 1, 6.5f}, 2.0f), h.seatA);
    EXPECT_EQ(rules.nearestFreeSeat({0, 1, 6.5f}, 1.0f), kNullEntity);
}

TEST(VenueRulesArrival, ArrivalsSpreadOverTheSpawnCircleOfTheDefaultGroup) {
    World w;
    Entity vip = w.create("VIP entrance");
    w.get<Transform>(vip)->position = {50, 0, 50};
    w.add<SpawnPoint>(vip, SpawnPoint{.radius = 2.0f, .group = "vip"});
    Entity lobby = w.create("Lobby");
    w.get<Transform>(lobby)->position = {0, 2, 0};
    w.add<SpawnPoint>(lobby, SpawnPoint{.radius = 2.0f});
    VenueRules rules(w);
    EXPECT_EQ(rules.arrival().spawnPoint, w.stableId(lobby));
    EXPECT_EQ(rules.arrival().name, "spawn point \"Lobby\"");
    EXPECT_TRUE(rules.arrival().warning.empty());
    std::set<std::pair<int, int>> spots;
    for (std::uint32_t n = 1; n <= 50; ++n) {
        Entity a = addAvatar(w, "guest");
        rules.arrive(a, n);
        vec3 p = w.get<Transform>(a)->position;
        EXPECT_LE(glm::length(vec3(p.x, 0, p.z)), 2.0f + 1e-4f);
        EXPECT_EQ(p.y, 2.0f);
        spots.insert({int(std::round(p.x * 100)), int(std::round(p.z * 100))});
    }
    EXPECT_EQ(spots.size(), 50u) << "nobody arrives on top of someone else";
}

TEST(VenueRulesArrival, WithoutASpawnPointPeopleArriveAtTheOrigin) {
    World w;
    VenueRules rules(w);
    EXPECT_FALSE(rules.arrival().spawnPoint.valid());
    Entity a = addAvatar(w, "guest", {5, 5, 5});
    rules.arrive(a, 0);
    EXPECT_EQ(w.get<Transform>(a)->position, vec3(0));
}

TEST(VenueRulesPortals, WalkingIntoAPortalMovesTheAvatarAndReportsIt) {
    World w;
    Entity arrival = w.create("Balcony stairs");
    w.get<Transform>(arrival)->position = {20, 4, 0};
    Entity portal = w.create("Stair portal");
    w.get<Transform>(portal)->position = {5, 1.25f, 0};
    w.add<Portal>(portal, Portal{.target = w.stableId(arrival)});
    Entity elsewhere = w.create("Exit to the expo");
    w.get<Transform>(elsewhere)->position = {-5, 1.25f, 0};
    w.add<Portal>(elsewhere, Portal{.venue = "expo"});
    Entity a = addAvatar(w, "alice");
    w.updateTransforms();
    VenueRules rules(w);
    w.get<Transform>(a)->position = {5, 0, 0};
    ASSERT_TRUE(rules.afterMove(a).has_value());
    EXPECT_EQ(w.get<Transform>(a)->position, vec3(20, 4, 0));
    w.get<Transform>(a)->position = {-5, 0, 0};
    rules.afterMove(a);
    EXPECT_EQ(w.get<Transform>(a)->position, vec3(-5, 0, 0)) << "another venue's portal moves nobody";
    std::vector<RuleEvent> events = rules.takeEvents();
    ASSERT_EQ(kinds(events), (std::vector<K>{K::PortalTravel, K::PortalToVenue}));
    EXPECT_EQ(events[0].subject, w.stableId(portal));
    EXPECT_EQ(events[0].other, w.stableId(arrival));
    EXPECT_EQ(events[1].name, "expo");
}

// ---- triggers

namespace {

struct Gate {
    World w;
    Entity trigger, a, b;
    Gate() {
        trigger = w.create("gate");
        w.add<Trigger>(trigger, Trigger{.halfExtents = vec3(1), .event = "gate"});
        a = body("a", {-5, 0, 0});
        b = body("b", {-6, 0, 0.5f});
    }
    Entity body(const char* name, vec3 at) {
        Entity e = w.create(name);
        w.get<Transform>(e)->position = at;
        w.add<RigidBody>(e, RigidBody{.type = RigidBody::Type::Kinematic});
        w.add<Collider>(e, Collider{.shape = Collider::Shape::Sphere, .radius = 0.25f});
        return e;
    }
};

}  // namespace

TEST(VenueRulesTriggers, EnterAndLeaveEventsArriveInOrderWithTheTriggersEventName) {
    Gate g;
    VenueRules rules(g.w);
    std::vector<std::pair<K, StableId>> seen;
    for (int i = 0; i <= 120; ++i) {
        g.w.get<Transform>(g.a)->position.x = -5.0f + 0.1f * float(i);
        g.w.get<Transform>(g.b)->position.x = -6.0f + 0.1f * float(i);
        rules.step();
        for (const RuleEvent& e : rules.takeEvents()) {
            EXPECT_EQ(e.subject, g.w.stableId(g.trigger));
            EXPECT_EQ(e.name, "gate");
            seen.emplace_back(e.kind, e.avatar);
        }
    }
    StableId a = g.w.stableId(g.a), b = g.w.stableId(g.b);
    EXPECT_EQ(seen,
              (std::vector<std::pair<K, StableId>>{{K::TriggerEnter, a}, {K::TriggerEnter, b}, {K::TriggerLeave, a}, {K::TriggerLeave, b}}));
}

TEST(VenueRulesTriggers, TheMaskFiltersWhatATriggerNotices) {
    Gate g;
    g.w.get<Collider>(g.b)->layer = 8;
    g.w.get<Trigger>(g.trigger)->mask = ~8u;
    g.w.get<Transform>(g.a)->position = vec3(0);
    g.w.get<Transform>(g.b)->position = vec3(0, 0, 0.5f);
    VenueRules rules(g.w);
    rules.step();
    std::vector<RuleEvent> events = rules.takeEvents();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].avatar, g.w.stableId(g.a));
}

TEST(VenueRulesTriggers, APersonIsInsideWhereverTheirBodyPassesThroughTheVolume) {
    World w;
    Entity sign = w.create("Overhead sensor");
    w.get<Transform>(sign)->position = {0, 1.5f, 0};  // from 1.2 m to 1.8 m: head height
    w.add<Trigger>(sign, Trigger{.halfExtents = {1, 0.3f, 1}, .event = "heads"});
    Entity a = addAvatar(w, "alice");
    VenueRules rules(w);
    rules.step();
    ASSERT_EQ(kinds(rules.takeEvents()), std::vector<K>{K::TriggerEnter});
    w.get<Transform>(a)->position = {0, 2.0f, 0};  // on a stage: feet above it
    rules.step();
    EXPECT_EQ(kinds(rules.takeEvents()), std::vector<K>{K::TriggerLeave});
}

TEST(VenueRulesTriggers, SomethingDestroyedInsideLeavesAndARemovedTriggerReportsNothing) {
    Gate g;
    g.w.get<Transform>(g.a)->position = vec3(0);
    g.w.get<Transform>(g.b)->position = vec3(0, 0, 0.5f);
    VenueRules rules(g.w);
    rules.step();
    EXPECT_EQ(rules.takeEvents().size(), 2u);
    StableId a = g.w.stableId(g.a);
    g.w.destroy(g.a);
    rules.step();
    std::vector<RuleEvent> events = rules.takeEvents();
    ASSERT_EQ(kinds(events), std::vector<K>{K::TriggerLeave});
    EXPECT_EQ(events[0].avatar, a);
    g.w.remove<Trigger>(g.trigger);
    g.w.get<Transform>(g.b)->position = vec3(-5, 0, 0);
    rules.step();
    EXPECT_TRUE(rules.takeEvents().empty());
}
