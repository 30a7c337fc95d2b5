// Bodies: every collider type resting, stacking, edits mid-simulation, interpolation, determinism.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>

#include "atrium/assets/asset_cache.hpp"
#include "physics_test_util.hpp"

using namespace atrium;
using namespace atrium::test;

namespace {

struct RestCase {
    const char* name;
    Collider collider;
    float restHeight;  // expected centre height above the floor
};

void PrintTo(const RestCase& c, std::ostream* os) { *os << c.name; }

class ColliderRestsOnFloor : public ::testing::TestWithParam<RestCase> {};

TEST_P(ColliderRestsOnFloor, SettlesAtItsRestHeight) {
    const RestCase& c = GetParam();
    World w;
    AssetCache assets(ATRIUM_TEST_DATA "/gltf/models");
    addFloor(w);
    Entity body = addDynamic(w, vec3(0, c.restHeight + 1.0f, 0), c.collider);
    PhysicsWorld p(w, &assets);
    run(p, 240);
    EXPECT_TRUE(p.errors().empty()) << p.errors().front().toString();
    vec3 pos = positionOf(w, body);
    EXPECT_NEAR(pos.y, c.restHeight, 0.06f) << c.name;
    // Cylinders and hulls rock a little after landing; they must stay about where they fell.
    EXPECT_NEAR(pos.x, 0.0f, 0.15f);
    EXPECT_NEAR(pos.z, 0.0f, 0.15f);
    EXPECT_LT(glm::length(w.get<RigidBody>(body)->linearVelocity), 0.05f);
}

INSTANTIATE_TEST_SUITE_P(
    AllShapes, ColliderRestsOnFloor,
    ::testing::Values(RestCase{"box", Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(0.5f, 0.25f, 0.5f)}, 0.25f},
                      RestCase{"sphere", Collider{.shape = Collider::Shape::Sphere, .radius = 0.4f}, 0.4f},
                      // Dropped exactly upright, a capsule stays balanced on its end: half height plus radius.
                      RestCase{"capsule", Collider{.shape = Collider::Shape::Capsule, .radius = 0.3f, .height = 0.2f}, 0.4f},
                      RestCase{"cylinder", Collider{.shape = Collider::Shape::Cylinder, .halfExtents = vec3(0.4f, 0.3f, 0.4f)}, 0.3f},
                      // BoxTextured.glb is a unit cube; a hull keeps Bullet's collision margin (0.04 m) outside it.
                      RestCase{"convex_hull", Collider{.shape = Collider::Shape::ConvexHull, .mesh = "BoxTextured.glb"}, 0.54f},
                      RestCase{"convex_hull_builtin", Collider{.shape = Collider::Shape::ConvexHull, .mesh = "builtin:box"}, 0.54f}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PhysicsBodies, SphereRestsOnStaticTriangleMeshFromGltf) {
    World w;
    AssetCache assets(ATRIUM_TEST_DATA "/gltf/models");
    Entity ground = w.create("mesh ground");
    w.get<Transform>(ground)->scale = vec3(20, 1, 20);
    w.get<Transform>(ground)->position = vec3(0, -0.5f, 0);  // unit cube: top face at y = 0
    w.add<Collider>(ground, Collider{.shape = Collider::Shape::TriangleMesh, .mesh = "BoxTextured.glb"});
    Entity ball = addDynamic(w, vec3(0.3f, 2, 0.2f), Collider{.shape = Collider::Shape::Sphere, .radius = 0.25f});
    PhysicsWorld p(w, &assets);
    run(p, 180);
    ASSERT_TRUE(p.errors().empty()) << p.errors().front().toString();
    EXPECT_NEAR(positionOf(w, ball).y, 0.25f, 0.03f);
}

TEST(PhysicsBodies, BuiltinStairsMeshHoldsABox) {
    World w;
    AssetCache assets;
    addFloor(w);
    Entity stairs = w.create("stairs");
    w.add<Collider>(stairs, Collider{.shape = Collider::Shape::TriangleMesh, .mesh = "builtin:stairs?steps=4"});
    PhysicsWorld p(w, &assets);
    p.sync();
    ASSERT_TRUE(p.errors().empty()) << p.errors().front().toString();
    auto hit = p.raycast(vec3(0, 5, -0.05f), vec3(0, -1, 0), 10);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, stairs);
}

