// Queries (raycasts, sweeps, overlaps) and trigger volumes.
#include <gtest/gtest.h>

#include "physics_test_util.hpp"

using namespace atrium;
using namespace atrium::test;

namespace {

// Three static boxes in a row along +x at x = 2, 4, 6, on layers 1, 2, 4.
struct Row {
    World w;
    Entity boxes[3];
    Row() {
        for (int i = 0; i < 3; ++i) {
            boxes[i] = addStaticBox(w, vec3(2.0f * float(i + 1), 0, 0), vec3(0.5f));
            w.get<Collider>(boxes[i])->layer = 1u << i;
        }
    }
};

TEST(PhysicsQueries, RaycastReturnsTheNearestEntity) {
    Row r;
    PhysicsWorld p(r.w);
    p.sync();
    auto hit = p.raycast(vec3(0), vec3(1, 0, 0), 100);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, r.boxes[0]);
    EXPECT_NEAR(hit->distance, 1.5f, 1e-3f);
    EXPECT_NEAR(hit->point.x, 1.5f, 1e-3f);
    EXPECT_NEAR(hit->normal.x, -1.0f, 1e-3f);
    // From the other side the last box is nearest.
    hit = p.raycast(vec3(10, 0, 0), vec3(-1, 0, 0), 100);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, r.boxes[2]);
    // Too short, or aimed elsewhere: nothing.
    EXPECT_FALSE(p.raycast(vec3(0), vec3(1, 0, 0), 1.4f));
    EXPECT_FALSE(p.raycast(vec3(0), vec3(0, 1, 0), 100));
    EXPECT_FALSE(p.raycast(vec3(0), vec3(0), 100));
}

TEST(PhysicsQueries, RaycastHonoursTheLayerMask) {
    Row r;
    PhysicsWorld p(r.w);
    p.sync();
    auto hit = p.raycast(vec3(0), vec3(1, 0, 0), 100, 4u);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, r.boxes[2]);
}

TEST(PhysicsQueries, RaycastAllReturnsEveryEntityNearestFirst) {
    Row r;
    PhysicsWorld p(r.w);
    p.sync();
    auto hits = p.raycastAll(vec3(0), vec3(1, 0, 0), 100);
    ASSERT_EQ(hits.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(hits[std::size_t(i)].entity, r.boxes[i]);
    EXPECT_LT(hits[0].distance, hits[1].distance);
    EXPECT_EQ(p.raycastAll(vec3(0), vec3(1, 0, 0), 100, 2u | 4u).size(), 2u);
}

TEST(PhysicsQueries, SphereSweepStopsAtFirstContact) {
    Row r;
    PhysicsWorld p(r.w);
    p.sync();
    // A sphere 0.8 m off-axis still clips the boxes (0.5 half extent + 0.4 radius).
    auto hit = p.sphereSweep(vec3(0, 0.8f, 0), vec3(10, 0.8f, 0), 0.4f);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, r.boxes[0]);
    EXPECT_LT(hit->position.x, 1.5f);
    EXPECT_GT(hit->position.x, 1.0f);
    EXPECT_FALSE(p.sphereSweep(vec3(0, 1.0f, 0), vec3(10, 1.0f, 0), 0.4f));
}

TEST(PhysicsQueries, OverlapsReturnTheEntitiesInside) {
    Row r;
    PhysicsWorld p(r.w);
    p.sync();
    auto inSphere = p.overlapSphere(vec3(3, 0, 0), 1.0f);
    ASSERT_EQ(inSphere.size(), 2u);
    EXPECT_EQ(inSphere[0], r.boxes[0]);
    EXPECT_EQ(inSphere[1], r.boxes[1]);
    auto inBox = p.overlapBox(vec3(6, 0, 0), vec3(0.2f));
    ASSERT_EQ(inBox.size(), 1u);
    EXPECT_EQ(inBox[0], r.boxes[2]);
    EXPECT_TRUE(p.overlapSphere(vec3(0, 5, 0), 1.0f).empty());
    EXPECT_EQ(p.overlapSphere(vec3(3, 0, 0), 1.0f, 2u).size(), 1u);
}

