// The engine's CPU picking (atrium/runtime/picking.hpp): bounds, then triangles. No GPU.
#include <gtest/gtest.h>

#include "atrium/runtime/picking.hpp"

using namespace atrium;

namespace {

Entity seatAt(World& w, const char* name, vec3 position) {
    Entity e = w.create(name);
    w.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:seat"});
    w.add<Seat>(e);
    w.get<Transform>(e)->position = position;
    return e;
}

}  // namespace

TEST(Picking, AClickPastANearSeatPicksTheSeatWhoseTrianglesItHits) {
    // Two seats side by side (0.55 m apart, as a seating block spaces them), seen from the aisle
    // beyond the near one: the ray enters the near seat's bounds first, above its cushion and
    // arms, and lands on the far seat's arm.
    World w;
    Entity far = seatAt(w, "Seat A1", vec3(0.0f));
    Entity near = seatAt(w, "Seat A2", vec3(0.55f, 0.0f, 0.0f));
    w.updateTransforms();
    PickMeshes meshes;
    vec3 dir = glm::normalize(vec3(-1.0f, -0.3f, 0.0f));
    Ray ray{vec3(5.0f, 0.9f + 0.3f * (5.0f - 0.81f), -0.1f), dir};

    // Where the ray crosses the near seat's outer side it is inside that seat's bounds.
    auto [lo, hi] = meshes.bounds("builtin:seat");
    float t = (0.55f + hi.x - ray.origin.x) / ray.direction.x;
    vec3 entry = ray.origin + t * ray.direction - vec3(0.55f, 0.0f, 0.0f);
    ASSERT_GT(entry.y, lo.y);
    ASSERT_LT(entry.y, hi.y);
    ASSERT_GT(entry.z, lo.z);
    ASSERT_LT(entry.z, hi.z);

    auto hit = pickEntity(w, ray, &meshes);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, far);
    EXPECT_FALSE(rayDistance(w, near, ray, &meshes)) << "the near seat's triangles are missed";
    // The far seat's left arm, inner face (x = -0.21), at about 0.59 m.
    EXPECT_NEAR(hit->point.x, -0.21f, 0.01f);
    EXPECT_GT(hit->point.y, 0.46f);
    EXPECT_LT(hit->point.y, 0.64f);
    EXPECT_NEAR(hit->distance, glm::length(hit->point - ray.origin), 1e-3f);
}

TEST(Picking, ThingsWithoutMeshesArePickedByTheirExtent) {
    World w;
    Entity spawn = w.create("Spawn");
    w.add<SpawnPoint>(spawn);
    w.get<Transform>(spawn)->position = vec3(0, 0, -4);
    Entity door = w.create("Door trigger");
    w.add<Trigger>(door, Trigger{.halfExtents = vec3(1.0f, 2.0f, 0.5f)});
    w.get<Transform>(door)->position = vec3(3, 0, -4);
    w.updateTransforms();
    PickMeshes meshes;
    auto hit = pickEntity(w, Ray{vec3(0, 0, 0), vec3(0, 0, -1)}, &meshes);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, spawn);
    EXPECT_NEAR(hit->distance, 3.75f, 1e-4f);
    hit = pickEntity(w, Ray{vec3(3.5f, 1.5f, 0), vec3(0, 0, -1)}, &meshes);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->entity, door);
    EXPECT_FALSE(pickEntity(w, Ray{vec3(0, 0, 0), vec3(0, 0, 1)}, &meshes));
}

TEST(Picking, HiddenMeshesAndUnloadableOnesFallBackAsDocumented) {
    World w;
    Entity hidden = w.create("Hidden");
    w.add<MeshRenderer>(hidden, MeshRenderer{.mesh = "builtin:box", .visible = false});
    Entity missing = w.create("Missing");
    w.add<MeshRenderer>(missing, MeshRenderer{.mesh = "nowhere.glb"});
    w.get<Transform>(missing)->position = vec3(0, 0, -5);
    w.updateTransforms();
    PickMeshes meshes;
    auto hit = pickEntity(w, Ray{vec3(0, 0, 5), vec3(0, 0, -1)}, &meshes);
    ASSERT_TRUE(hit) << "an unloadable mesh is its unit box";
    EXPECT_EQ(hit->entity, missing);
    EXPECT_NEAR(hit->distance, 9.5f, 1e-4f);
    EXPECT_EQ(meshes.mesh("nowhere.glb"), nullptr);
    EXPECT_NE(meshes.mesh("builtin:box"), nullptr);
}

TEST(Picking, RayThroughTheCentrePixelLooksAtTheTarget) {
    CameraView view{.eye = vec3(0, 2, 10), .target = vec3(0, 1, 0)};
    Ray centre = rayThroughPixel(view, vec2(320, 180), vec2(640, 360));
    EXPECT_NEAR(glm::dot(centre.direction, glm::normalize(view.target - view.eye)), 1.0f, 1e-4f);
    Ray top = rayThroughPixel(view, vec2(320, 0), vec2(640, 360));
    EXPECT_GT(top.direction.y, centre.direction.y) << "pixel rows run downwards";
    Ray left = rayThroughPixel(view, vec2(0, 180), vec2(640, 360));
    EXPECT_LT(left.direction.x, 0.0f);
}
