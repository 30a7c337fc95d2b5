// What a click means, from the entity picked: seats (and their parts) sit, one's own seat
// stands, portals are walked into, floors walked to, avatars and walls ignored.
#include <gtest/gtest.h>

#include "click_action.hpp"

using namespace atrium;
using namespace atrium::player;
using Kind = ClickAction::Kind;

namespace {
struct Hall {
    World w;
    Entity floor, seat, cushion, portal, avatar, wall;
    Hall() {
        floor = w.create("Floor");
        w.add<Collider>(floor, Collider{.halfExtents = {20, 0.1f, 20}});
        seat = w.create("Seat A3");
        w.get<Transform>(seat)->position = {4, 0, -2};
        w.add<Seat>(seat);
        cushion = w.create("Cushion");
        EXPECT_TRUE(w.setParent(cushion, seat).ok());
        w.get<Transform>(cushion)->position = {0, 0.45f, 0};
        portal = w.create("Door to the foyer");
        w.get<Transform>(portal)->position = {-6, 1, 0};
        w.add<Portal>(portal, Portal{.venue = "foyer"});
        avatar = w.create("Ada");
        w.add<Avatar>(avatar, Avatar{.displayName = "Ada"});
        wall = w.create("Wall");
        w.updateTransforms();
    }
};
}  // namespace

TEST(ClickAction, ASeatOrItsCushionSitsThereAndOnesOwnSeatStandsUp) {
    Hall h;
    ClickAction a = clickActionFor(h.w, h.cushion, {4, 0.45f, -2}, {}, vec3(0));
    EXPECT_EQ(a.kind, Kind::Sit);
    EXPECT_EQ(a.target, h.seat);
    EXPECT_NEAR(a.point.x, 4.0f, 1e-5f);
    EXPECT_EQ(a.label, "sit on Seat A3");
    ClickAction stand = clickActionFor(h.w, h.cushion, {4, 0.45f, -2}, h.w.stableId(h.seat), vec3(4, 0, -2));
    EXPECT_EQ(stand.kind, Kind::Stand);
    // Someone else's seat (or another one) is a change of seats, not a stand.
    ClickAction other = clickActionFor(h.w, h.seat, {4, 0.45f, -2}, h.w.stableId(h.portal), vec3(0));
    EXPECT_EQ(other.kind, Kind::Sit);
}

TEST(ClickAction, APortalIsWalkedIntoAFloorWalkedToAndTheRestIgnored) {
    Hall h;
    ClickAction p = clickActionFor(h.w, h.portal, {-6, 1, 0.2f}, {}, vec3(0));
    EXPECT_EQ(p.kind, Kind::Portal);
    EXPECT_EQ(p.label, "walk into Door to the foyer to venue foyer");
    EXPECT_NEAR(p.point.x, -6.0f, 1e-5f);
    ClickAction f = clickActionFor(h.w, h.floor, {3, 0.1f, 5}, {}, vec3(0));
    EXPECT_EQ(f.kind, Kind::Walk);
    EXPECT_NEAR(f.point.z, 5.0f, 1e-5f);
    EXPECT_EQ(clickActionFor(h.w, h.floor, {60, 0.1f, 5}, {}, vec3(0)).kind, Kind::None) << "too far to walk to";
    EXPECT_EQ(clickActionFor(h.w, h.wall, {3, 2.5f, 5}, {}, vec3(0)).kind, Kind::None) << "high on a wall";
    EXPECT_EQ(clickActionFor(h.w, h.avatar, {0, 1, 0}, {}, vec3(0)).kind, Kind::None);
    EXPECT_EQ(clickActionFor(h.w, kNullEntity, {0, 0, 0}, {}, vec3(0)).kind, Kind::None);
}