TEST(PhysicsBodies, CompoundOfChildCollidersActsAsOneBody) {
    World w;
    addFloor(w);
    // A dumbbell: two child spheres on a body with no collider of its own.
    Entity body = w.create("dumbbell");
    w.get<Transform>(body)->position = vec3(0, 2, 0);
    w.add<RigidBody>(body, RigidBody{.mass = 2});
    for (float x : {-0.6f, 0.6f}) {
        Entity s = w.create("weight");
        w.get<Transform>(s)->position = vec3(x, 0, 0);
        w.add<Collider>(s, Collider{.shape = Collider::Shape::Sphere, .radius = 0.3f});
        ASSERT_TRUE(w.setParent(s, body));
    }
    PhysicsWorld p(w);
    run(p, 240);
    vec3 pos = positionOf(w, body);
    EXPECT_NEAR(pos.y, 0.3f, 0.03f);
    // Both spheres touch the floor, so the bar stays level.
    w.updateTransforms();
    for (Entity c : w.children(body)) EXPECT_NEAR(w.worldMatrix(c)[3].y, 0.3f, 0.03f);
    // The children keep their local transforms: only the body moves.
    EXPECT_EQ(positionOf(w, w.children(body)[0]), vec3(-0.6f, 0, 0));
}

TEST(PhysicsBodies, TowerOfTenBoxesStandsForTenSeconds) {
    World w;
    addFloor(w);
    std::vector<Entity> boxes;
    for (int i = 0; i < 10; ++i) boxes.push_back(addBox(w, vec3(0, 0.25f + 0.5f * float(i), 0), vec3(0.25f)));
    PhysicsWorld p(w);
    run(p, 600);
    // Bullet's solver lets a stack creep by a few centimetres; standing means every box is still
    // on the one below (well inside its 0.25 m half width) at its stacked height.
    for (int i = 0; i < 10; ++i) {
        vec3 pos = positionOf(w, boxes[std::size_t(i)]);
        EXPECT_NEAR(pos.x, 0.0f, 0.15f) << "box " << i;
        EXPECT_NEAR(pos.z, 0.0f, 0.15f) << "box " << i;
        EXPECT_NEAR(pos.y, 0.25f + 0.5f * float(i), 0.03f) << "box " << i;
    }
}

TEST(PhysicsBodies, StaticAndKinematicBodiesDoNotFall) {
    World w;
    Entity s = addDynamic(w, vec3(0, 3, 0), Collider{});
    w.get<RigidBody>(s)->type = RigidBody::Type::Static;
    Entity k = addDynamic(w, vec3(2, 3, 0), Collider{});
    w.get<RigidBody>(k)->type = RigidBody::Type::Kinematic;
    PhysicsWorld p(w);
    run(p, 60);
    EXPECT_EQ(positionOf(w, s), vec3(0, 3, 0));
    EXPECT_EQ(positionOf(w, k), vec3(2, 3, 0));
    // A kinematic body goes where its Transform says and carries what it hits.
    w.get<Transform>(k)->position = vec3(2, 1, 0);
    p.step();
    auto hit = p.raycast(vec3(2, 5, 0), vec3(0, -1, 0), 10);
    ASSERT_TRUE(hit);
    EXPECT_NEAR(hit->point.y, 1.5f, 1e-3f);
}

TEST(PhysicsBodies, AMovingKinematicPlatformCarriesWhatRestsOnIt) {
    World w;
    Entity platform = addDynamic(w, vec3(0, 0, 0), Collider{.halfExtents = vec3(2, 0.1f, 2)}, 1, "platform");
    w.get<RigidBody>(platform)->type = RigidBody::Type::Kinematic;
    w.get<RigidBody>(platform)->friction = 1.0f;
    Entity box = addBox(w, vec3(0, 0.35f, 0), vec3(0.25f));
    w.get<RigidBody>(box)->friction = 1.0f;
    PhysicsWorld p(w);
    run(p, 30);
    for (int i = 1; i <= 60; ++i) {
        w.get<Transform>(platform)->position.x = float(i) / 60.0f;  // 1 m/s
        p.step();
    }
    EXPECT_NEAR(positionOf(w, box).x, 1.0f, 0.1f);
    EXPECT_NEAR(positionOf(w, box).y, 0.35f, 0.02f);
}

