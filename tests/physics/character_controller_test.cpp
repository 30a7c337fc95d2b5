// The avatar character controller and seats.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "physics_test_util.hpp"

using namespace atrium;
using namespace atrium::test;

namespace {

void walk(World& w, PhysicsWorld& p, Entity avatar, vec3 input, int steps, bool runFast = false) {
    for (int i = 0; i < steps; ++i) {
        auto& cc = *w.get<CharacterController>(avatar);
        cc.moveInput = input;
        cc.run = runFast;
        p.step();
    }
    w.get<CharacterController>(avatar)->moveInput = vec3(0);
}

TEST(CharacterController, StandsOnTheFloor) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0, 1, 0));
    PhysicsWorld p(w);
    run(p, 60);
    EXPECT_TRUE(w.get<CharacterController>(avatar)->grounded);
    EXPECT_NEAR(positionOf(w, avatar).y, 0.0f, 1e-3f);
}

TEST(CharacterController, WalksAndRunsAtItsSpeeds) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    walk(w, p, avatar, vec3(1, 0, 0), 60);
    EXPECT_NEAR(positionOf(w, avatar).x, 1.6f, 0.05f);
    walk(w, p, avatar, vec3(0, 0, -1), 60, true);
    EXPECT_NEAR(positionOf(w, avatar).z, -4.0f, 0.05f);
    EXPECT_NEAR(positionOf(w, avatar).y, 0.0f, 1e-3f);
}

TEST(CharacterController, JumpsAndLandsAgain) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    w.get<CharacterController>(avatar)->jump = true;
    p.step();
    w.get<CharacterController>(avatar)->jump = false;
    float highest = 0;
    for (int i = 0; i < 90; ++i) {
        p.step();
        highest = std::max(highest, positionOf(w, avatar).y);
    }
    // v^2 / 2g = 4.5^2 / 19.62 = 1.03 m
    EXPECT_NEAR(highest, 1.03f, 0.06f);
    EXPECT_TRUE(w.get<CharacterController>(avatar)->grounded);
    EXPECT_NEAR(positionOf(w, avatar).y, 0.0f, 1e-3f);
}

TEST(CharacterController, ClimbsStairsOfThirtyCentimetreSteps) {
    World w;
    addFloor(w);
    // Five 0.3 m steps, 0.4 m deep, rising along +x from x = 1, then a landing.
    for (int i = 0; i < 5; ++i) {
        float top = 0.3f * float(i + 1);
        addStaticBox(w, vec3(1.2f + 0.4f * float(i), top * 0.5f, 0), vec3(0.2f, top * 0.5f, 1));
    }
    addStaticBox(w, vec3(4.0f, 0.75f, 0), vec3(1.0f, 0.75f, 1));
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    walk(w, p, avatar, vec3(1, 0, 0), 150);
    vec3 pos = positionOf(w, avatar);
    EXPECT_GT(pos.x, 3.2f);
    EXPECT_NEAR(pos.y, 1.5f, 0.01f);
    EXPECT_TRUE(w.get<CharacterController>(avatar)->grounded);
}

TEST(CharacterController, IsStoppedByAOneMetreWall) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(2, 0.5f, 0), vec3(0.1f, 0.5f, 3));  // front face at x = 1.9
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    walk(w, p, avatar, vec3(1, 0, 0), 180, true);
    vec3 pos = positionOf(w, avatar);
    EXPECT_LT(pos.x, 1.9f - 0.3f + 1e-3f);
    EXPECT_GT(pos.x, 1.9f - 0.3f - 0.05f);
    EXPECT_NEAR(pos.y, 0.0f, 1e-3f);
}

TEST(CharacterController, DoesNotTunnelThroughAThinWallAtHighSpeed) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(3, 1.5f, 0), vec3(0.01f, 1.5f, 3));  // 2 cm thick
    Entity avatar = addAvatar(w, vec3(0));
    w.get<CharacterController>(avatar)->runSpeed = 200.0f;  // 3.3 m per step
    PhysicsWorld p(w);
    run(p, 5);
    walk(w, p, avatar, vec3(1, 0, 0), 30, true);
    EXPECT_LT(positionOf(w, avatar).x, 3.0f);
}

TEST(CharacterController, SlidesAlongAWallItWalksIntoAtAnAngle) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(1.5f, 1, 0), vec3(0.5f, 1, 10));
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    walk(w, p, avatar, glm::normalize(vec3(1, 0, 1)), 120);
    vec3 pos = positionOf(w, avatar);
    EXPECT_LT(pos.x, 0.71f);
    EXPECT_GT(pos.z, 2.0f);
}

