// The venue rules with physics as their space: what a live session and play mode both run.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "atrium/physics/standing_spot.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "physics_test_util.hpp"

using namespace atrium;
using namespace atrium::test;

namespace {

struct SeatScene {
    World w;
    Entity seat;
    Entity alice, bob;
    SeatScene() {
        addFloor(w);
        seat = w.create("seat");
        w.add<Seat>(seat);
        // The chair's body: a static box that blocks the spot the avatar sits in.
        Entity chair = w.create("chair");
        w.add<Collider>(chair, Collider{.halfExtents = vec3(0.25f, 0.22f, 0.25f), .offset = vec3(0, 0.22f, 0)});
        w.setParent(chair, seat);
        alice = addAvatar(w, vec3(3, 0, 0), "alice");
        bob = addAvatar(w, vec3(-3, 0, 0), "bob");
        w.updateTransforms();
    }
    StableId seatId() const { return w.stableId(seat); }
};

// One fixed step as a session runs it: avatars move (physics), then the rules.
void stepWith(World& w, PhysicsWorld& p, VenueRules& rules, Entity avatar, vec3 input, int steps) {
    for (int i = 0; i < steps; ++i) {
        w.get<CharacterController>(avatar)->moveInput = input;
        p.step();
        rules.afterMove(avatar);
        rules.step();
    }
    w.get<CharacterController>(avatar)->moveInput = vec3(0);
}

}  // namespace

TEST(VenueRulesWithPhysics, ASeatedAvatarStaysOnTheSeatWhilePhysicsSteps) {
    SeatScene s;
    PhysicsWorld p(s.w);
    PhysicsVenueSpace space(p);
    VenueRules rules(s.w, &space);
    run(p, 5);
    ASSERT_TRUE(rules.sit(s.alice, s.seatId()));
    EXPECT_EQ(s.w.get<Avatar>(s.alice)->seat, s.seatId());
    EXPECT_EQ(s.w.get<Seat>(s.seat)->occupant, s.w.stableId(s.alice));
    EXPECT_TRUE(s.w.get<CharacterController>(s.alice)->held);
    stepWith(s.w, p, rules, s.alice, vec3(1, 0, 0), 60);  // input does not move it while seated
    EXPECT_NEAR(glm::length(positionOf(s.w, s.alice) - vec3(0, 0.45f, 0)), 0.0f, 1e-4f);
    Status taken = rules.sit(s.bob, s.seatId());
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message, "seat is taken");
}

TEST(VenueRulesWithPhysics, StandingUpPutsTheAvatarOnTheFloorInFrontOfTheSeat) {
    SeatScene s;
    PhysicsWorld p(s.w);
    PhysicsVenueSpace space(p);
    VenueRules rules(s.w, &space);
    run(p, 5);
    ASSERT_TRUE(rules.sit(s.alice, s.seatId()));
    run(p, 5);
    ASSERT_TRUE(rules.standUp(s.alice));
    EXPECT_FALSE(s.w.get<Avatar>(s.alice)->seat.valid());
    EXPECT_FALSE(s.w.get<Seat>(s.seat)->occupant.valid());
    EXPECT_FALSE(s.w.get<CharacterController>(s.alice)->held);
    vec3 pos = positionOf(s.w, s.alice);
    EXPECT_NEAR(pos.z, -0.75f, 1e-3f);  // in front of the seat (seats face -z)
    EXPECT_NEAR(pos.y, 0.0f, 1e-3f);
    stepWith(s.w, p, rules, s.alice, vec3(0), 30);
    EXPECT_TRUE(s.w.get<CharacterController>(s.alice)->grounded);
    EXPECT_NEAR(positionOf(s.w, s.alice).z, -0.75f, 1e-3f);
    EXPECT_TRUE(rules.sit(s.bob, s.seatId())) << "the seat is free again";
    EXPECT_FALSE(rules.standUp(s.alice)) << "not seated";
}