TEST(PhysicsBodies, ADynamicChildBodyWritesBackItsLocalTransform) {
    World w;
    addFloor(w);
    Entity group = w.create("group");
    w.get<Transform>(group)->position = vec3(10, 2, 0);
    Entity box = addBox(w, vec3(0, 1, 0));  // local to the group: world (10, 3, 0)
    ASSERT_TRUE(w.setParent(box, group));
    PhysicsWorld p(w);
    run(p, 180);
    vec3 local = positionOf(w, box);
    EXPECT_NEAR(local.x, 0.0f, 1e-3f);
    EXPECT_NEAR(local.y, 0.5f - 2.0f, 0.02f);
    auto hit = p.raycast(vec3(10, 5, 0), vec3(0, -1, 0), 10);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, box);
}

TEST(PhysicsBodies, RestingBodiesFallAsleepUnlessSleepIsDisallowed) {
    World w;
    addFloor(w);
    Entity sleeper = addBox(w, vec3(0, 0.5f, 0));
    Entity insomniac = addBox(w, vec3(3, 0.5f, 0));
    w.get<RigidBody>(insomniac)->allowSleep = false;
    PhysicsWorld p(w);
    run(p, 300);
    EXPECT_TRUE(p.isSleeping(sleeper));
    EXPECT_FALSE(p.isSleeping(insomniac));
}

TEST(PhysicsBodies, DampingSlowsABodyDown) {
    World w;
    w.settings.gravity = vec3(0);
    Entity free = addDynamic(w, vec3(0), Collider{.shape = Collider::Shape::Sphere});
    Entity damped = addDynamic(w, vec3(0, 5, 0), Collider{.shape = Collider::Shape::Sphere});
    w.get<RigidBody>(free)->linearDamping = 0;
    w.get<RigidBody>(damped)->linearDamping = 0.9f;
    w.get<RigidBody>(free)->linearVelocity = w.get<RigidBody>(damped)->linearVelocity = vec3(2, 0, 0);
    PhysicsWorld p(w);
    run(p, 60);
    EXPECT_NEAR(positionOf(w, free).x, 2.0f, 0.01f);
    EXPECT_LT(positionOf(w, damped).x, 1.0f);
}

TEST(PhysicsBodies, RestitutionMakesABallBounce) {
    World w;
    // Bullet multiplies the two restitutions, so the floor needs one too.
    w.add<RigidBody>(addFloor(w), RigidBody{.type = RigidBody::Type::Static, .restitution = 1.0f});
    Entity ball = addDynamic(w, vec3(0, 2, 0), Collider{.shape = Collider::Shape::Sphere, .radius = 0.2f});
    PhysicsWorld p(w);
    p.sync();
    w.get<RigidBody>(ball)->restitution = 0.9f;
    float lowest = 10, highestAfterBounce = 0;
    bool bounced = false;
    for (int i = 0; i < 120; ++i) {
        p.step();
        float y = positionOf(w, ball).y;
        if (!bounced && y < lowest) lowest = y;
        if (w.get<RigidBody>(ball)->linearVelocity.y > 0.5f) bounced = true;
        if (bounced) highestAfterBounce = std::max(highestAfterBounce, y);
    }
    EXPECT_TRUE(bounced);
    EXPECT_GT(highestAfterBounce, 0.8f);
}

// ---- edits mid-simulation

TEST(PhysicsEdits, ResizingAColliderTakesEffectNextStep) {
    World w;
    addFloor(w);
    Entity box = addBox(w, vec3(0, 0.5f, 0));
    PhysicsWorld p(w);
    run(p, 60);
    EXPECT_NEAR(positionOf(w, box).y, 0.5f, 0.02f);
    w.get<Collider>(box)->halfExtents = vec3(1.0f);
    run(p, 120);
    EXPECT_NEAR(positionOf(w, box).y, 1.0f, 0.03f);
}

TEST(PhysicsEdits, RemovingTheRigidBodyLeavesAStaticCollider) {
    World w;
    Entity box = addBox(w, vec3(0, 10, 0));
    PhysicsWorld p(w);
    run(p, 30);
    float y = positionOf(w, box).y;
    EXPECT_LT(y, 10.0f);
    w.remove<RigidBody>(box);
    run(p, 30);
    EXPECT_EQ(positionOf(w, box).y, y);
    EXPECT_TRUE(p.isSimulated(box));
    auto hit = p.raycast(vec3(0, 20, 0), vec3(0, -1, 0), 30);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, box);
}

