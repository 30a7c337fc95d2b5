#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "atrium/scene/kit.hpp"

using namespace atrium;

namespace {
vec3 worldPos(World& w, Entity e) {
    w.updateTransforms();
    return vec3(w.worldMatrix(e)[3]);
}
}  // namespace

TEST(Kit, EveryGeneratorProducesChildrenWithDefaults) {
    for (const KitGeneratorInfo& info : kitGenerators()) {
        World w;
        Result<Entity> kit = spawnKit(w, info.id);
        ASSERT_TRUE(kit.ok()) << info.id << ": " << kit.error().toString();
        EXPECT_GT(w.childCount(*kit), 0u) << info.id;
        for (const KitParamSpec& p : info.params) {
            EXPECT_LE(p.minValue, p.defaultValue) << info.id << "." << p.name;
            EXPECT_GE(p.maxValue, p.defaultValue) << info.id << "." << p.name;
        }
    }
}

TEST(Kit, TwoThousandSeatsLieOnTheirArcs) {
    World w;
    const double rows = 40, perRow = 50, arc = 15, rowSpacing = 1.0, rise = 0.2;
    Result<Entity> kit = spawnKit(
        w, "seating_block", {{"rows", rows}, {"seatsPerRow", perRow}, {"arcRadius", arc}, {"rowSpacing", rowSpacing}, {"risePerRow", rise}});
    ASSERT_TRUE(kit.ok()) << kit.error().toString();
    ASSERT_EQ(w.pool<Seat>().size(), 2000u);
    w.updateTransforms();
    const vec3 focus(0, 0, -float(arc));
    std::set<std::pair<int, int>> rowsAndHeights;
    for (Entity seat : w.pool<Seat>().entities()) {
        vec3 p = vec3(w.worldMatrix(seat)[3]);
        float radius = glm::length(vec2(p.x - focus.x, p.z - focus.z));
        int row = int(std::lround((radius - arc) / rowSpacing));
        ASSERT_GE(row, 0);
        ASSERT_LT(row, int(rows));
        EXPECT_NEAR(radius, arc + row * rowSpacing, 1e-3) << "seat off its arc";
        EXPECT_NEAR(p.y, row * rise, 1e-4) << "seat not on its tier";
        // Each seat faces the focus: its forward (-z) points at it.
        vec3 forward = glm::mat3(w.worldMatrix(seat)) * vec3(0, 0, -1);
        vec3 toFocus = glm::normalize(vec3(focus.x - p.x, 0, focus.z - p.z));
        EXPECT_GT(glm::dot(forward, toFocus), 0.999f);
        rowsAndHeights.insert({row, int(std::lround(p.y * 1000))});
    }
    EXPECT_EQ(rowsAndHeights.size(), std::size_t(rows));
}

TEST(Kit, AdjacentSeatsAreSpacedAlongTheArc) {
    World w;
    Result<Entity> kit = spawnKit(w, "seating_block", {{"rows", 1}, {"seatsPerRow", 3}, {"arcRadius", 10}, {"seatSpacing", 0.6}});
    ASSERT_TRUE(kit.ok());
    std::vector<Entity> seats(w.pool<Seat>().entities().begin(), w.pool<Seat>().entities().end());
    ASSERT_EQ(seats.size(), 3u);
    float chord = glm::length(worldPos(w, seats[0]) - worldPos(w, seats[1]));
    EXPECT_NEAR(chord, 2 * 10 * std::sin(0.6 / 10 / 2), 1e-4);  // arc length 0.6 on radius 10
}

TEST(Kit, StraightRowsAreParallelToX) {
    World w;
    ASSERT_TRUE(spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 5}, {"rowSpacing", 1.0}}).ok());
    for (Entity seat : w.pool<Seat>().entities()) {
        vec3 p = worldPos(w, seat);
        float frac = p.z - std::round(p.z);
        EXPECT_NEAR(frac, 0.0f, 1e-5);
    }
}

TEST(Kit, RegenerationKeepsIdsOfUnchangedSeatsAndTheirOccupants) {
    World w;
    Result<Entity> kit = spawnKit(w, "seating_block", {{"rows", 10}, {"seatsPerRow", 10}});
    ASSERT_TRUE(kit.ok());
    Entity outside = w.create("Not part of the kit");
    std::map<StableId, Entity> before;
    for (Entity s : w.pool<Seat>().entities()) before[w.stableId(s)] = s;
    Entity someSeat = w.pool<Seat>().entities()[5];
    w.get<Seat>(someSeat)->occupant = StableId{99};
    StableId someSeatId = w.stableId(someSeat);

    w.get<KitInstance>(*kit)->params["rows"] = 12;
    ASSERT_TRUE(regenerateKit(w, *kit).ok());
    EXPECT_EQ(w.pool<Seat>().size(), 120u);
    for (auto& [id, entity] : before) {
        EXPECT_EQ(w.find(id), entity) << "seat entity replaced instead of kept";
    }
    EXPECT_EQ(w.get<Seat>(w.find(someSeatId))->occupant, StableId{99});
    EXPECT_TRUE(w.alive(outside));

    w.get<KitInstance>(*kit)->params["rows"] = 5;
    ASSERT_TRUE(regenerateKit(w, *kit).ok());
    EXPECT_EQ(w.pool<Seat>().size(), 50u);
    EXPECT_TRUE(w.alive(outside));
}