TEST(PhysicsQueries, QueriesSeeMovedAndDynamicBodies) {
    World w;
    addFloor(w);
    Entity box = addBox(w, vec3(0, 5, 0));
    PhysicsWorld p(w);
    run(p, 120);
    auto hit = p.raycast(vec3(0, 10, 0), vec3(0, -1, 0), 20);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, box);
    EXPECT_NEAR(hit->point.y, 1.0f, 0.02f);
}

// ---- triggers

struct TriggerScene {
    World w;
    Entity trigger;
    Entity a, b;
    TriggerScene() {
        w.settings.gravity = vec3(0);
        trigger = w.create("gate");
        w.add<Trigger>(trigger, Trigger{.halfExtents = vec3(1), .event = "gate"});
        // Two kinematic movers, driven through the trigger along x one after the other.
        a = addDynamic(w, vec3(-5, 0, 0), Collider{.shape = Collider::Shape::Sphere, .radius = 0.25f}, 1, "a");
        b = addDynamic(w, vec3(-6, 0, 0.5f), Collider{.shape = Collider::Shape::Sphere, .radius = 0.25f}, 1, "b");
        w.get<RigidBody>(a)->type = w.get<RigidBody>(b)->type = RigidBody::Type::Kinematic;
    }
};

TEST(PhysicsTriggers, EnterAndExitEventsArriveInOrder) {
    TriggerScene s;
    PhysicsWorld p(s.w);
    std::vector<std::pair<TriggerEvent::Type, Entity>> seen;
    for (int i = 0; i <= 120; ++i) {
        s.w.get<Transform>(s.a)->position.x = -5.0f + 0.1f * float(i);
        s.w.get<Transform>(s.b)->position.x = -6.0f + 0.1f * float(i);
        p.clearEvents();
        p.step();
        for (const TriggerEvent& ev : p.events()) {
            EXPECT_EQ(ev.trigger, s.trigger);
            EXPECT_EQ(ev.event, "gate");
            seen.emplace_back(ev.type, ev.other);
        }
    }
    using T = TriggerEvent::Type;
    std::vector<std::pair<T, Entity>> expected = {{T::Enter, s.a}, {T::Enter, s.b}, {T::Exit, s.a}, {T::Exit, s.b}};
    EXPECT_EQ(seen, expected);
}

TEST(PhysicsTriggers, MaskFiltersWhatATriggerNotices) {
    TriggerScene s;
    s.w.get<Collider>(s.b)->layer = 8;
    s.w.get<Trigger>(s.trigger)->mask = ~8u;
    s.w.get<Transform>(s.a)->position = vec3(0);
    s.w.get<Transform>(s.b)->position = vec3(0, 0, 0.5f);
    PhysicsWorld p(s.w);
    p.update(1.0 / 60.0);
    ASSERT_EQ(p.events().size(), 1u);
    EXPECT_EQ(p.events()[0].other, s.a);
}

TEST(PhysicsTriggers, AvatarsTriggerToo) {
    World w;
    addFloor(w);
    Entity zone = w.create("zone");
    w.get<Transform>(zone)->position = vec3(3, 1, 0);
    w.add<Trigger>(zone, Trigger{.halfExtents = vec3(0.5f, 1, 2), .event = "stage"});
    Entity avatar = addAvatar(w, vec3(0, 0, 0));
    PhysicsWorld p(w);
    std::vector<TriggerEvent::Type> seen;
    for (int i = 0; i < 240; ++i) {
        w.get<CharacterController>(avatar)->moveInput = vec3(1, 0, 0);
        p.step();
        for (const TriggerEvent& ev : p.events()) {
            EXPECT_EQ(ev.other, avatar);
            seen.push_back(ev.type);
        }
        p.clearEvents();
    }
    EXPECT_EQ(seen, (std::vector<TriggerEvent::Type>{TriggerEvent::Type::Enter, TriggerEvent::Type::Exit}));
}

TEST(PhysicsTriggers, RemovedTriggerStopsReporting) {
    TriggerScene s;
    s.w.get<Transform>(s.a)->position = vec3(0);
    PhysicsWorld p(s.w);
    p.step();
    EXPECT_EQ(p.events().size(), 1u);
    s.w.remove<Trigger>(s.trigger);
    p.clearEvents();
    s.w.get<Transform>(s.a)->position = vec3(-5, 0, 0);
    run(p, 3);
    EXPECT_TRUE(p.events().empty());
}

}  // namespace