TEST(PhysicsEdits, RemovingTheColliderOrTheEntityRemovesTheBody) {
    World w;
    addFloor(w);
    Entity a = addBox(w, vec3(0, 0.5f, 0));
    Entity b = addBox(w, vec3(3, 0.5f, 0));
    PhysicsWorld p(w);
    run(p, 10);
    w.remove<Collider>(a);
    w.destroy(b);
    run(p, 10);
    EXPECT_FALSE(p.isSimulated(a));
    EXPECT_FALSE(p.isSimulated(b));
    EXPECT_FALSE(p.raycast(vec3(0, 5, 0), vec3(0, -1, 0), 4.9f));
    EXPECT_FALSE(p.raycast(vec3(3, 5, 0), vec3(0, -1, 0), 4.9f));
    // Adding it back brings it back, the same step.
    w.add<Collider>(a);
    p.step();
    EXPECT_TRUE(p.isSimulated(a));
}

TEST(PhysicsEdits, AddingABodyMidSimulationMakesItFall) {
    World w;
    addFloor(w);
    PhysicsWorld p(w);
    run(p, 10);
    Entity box = addBox(w, vec3(0, 3, 0));
    run(p, 180);
    EXPECT_NEAR(positionOf(w, box).y, 0.5f, 0.02f);
}

TEST(PhysicsEdits, ChangingTypeToKinematicStopsTheFall) {
    World w;
    Entity box = addBox(w, vec3(0, 10, 0));
    PhysicsWorld p(w);
    run(p, 20);
    w.get<RigidBody>(box)->type = RigidBody::Type::Kinematic;
    p.step();
    float y = positionOf(w, box).y;
    run(p, 20);
    EXPECT_EQ(positionOf(w, box).y, y);
    w.get<RigidBody>(box)->type = RigidBody::Type::Dynamic;
    run(p, 20);
    EXPECT_LT(positionOf(w, box).y, y - 0.1f);
}

TEST(PhysicsEdits, TeleportAndLaunchThroughComponents) {
    World w;
    w.settings.gravity = vec3(0);
    Entity ball = addDynamic(w, vec3(0), Collider{.shape = Collider::Shape::Sphere});
    w.get<RigidBody>(ball)->linearDamping = 0;
    PhysicsWorld p(w);
    run(p, 5);
    w.get<Transform>(ball)->position = vec3(10, 0, 0);
    w.get<RigidBody>(ball)->linearVelocity = vec3(0, 6, 0);
    run(p, 30);
    EXPECT_NEAR(positionOf(w, ball).x, 10.0f, 1e-4f);
    EXPECT_NEAR(positionOf(w, ball).y, 3.0f, 0.01f);
}

TEST(PhysicsEdits, LayerMaskLetsABodyFallThroughTheFloor) {
    World w;
    Entity floor = addFloor(w);
    w.get<Collider>(floor)->layer = 2;
    Entity box = addBox(w, vec3(0, 1, 0));
    PhysicsWorld p(w);
    run(p, 60);
    EXPECT_NEAR(positionOf(w, box).y, 0.5f, 0.02f);
    w.get<Collider>(box)->mask = ~2u;  // stop colliding with layer 2
    run(p, 60);
    EXPECT_LT(positionOf(w, box).y, -1.0f);
}

TEST(PhysicsEdits, MovingAChildColliderReshapesTheCompound) {
    World w;
    addFloor(w);
    Entity body = w.create("body");
    w.get<Transform>(body)->position = vec3(0, 0.5f, 0);
    w.add<RigidBody>(body);
    Entity child = w.create("leg");
    w.add<Collider>(child);
    ASSERT_TRUE(w.setParent(child, body));
    PhysicsWorld p(w);
    run(p, 60);
    EXPECT_NEAR(positionOf(w, body).y, 0.5f, 0.02f);
    w.get<Transform>(child)->position = vec3(0, 1, 0);  // the box now sits 1 m above the origin
    run(p, 120);
    EXPECT_NEAR(positionOf(w, body).y, -0.5f, 0.03f);
}