TEST(Kit, UserChildrenUnderAKitSurviveRegeneration) {
    World w;
    Result<Entity> kit = spawnKit(w, "stage");
    ASSERT_TRUE(kit.ok());
    Entity prop = w.create("Microphone");
    ASSERT_TRUE(w.setParent(prop, *kit).ok());
    w.get<KitInstance>(*kit)->params["width"] = 20;
    ASSERT_TRUE(regenerateKit(w, *kit).ok());
    EXPECT_TRUE(w.alive(prop));
    EXPECT_EQ(w.parent(prop), *kit);
}

TEST(Kit, StageWidthChangesThePlatform) {
    World w;
    Result<Entity> kit = spawnKit(w, "stage", {{"width", 8}});
    ASSERT_TRUE(kit.ok());
    Entity platform = w.findByName("Platform");
    ASSERT_TRUE(platform);
    EXPECT_FLOAT_EQ(w.get<Transform>(platform)->scale.x, 8.0f);
    w.get<KitInstance>(*kit)->params["width"] = 14;
    ASSERT_TRUE(regenerateKit(w, *kit).ok());
    EXPECT_EQ(w.findByName("Platform"), platform);
    EXPECT_FLOAT_EQ(w.get<Transform>(platform)->scale.x, 14.0f);
}

TEST(Kit, ScreenHasAMediaScreenOfTheRequestedSize) {
    World w;
    ASSERT_TRUE(spawnKit(w, "screen", {{"width", 6}, {"height", 3}}).ok());
    ASSERT_EQ(w.pool<MediaScreen>().size(), 1u);
    EXPECT_FLOAT_EQ(w.pool<MediaScreen>().components()[0].width, 6.0f);
    EXPECT_FLOAT_EQ(w.pool<MediaScreen>().components()[0].height, 3.0f);
}

TEST(Kit, LightTrussMakesSpotsAimedDown) {
    World w;
    ASSERT_TRUE(spawnKit(w, "light_truss", {{"lights", 4}}).ok());
    ASSERT_EQ(w.pool<Light>().size(), 4u);
    w.updateTransforms();
    for (Entity e : w.pool<Light>().entities()) {
        vec3 dir = glm::mat3(w.worldMatrix(e)) * vec3(0, 0, -1);
        EXPECT_NEAR(dir.y, -1.0f, 1e-5);
    }
}

TEST(Kit, InvalidParametersAreRejectedWithTheirName) {
    World w;
    Result<Entity> r = spawnKit(w, "seating_block", {{"rows", -1}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().jsonPath, "params.rows");
    EXPECT_EQ(w.entityCount(), 0u);
    Result<Entity> unknown = spawnKit(w, "nope");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("seating_block"), std::string::npos);  // lists the known ones
}

TEST(Kit, ExtraSeatsPerRowWidensBackRows) {
    World w;
    ASSERT_TRUE(spawnKit(w, "seating_block", {{"rows", 3}, {"seatsPerRow", 10}, {"extraSeatsPerRow", 2}}).ok());
    EXPECT_EQ(w.pool<Seat>().size(), 10u + 12u + 14u);
}

TEST(Kit, TierBaseMakesEveryRowStandOnATier) {
    World w;
    Result<Entity> kit = spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 3}, {"risePerRow", 0.5}, {"tierBase", 4}});
    ASSERT_TRUE(kit.ok());
    w.get<Transform>(*kit)->position = vec3(0, 4, 0);
    w.updateTransforms();
    int tiers = 0;
    for (Entity c : w.children(*kit)) {
        if (w.has<Seat>(c) || !w.has<MeshRenderer>(c)) continue;
        ++tiers;
        const Transform* t = w.get<Transform>(c);
        EXPECT_NEAR(w.worldMatrix(c)[3].y - t->scale.y * 0.5f, 0.0f, 1e-4) << "tier does not reach the floor";
    }
    EXPECT_EQ(tiers, 6);
}

TEST(Kit, BodyGridMakesNonOverlappingDynamicBodies) {
    World w;
    ASSERT_TRUE(spawnKit(w, "body_grid", {{"countX", 10}, {"countY", 9}, {"countZ", 10}, {"size", 1}, {"gap", 0.01}}).ok());
    EXPECT_EQ(w.pool<RigidBody>().size(), 900u);
    EXPECT_EQ(w.pool<Collider>().size(), 900u);
    w.updateTransforms();
    float lowest = 1e9f;
    for (Entity e : w.pool<RigidBody>().entities()) lowest = std::min(lowest, w.worldMatrix(e)[3].y);
    EXPECT_NEAR(lowest, 0.5f, 1e-5);  // the bottom layer rests on the ground
}