TEST(VenueRulesWithPhysics, StandingUpAvoidsASpotBlockedByTheRowInFront) {
    SeatScene s;
    addStaticBox(s.w, vec3(0, 1, -0.8f), vec3(2, 1, 0.2f), quat(1, 0, 0, 0), "row in front");
    PhysicsWorld p(s.w);
    PhysicsVenueSpace space(p);
    VenueRules rules(s.w, &space);
    run(p, 5);
    ASSERT_TRUE(rules.sit(s.alice, s.seatId()));
    ASSERT_TRUE(rules.standUp(s.alice));
    EXPECT_NEAR(positionOf(s.w, s.alice).z, 0.75f, 1e-3f);  // behind the seat instead
}

TEST(VenueRulesWithPhysics, ASpawnPointInsideABlockMovesArrivalsOutAndNamesTheBlock) {
    World w;
    addFloor(w);
    Entity spawn = w.create("Lobby");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 0.5f});
    addStaticBox(w, vec3(1.0f, 1.5f, 0), vec3(2.0f, 1.5f, 2.0f), quat(1, 0, 0, 0), "Rake");
    w.updateTransforms();
    PhysicsWorld p(w);
    p.sync();
    PhysicsVenueSpace space(p);
    VenueRules rules(w, &space);
    const ArrivalArea& area = rules.arrival();
    EXPECT_NE(area.warning.find("spawn point \"Lobby\" is inside \"Rake\""), std::string::npos) << area.warning;
    EXPECT_LE(area.centre.x, -1.0f - 0.3f + 1e-3f) << "arrivals start clear of the rake";
    Entity avatar = addAvatar(w, vec3(0), "guest");
    rules.arrive(avatar, 5);
    EXPECT_TRUE(space.inside(positionOf(w, avatar), CharacterController{}).empty());
}

TEST(VenueRulesWithPhysics, TriggersNoticeAvatarsOnTheAvatarLayerByTheirMask) {
    World w;
    addFloor(w);
    auto addZone = [&](const char* event, std::uint32_t mask) {
        Entity zone = w.create(event);
        w.get<Transform>(zone)->position = vec3(0, 1, 0);
        w.add<Trigger>(zone, Trigger{.halfExtents = vec3(1), .mask = mask, .event = event});
    };
    addZone("everything", 0xffffffffu);
    addZone("avatars", kAvatarLayer);
    addZone("default layer", 1u);
    Entity avatar = addAvatar(w, vec3(0));
    w.add<Collider>(avatar, Collider{.layer = kAvatarLayer, .mask = ~kAvatarLayer});
    PhysicsWorld p(w);
    VenueRules rules(w);
    stepWith(w, p, rules, avatar, vec3(0), 1);
    std::vector<std::string> entered;
    for (const RuleEvent& e : rules.takeEvents()) {
        EXPECT_EQ(e.avatar, w.stableId(avatar));
        if (e.kind == RuleEvent::Kind::TriggerEnter) entered.push_back(e.name);
    }
    std::sort(entered.begin(), entered.end());
    EXPECT_EQ(entered, (std::vector<std::string>{"avatars", "everything"}));
}

TEST(VenueRulesWithPhysics, AnAvatarWalkingThroughATriggerEntersAndLeavesOnce) {
    World w;
    addFloor(w);
    Entity zone = w.create("zone");
    w.get<Transform>(zone)->position = vec3(3, 1, 0);
    w.add<Trigger>(zone, Trigger{.halfExtents = vec3(0.5f, 1, 2), .event = "stage"});
    Entity avatar = addAvatar(w, vec3(0, 0, 0));
    PhysicsWorld p(w);
    VenueRules rules(w);
    std::vector<RuleEvent::Kind> seen;
    for (int i = 0; i < 240; ++i) {
        stepWith(w, p, rules, avatar, vec3(1, 0, 0), 1);
        for (const RuleEvent& e : rules.takeEvents()) seen.push_back(e.kind);
    }
    EXPECT_EQ(seen, (std::vector<RuleEvent::Kind>{RuleEvent::Kind::TriggerEnter, RuleEvent::Kind::TriggerLeave}));
}