TEST(PhysicsEdits, BadColliderIsReportedNotFatal) {
    World w;
    Entity e = addDynamic(w, vec3(0), Collider{.shape = Collider::Shape::ConvexHull, .mesh = "missing.glb"}, 1, "broken");
    Entity s = addDynamic(w, vec3(0), Collider{.shape = Collider::Shape::Sphere, .radius = -1}, 1, "negative");
    AssetCache assets;
    PhysicsWorld p(w, &assets);
    run(p, 3);
    ASSERT_GE(p.errors().size(), 2u);
    EXPECT_NE(p.errors()[0].message.find("broken"), std::string::npos);
    EXPECT_NE(p.errors()[0].message.find("missing.glb"), std::string::npos);
    EXPECT_FALSE(p.isSimulated(e));
    EXPECT_FALSE(p.isSimulated(s));
    // Fixing the component fixes the body.
    w.get<Collider>(s)->radius = 0.5f;
    p.step();
    EXPECT_TRUE(p.isSimulated(s));
}

TEST(PhysicsEdits, NonFiniteNumbersAreReportedAndIgnored) {
    World w;
    addFloor(w);
    Entity box = addBox(w, vec3(0, 0.5f, 0));
    Entity avatar = addAvatar(w, vec3(3, 0, 0));
    PhysicsWorld p(w);
    run(p, 10);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    w.get<Transform>(box)->position = vec3(nan, 0, 0);
    w.get<RigidBody>(box)->linearVelocity = vec3(0, std::numeric_limits<float>::infinity(), 0);
    w.get<CharacterController>(avatar)->moveInput = vec3(nan, 0, nan);
    w.get<Transform>(avatar)->position.y = nan;
    run(p, 10);
    EXPECT_GE(p.errors().size(), 3u);
    // Physics carried on from the last good state.
    EXPECT_NEAR(positionOf(w, box).y, 0.5f, 0.02f);
    EXPECT_NEAR(positionOf(w, avatar).y, 0.0f, 1e-3f);
    auto hit = p.raycast(vec3(0, 5, 0), vec3(0, -1, 0), 10);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, box);
}

// ---- stepping and interpolation

TEST(PhysicsStepping, UpdateRunsWholeFixedStepsAndKeepsTheRemainder) {
    World w;
    PhysicsWorld p(w);
    EXPECT_EQ(p.update(0.05), 3);
    EXPECT_EQ(p.update(0.01), 0);
    EXPECT_NEAR(p.alpha(), 0.6f, 1e-3f);
    EXPECT_EQ(p.update(0.01), 1);
    EXPECT_EQ(p.stepCount(), 4u);
}

TEST(PhysicsStepping, BadTimeStepsAreRejectedNotSimulated) {
    World w;
    Entity ball = addDynamic(w, vec3(0, 10, 0), Collider{.shape = Collider::Shape::Sphere});
    PhysicsWorld p(w);
    p.step(0.0);
    p.step(-1.0);
    p.step(std::numeric_limits<double>::quiet_NaN());
    EXPECT_EQ(p.stepCount(), 0u);
    EXPECT_FALSE(p.errors().empty());
    EXPECT_EQ(p.update(std::numeric_limits<double>::infinity()), 8);  // capped like any stalled frame
    EXPECT_EQ(p.update(std::numeric_limits<double>::quiet_NaN()), 0);
    EXPECT_LT(positionOf(w, ball).y, 10.0f);
}

TEST(PhysicsStepping, InterpolatesBetweenTheLastTwoPoses) {
    World w;
    Entity ball = addDynamic(w, vec3(0, 10, 0), Collider{.shape = Collider::Shape::Sphere});
    PhysicsWorld p(w);
    run(p, 10);
    float before = p.interpolatedMatrix(ball, 0.0f)[3].y;
    float after = p.interpolatedMatrix(ball, 1.0f)[3].y;
    float mid = p.interpolatedMatrix(ball, 0.5f)[3].y;
    EXPECT_EQ(after, positionOf(w, ball).y);
    EXPECT_LT(after, before);
    EXPECT_NEAR(mid, (before + after) * 0.5f, 1e-5f);
    p.step();
    EXPECT_EQ(p.interpolatedMatrix(ball, 0.0f)[3].y, after);
}

TEST(PhysicsStepping, ChildrenOfABodyFollowItsInterpolatedPose) {
    World w;
    Entity ball = addDynamic(w, vec3(0, 10, 0), Collider{.shape = Collider::Shape::Sphere});
    Entity decoration = w.create("hat");
    w.get<Transform>(decoration)->position = vec3(0, 0.6f, 0);
    ASSERT_TRUE(w.setParent(decoration, ball));
    PhysicsWorld p(w);
    run(p, 10);
    for (float a : {0.0f, 0.25f, 1.0f}) {
        mat4 expected = p.interpolatedMatrix(ball, a) * w.get<Transform>(decoration)->matrix();
        mat4 got = p.interpolatedMatrix(decoration, a);
        for (int c = 0; c < 4; ++c) {
            for (int r = 0; r < 4; ++r) EXPECT_NEAR(got[c][r], expected[c][r], 1e-5f);
        }
    }
    EXPECT_NE(p.interpolatedMatrix(decoration, 0.0f)[3].y, p.interpolatedMatrix(decoration, 1.0f)[3].y);
}

