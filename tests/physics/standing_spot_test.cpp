// Room for a character to arrive: spawn points inside geometry are moved to the nearest spot
// where a capsule fits, on the ground, instead of being flung out by the controller.
#include <gtest/gtest.h>

#include "atrium/physics/standing_spot.hpp"
#include "physics_test_util.hpp"

using namespace atrium;
using namespace atrium::test;

TEST(StandingSpot, AFreeSpotIsKeptAndAKerbBelowTheStepHeightDoesNotBlockIt) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(0.2f, 0.1f, 0), vec3(0.5f, 0.1f, 0.5f), quat(1, 0, 0, 0), "kerb");  // 0.2 m: a step
    PhysicsWorld p(w);
    p.sync();
    EXPECT_TRUE(standingOverlaps(p, vec3(0)).empty());
    std::optional<vec3> spot = findStandingSpot(p, vec3(0), 5.0f);
    ASSERT_TRUE(spot);
    EXPECT_EQ(*spot, vec3(0));
}

TEST(StandingSpot, InsideABlockTheNearestSpotOutsideItOnTheGroundIsChosen) {
    World w;
    addFloor(w);
    // A solid rake 3 m high: from x = -1 to 8 across the spawn at the origin.
    Entity rake = addStaticBox(w, vec3(3.5f, 1.5f, 0), vec3(4.5f, 1.5f, 6), quat(1, 0, 0, 0), "rake");
    PhysicsWorld p(w);
    p.sync();
    std::vector<Entity> inside = standingOverlaps(p, vec3(0));
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0], rake);
    std::optional<vec3> spot = findStandingSpot(p, vec3(0), 5.0f);
    ASSERT_TRUE(spot);
    EXPECT_TRUE(standingOverlaps(p, *spot).empty());
    EXPECT_LE(spot->x, -1.0f - CharacterController{}.radius + 1e-3f) << "out of the rake on its near side";
    EXPECT_LT(glm::length(*spot), 2.0f) << "the nearest way out is 1.3 m to -x, not around the far side";
    EXPECT_NEAR(spot->y, 0.0f, 1e-3f) << "on the floor, not on top of the rake";
}

TEST(StandingSpot, NoRoomWithinTheSearchGivesNothing) {
    World w;
    addFloor(w);
    addStaticBox(w, vec3(0, 1.5f, 0), vec3(10, 1.5f, 10), quat(1, 0, 0, 0), "hall-wide block");
    PhysicsWorld p(w);
    p.sync();
    EXPECT_FALSE(findStandingSpot(p, vec3(0), 5.0f).has_value());
}