Entity addRamp(World& w, float degrees) {
    // A long plate tilted about z, rising towards -x, its surface through the origin.
    quat tilt = glm::angleAxis(glm::radians(-degrees), vec3(0, 0, 1));
    vec3 centre = tilt * vec3(0, -0.25f, 0);
    return addStaticBox(w, centre, vec3(6, 0.25f, 3), tilt, "ramp");
}

TEST(CharacterController, SlidesDownASlopeTooSteepToStandOn) {
    World w;
    addRamp(w, 60.0f);
    Entity avatar = addAvatar(w, vec3(-1.0f, std::tan(glm::radians(60.0f)) * 1.0f + 0.2f, 0));
    PhysicsWorld p(w);
    float startY = positionOf(w, avatar).y;
    run(p, 90);
    vec3 pos = positionOf(w, avatar);
    EXPECT_LT(pos.y, startY - 1.0f);
    EXPECT_GT(pos.x, -0.5f);  // moved downhill (towards +x)
    EXPECT_FALSE(w.get<CharacterController>(avatar)->grounded);
}

TEST(CharacterController, StandsOnAndWalksUpAWalkableSlope) {
    World w;
    addRamp(w, 30.0f);
    float rise = std::tan(glm::radians(30.0f));
    Entity avatar = addAvatar(w, vec3(1.0f, -rise + 0.1f, 0));
    PhysicsWorld p(w);
    run(p, 60);
    vec3 rest = positionOf(w, avatar);
    EXPECT_TRUE(w.get<CharacterController>(avatar)->grounded);
    run(p, 60);
    EXPECT_NEAR(positionOf(w, avatar).x, rest.x, 1e-3f);  // no sliding on a walkable slope
    walk(w, p, avatar, vec3(-1, 0, 0), 60);
    vec3 up = positionOf(w, avatar);
    EXPECT_LT(up.x, rest.x - 1.0f);
    EXPECT_NEAR(up.y, -up.x * rise, 0.05f);
}

TEST(CharacterController, CannotWalkUpATooSteepSlope) {
    World w;
    addFloor(w);
    addRamp(w, 60.0f);
    Entity avatar = addAvatar(w, vec3(2.0f, 0, 0));
    PhysicsWorld p(w);
    run(p, 10);
    walk(w, p, avatar, vec3(-1, 0, 0), 180);
    EXPECT_LT(positionOf(w, avatar).y, 0.4f);
}

TEST(CharacterController, PushesALightBox) {
    World w;
    addFloor(w);
    Entity box = addBox(w, vec3(1.5f, 0.25f, 0), vec3(0.25f), 2.0f);
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 10);
    walk(w, p, avatar, vec3(1, 0, 0), 180);
    EXPECT_GT(positionOf(w, box).x, 2.0f);
    EXPECT_GT(positionOf(w, avatar).x, 1.0f);
}

TEST(CharacterController, CollidersOnItsChildrenDoNotGetInItsWay) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0));
    Entity hat = w.create("hat");
    w.get<Transform>(hat)->position = vec3(0.3f, 1.0f, 0);
    w.add<Collider>(hat, Collider{.halfExtents = vec3(0.2f)});
    ASSERT_TRUE(w.setParent(hat, avatar));
    PhysicsWorld p(w);
    run(p, 5);
    walk(w, p, avatar, vec3(1, 0, 0), 60);
    EXPECT_NEAR(positionOf(w, avatar).x, 1.6f, 0.05f);
    EXPECT_FALSE(p.isSimulated(hat));
}

TEST(CharacterController, TeleportingThroughTheTransformIsHonoured) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    w.get<Transform>(avatar)->position = vec3(5, 2, 5);
    run(p, 60);
    vec3 pos = positionOf(w, avatar);
    EXPECT_NEAR(pos.x, 5.0f, 1e-4f);
    EXPECT_NEAR(pos.y, 0.0f, 1e-3f);
}

TEST(CharacterController, ReplayingInputsFromASavedStateReproducesTheMoveExactly) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(2, 0.15f, 0), vec3(0.5f, 0.15f, 2));  // a step to climb on the way
    Entity avatar = addAvatar(w, vec3(0, 0.5f, 0));
    PhysicsWorld p(w);
    run(p, 3);
    // The state a server would send: the transform and the controller's velocity and grounded.
    const Transform savedTransform = *w.get<Transform>(avatar);
    const CharacterController savedController = *w.get<CharacterController>(avatar);
    auto inputFor = [](int i) { return vec3(1.0f, 0.0f, i < 40 ? 0.0f : 0.5f); };
    for (int i = 0; i < 90; ++i) {
        auto& cc = *w.get<CharacterController>(avatar);
        cc.moveInput = inputFor(i);
        cc.jump = i == 50;
        p.step();
    }
    const vec3 stepped = positionOf(w, avatar);
    // Client-side prediction: restore and replay the same inputs on the avatar alone.
    *w.get<Transform>(avatar) = savedTransform;
    *w.get<CharacterController>(avatar) = savedController;
    for (int i = 0; i < 90; ++i) {
        auto& cc = *w.get<CharacterController>(avatar);
        cc.moveInput = inputFor(i);
        cc.jump = i == 50;
        p.stepCharacter(avatar);
    }
    EXPECT_EQ(positionOf(w, avatar), stepped);
    EXPECT_GT(stepped.x, 2.0f);
}

