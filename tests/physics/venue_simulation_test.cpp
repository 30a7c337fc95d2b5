// The sample physics playground venue (901-cube pile, towers, ramps) simulated end to end.
#include <gtest/gtest.h>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/scene/venue_file.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;

TEST(VenueSimulation, PhysicsPlaygroundSettlesWithNothingFallingThroughTheGround) {
    const char* path = ATRIUM_SOURCE_DIR "/samples/physics_playground/physics_playground.venue.json";
    auto loaded = loadVenue(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    World& w = *loaded;
    AssetCache assets(ATRIUM_SOURCE_DIR "/samples/physics_playground");
    PhysicsWorld p(w, &assets);
    p.sync();
    EXPECT_TRUE(p.errors().empty()) << p.errors().front().toString();
    std::size_t dynamicBodies = 0;
    w.each<RigidBody>([&](Entity e, RigidBody& rb) {
        if (rb.type == RigidBody::Type::Dynamic && p.isSimulated(e)) ++dynamicBodies;
    });
    EXPECT_GE(dynamicBodies, 901u);

    Entity player = w.findByName("Player cube");
    ASSERT_TRUE(player);
    float startX = w.get<Transform>(player)->position.x;
    for (int i = 0; i < 180; ++i) p.step();
    EXPECT_GT(w.get<Transform>(player)->position.x, startX + 3.0f);
    w.updateTransforms();
    w.each<RigidBody>([&](Entity e, RigidBody& rb) {
        if (rb.type != RigidBody::Type::Dynamic) return;
        EXPECT_GT(w.worldMatrix(e)[3].y, 0.0f) << "entity " << toHex(w.stableId(e)) << " fell through the ground";
    });
}
