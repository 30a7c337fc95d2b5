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

}  // namespace