TEST(CharacterController, AHeldCharacterStaysWhereItsTransformPutsIt) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0, 0.45f, 0));  // in the air, as on a seat
    w.get<CharacterController>(avatar)->held = true;
    PhysicsWorld p(w);
    walk(w, p, avatar, vec3(1, 0, 0), 60);
    EXPECT_EQ(positionOf(w, avatar), vec3(0, 0.45f, 0)) << "neither walked nor fell";
    EXPECT_TRUE(w.get<CharacterController>(avatar)->grounded);
    w.get<CharacterController>(avatar)->held = false;
    walk(w, p, avatar, vec3(1, 0, 0), 60);
    EXPECT_GT(positionOf(w, avatar).x, 1.0f);
    EXPECT_NEAR(positionOf(w, avatar).y, 0.0f, 1e-3f) << "let go, it fell to the floor and walked";
}

TEST(CharacterController, StepBodiesMovesBodiesButLeavesCharactersWhereTheirTransformsAre) {
    World w;
    addFloor(w);
    Entity avatar = addAvatar(w, vec3(0));
    PhysicsWorld p(w);
    run(p, 5);
    // An app that moves avatars itself (the netsync server) teleports this one, with input
    // still set, and drops a box onto where it now stands.
    w.get<Transform>(avatar)->position = vec3(5, 0, 0);
    w.get<CharacterController>(avatar)->moveInput = vec3(1, 0, 0);
    Entity box = addBox(w, vec3(5, 3, 0), vec3(0.2f), 1.0f);
    for (int i = 0; i < 60; ++i) p.stepBodies();
    EXPECT_EQ(positionOf(w, avatar), vec3(5, 0, 0));
    // The capsule went where the Transform put it: the box rests on its head, not the floor.
    EXPECT_GT(positionOf(w, box).y, 1.5f);
    p.stepCharacter(avatar);
    EXPECT_NEAR(positionOf(w, avatar).x, 5.0f + 1.6f / 60.0f, 1e-4f);
}

TEST(CharacterController, StepCharacterAfterSyncMatchesStepCharacter) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(1.5f, 1, 0), vec3(0.1f, 1, 2));  // a wall to walk into
    Entity a = addAvatar(w, vec3(0, 0.2f, -1), "a");
    Entity b = addAvatar(w, vec3(0, 0.2f, 1), "b");
    PhysicsWorld p(w);
    p.sync();
    for (int i = 0; i < 90; ++i) {
        w.get<CharacterController>(a)->moveInput = vec3(1, 0, 0);
        w.get<CharacterController>(b)->moveInput = vec3(1, 0, 0);
        p.stepCharacter(a);
        p.stepCharacterAfterSync(b);
    }
    EXPECT_NEAR(positionOf(w, a).x, positionOf(w, b).x, 1e-5f);
    EXPECT_NEAR(positionOf(w, a).x, 1.4f - 0.3f, 0.03f);
    // An avatar destroyed after the sync is skipped, not dereferenced.
    w.destroy(b);
    p.stepCharacterAfterSync(b);
}

// ---- seats

// ---- layers: avatars that pass through one another (the netsync server's, kAvatarLayer)

namespace {

void putOnAvatarLayer(World& w, Entity avatar) { w.add<Collider>(avatar, Collider{.layer = kAvatarLayer, .mask = ~kAvatarLayer}); }

// Two avatars 2 m apart on x walk at each other for 2 s (3.2 m each, so each would end 1.2 m
// past where the other started).
struct Crossing {
    World w;
    Entity left, right;
    Crossing() {
        addFloor(w);
        left = addAvatar(w, vec3(-1, 0, 0), "left");
        right = addAvatar(w, vec3(1, 0, 0), "right");
    }
    void walkAtEachOther(PhysicsWorld& p, int steps) {
        for (int i = 0; i < steps; ++i) {
            w.get<CharacterController>(left)->moveInput = vec3(1, 0, 0);
            w.get<CharacterController>(right)->moveInput = vec3(-1, 0, 0);
            p.step();
        }
    }
};

}  // namespace