// ---- determinism

std::uint64_t hashTransforms(World& w) {
    std::uint64_t h = 0;
    w.forEachEntity([&](Entity e) {
        const Transform& t = *w.get<Transform>(e);
        float raw[10] = {t.position.x, t.position.y, t.position.z, t.rotation.w, t.rotation.x,
                         t.rotation.y, t.rotation.z, t.scale.x,    t.scale.y,    t.scale.z};
        h = hashCombine(h, hash64(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw)));
    });
    return h;
}

std::uint64_t simulateScene(int reservedContactPairs = PhysicsWorld::kDefaultContactPairs) {
    World w;
    addFloor(w);
    for (int i = 0; i < 60; ++i) {
        vec3 pos(float(i % 4) * 0.3f - 0.5f, 1.0f + float(i) * 0.6f, float(i % 3) * 0.25f - 0.3f);
        if (i % 3 == 0) addBox(w, pos, vec3(0.25f));
        else if (i % 3 == 1) addDynamic(w, pos, Collider{.shape = Collider::Shape::Sphere, .radius = 0.2f});
        else addDynamic(w, pos, Collider{.shape = Collider::Shape::Cylinder, .halfExtents = vec3(0.2f)});
    }
    Entity avatar = addAvatar(w, vec3(-4, 0, 0));
    PhysicsWorld p(w, nullptr, reservedContactPairs);
    for (int i = 0; i < 600; ++i) {
        w.get<CharacterController>(avatar)->moveInput = vec3(i < 300 ? 1.0f : -1.0f, 0, 0.2f);
        p.step();
    }
    return hashTransforms(w);
}

TEST(PhysicsDeterminism, SameSceneAndInputsGiveBitIdenticalTransforms) {
    std::uint64_t a = simulateScene();
    std::uint64_t b = simulateScene();
    EXPECT_EQ(a, b);
}

// A world reserving room for fewer touching pairs than its pile has (none at all, here) takes
// the rest from the heap as they come, and simulates exactly the same.
TEST(PhysicsDeterminism, ContactsBeyondTheReservedPairsSimulateTheSame) { EXPECT_EQ(simulateScene(0), simulateScene()); }

}  // namespace

TEST(PhysicsBodies, StaticCollidersDoNotPairWithEachOtherOnlyWithWhatMoves) {
    // A venue's walls, floor and furniture touch one another everywhere: kept as broadphase
    // pairs, they were thousands checked every step for nothing (7,611 in the concert hall).
    World w;
    addFloor(w);
    addStaticBox(w, vec3(0, 0.5f, 0), vec3(0.5f), quat(1, 0, 0, 0), "crate on the floor");
    addStaticBox(w, vec3(0.9f, 0.5f, 0), vec3(0.5f), quat(1, 0, 0, 0), "crate beside it");
    Entity k = addDynamic(w, vec3(5, 0.5f, 5), Collider{.halfExtents = vec3(0.5f)}, 1, "kinematic door");
    w.get<RigidBody>(k)->type = RigidBody::Type::Kinematic;
    PhysicsWorld p(w);
    p.step();  // pairs are found as a step begins
    EXPECT_EQ(p.broadphasePairs(), 0u) << "three static boxes and a kinematic one resting on the floor";
    // A box dropped onto both crates pairs with each of them (and not with the floor, far below).
    Entity box = addBox(w, vec3(0.45f, 1.6f, 0), vec3(0.5f));
    p.step();
    EXPECT_EQ(p.broadphasePairs(), 2u);
    run(p, 60);
    EXPECT_NEAR(positionOf(w, box).y, 1.5f, 0.05f) << "it rests on the crates";
    // Layers still rule: a box whose mask leaves out the crates' layer pairs with nothing.
    w.get<Collider>(box)->mask = 2u;
    p.step();
    EXPECT_EQ(p.broadphasePairs(), 0u);
}
