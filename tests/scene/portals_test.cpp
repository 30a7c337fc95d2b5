// The portal behaviour shared by play mode and the samples.
#include <gtest/gtest.h>

#include "atrium/scene/rules/portals.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;

namespace {

struct TwoRooms {
    World world;
    Entity portalA, portalB, walker;
    TwoRooms() {
        portalA = world.create("Portal A");
        portalB = world.create("Portal B");
        world.get<Transform>(portalA)->position = {10, 1.25f, 0};
        world.get<Transform>(portalB)->position = {60, 1.25f, 0};
        world.add<Portal>(portalA, Portal{.target = world.stableId(portalB)});
        world.add<Portal>(portalB, Portal{.target = world.stableId(portalA)});
        walker = world.create("Walker");
        world.updateTransforms();
    }
    void moveWalker(vec3 p) {
        world.get<Transform>(walker)->position = p;
        world.updateTransforms();
    }
};

}  // namespace

TEST(PortalTravel, OutsideEveryPortalNothingHappens) {
    TwoRooms r;
    PortalTraveller t;
    r.moveWalker({0, 0, 0});
    EXPECT_FALSE(followPortals(r.world, r.walker, t).has_value());
    EXPECT_EQ(r.world.get<Transform>(r.walker)->position, vec3(0, 0, 0));
}

TEST(PortalTravel, WalkingInMovesToTheTargetWithoutBouncingBack) {
    TwoRooms r;
    PortalTraveller t;
    r.moveWalker({10, 0, 0});
    auto visit = followPortals(r.world, r.walker, t);
    ASSERT_TRUE(visit.has_value());
    EXPECT_TRUE(visit->moved);
    EXPECT_EQ(visit->portal, r.world.stableId(r.portalA));
    EXPECT_EQ(r.world.get<Transform>(r.walker)->position, vec3(60, 1.25f, 0));
    // Standing in the arrival portal does not send it back...
    EXPECT_FALSE(followPortals(r.world, r.walker, t).has_value());
    // ...but leaving and walking in again does.
    r.moveWalker({55, 0, 0});
    EXPECT_FALSE(followPortals(r.world, r.walker, t).has_value());
    r.moveWalker({60, 0, 0.1f});
    auto back = followPortals(r.world, r.walker, t);
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->moved);
    EXPECT_EQ(r.world.get<Transform>(r.walker)->position, vec3(10, 1.25f, 0));
}

TEST(PortalTravel, PortalToAnotherVenueOnlyReports) {
    TwoRooms r;
    r.world.get<Portal>(r.portalA)->venue = "expo.venue.json";
    PortalTraveller t;
    r.moveWalker({10, 0, 0});
    auto visit = followPortals(r.world, r.walker, t);
    ASSERT_TRUE(visit.has_value());
    EXPECT_FALSE(visit->moved);
    EXPECT_EQ(visit->venue, "expo.venue.json");
    EXPECT_EQ(r.world.get<Transform>(r.walker)->position, vec3(10, 0, 0));
}

TEST(PortalTravel, MissingTargetIsReportedNotFollowed) {
    TwoRooms r;
    r.world.destroy(r.portalB);
    PortalTraveller t;
    r.moveWalker({10, 0, 0});
    auto visit = followPortals(r.world, r.walker, t);
    ASSERT_TRUE(visit.has_value());
    EXPECT_FALSE(visit->moved);
    EXPECT_EQ(r.world.get<Transform>(r.walker)->position, vec3(10, 0, 0));
}