TEST(CharacterLayers, AvatarsOnTheDefaultLayerBlockEachOther) {
    Crossing c;
    PhysicsWorld p(c.w);
    run(p, 5);
    c.walkAtEachOther(p, 120);
    const float gap = positionOf(c.w, c.right).x - positionOf(c.w, c.left).x;
    EXPECT_GT(gap, 2 * 0.3f - 1e-3f) << "the capsules went into each other";
    EXPECT_LT(gap, 2 * 0.3f + 0.05f);
}

TEST(CharacterLayers, AvatarsWhoseMaskLeavesOutTheirLayerWalkThroughEachOther) {
    Crossing c;
    putOnAvatarLayer(c.w, c.left);
    putOnAvatarLayer(c.w, c.right);
    PhysicsWorld p(c.w);
    run(p, 5);
    c.walkAtEachOther(p, 120);
    EXPECT_NEAR(positionOf(c.w, c.left).x, 2.2f, 0.02f);
    EXPECT_NEAR(positionOf(c.w, c.right).x, -2.2f, 0.02f);
    EXPECT_NEAR(positionOf(c.w, c.left).z, 0.0f, 1e-4f) << "nobody was pushed aside";
    EXPECT_NEAR(positionOf(c.w, c.left).y, 0.0f, 1e-3f) << "nobody climbed over the other";
    EXPECT_TRUE(c.w.get<CharacterController>(c.left)->grounded);
}

TEST(CharacterLayers, OneAvatarOnTheAvatarLayerStillBlocksADefaultOne) {
    // Both ways must agree to pass: the default avatar's mask includes the avatar layer.
    Crossing c;
    putOnAvatarLayer(c.w, c.left);
    PhysicsWorld p(c.w);
    run(p, 5);
    c.walkAtEachOther(p, 120);
    EXPECT_GT(positionOf(c.w, c.right).x - positionOf(c.w, c.left).x, 2 * 0.3f - 1e-3f);
}

TEST(CharacterLayers, AnAvatarOnTheAvatarLayerIsStillStoppedByWallsAndPushesBoxes) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(4, 0.5f, 0), vec3(0.1f, 0.5f, 3));  // front face at x = 3.9
    Entity box = addBox(w, vec3(1.5f, 0.25f, 0), vec3(0.25f), 2.0f);
    Entity avatar = addAvatar(w, vec3(0));
    putOnAvatarLayer(w, avatar);
    PhysicsWorld p(w);
    run(p, 10);
    walk(w, p, avatar, vec3(1, 0, 0), 60);
    EXPECT_GT(positionOf(w, box).x, 1.6f) << "the box was not pushed";
    walk(w, p, avatar, vec3(0, 0, 1), 60);  // step aside, past the box
    walk(w, p, avatar, vec3(1, 0, 0), 180, true);
    vec3 pos = positionOf(w, avatar);
    EXPECT_LT(pos.x, 3.9f - 0.3f + 1e-3f) << "it went into the wall";
    EXPECT_GT(pos.x, 3.9f - 0.3f - 0.05f);
    EXPECT_NEAR(pos.y, 0.0f, 1e-3f) << "it stands on the floor";
}

TEST(CharacterLayers, AColliderAddedToAWalkingAvatarChangesItsLayerAtTheNextStep) {
    Crossing c;
    PhysicsWorld p(c.w);
    run(p, 5);
    c.walkAtEachOther(p, 60);
    ASSERT_LT(positionOf(c.w, c.left).x, 0.0f) << "on the default layer they meet and stop";
    putOnAvatarLayer(c.w, c.left);
    putOnAvatarLayer(c.w, c.right);
    c.walkAtEachOther(p, 60);
    EXPECT_GT(positionOf(c.w, c.left).x, 0.5f);
    EXPECT_LT(positionOf(c.w, c.right).x, -0.5f);
    // And removing them puts both back on the default layer (they are apart now; they meet again
    // only if walked back, which shows the capsules collide again).
    c.w.remove<Collider>(c.left);
    c.w.remove<Collider>(c.right);
    for (int i = 0; i < 120; ++i) {
        c.w.get<CharacterController>(c.left)->moveInput = vec3(-1, 0, 0);
        c.w.get<CharacterController>(c.right)->moveInput = vec3(1, 0, 0);
        p.step();
    }
    EXPECT_GT(positionOf(c.w, c.left).x - positionOf(c.w, c.right).x, 2 * 0.3f - 1e-3f);
}

}  // namespace
