#pragma once
// Click-to-select: the nearest entity whose bounds a viewport ray hits. Bounds are the mesh's
// own (through MeshBounds; without one, the unit box builtin meshes fill) or the extent of a trigger, portal or screen, and a
// small box for markers without geometry (lights, spawn points, cameras), all under the entity's
// world matrix. A generated piece (a seat of a seating block) picks its kit, which is what the
// user edits.
#include <optional>

#include "atrium/scene/world.hpp"
#include "editor_camera.hpp"
#include "mesh_bounds.hpp"

namespace atrium::editor {

struct Pick {
    StableId entity;        // what to select: a generated piece's kit
    float distance = 0.0f;  // metres along the ray
    StableId hit;           // what the ray hit (the piece itself)
};

// The entity's local-space bounds, or nothing if it has nothing to click on.
std::optional<std::pair<vec3, vec3>> pickBounds(const World& world, Entity e, const MeshBounds* meshes = nullptr);

// Uses the World's cached world matrices (call updateTransforms() first).
std::optional<Pick> pickEntity(const World& world, const Ray& ray, const MeshBounds* meshes = nullptr);

// Where the ray enters one entity's bounds, if it does.
std::optional<float> rayDistance(const World& world, Entity e, const Ray& ray, const MeshBounds* meshes = nullptr);

// What clicking `e` selects: the kit that generated it, or itself.
StableId selectableOf(const World& world, Entity e);

// Combines a pixel-exact pick of the rendered surfaces (`surface`: the entity drawn under the
// mouse, null for the sky) with the bounds pick, which alone sees things without a surface
// (lights, spawn points, triggers): those win where they are nearer.
std::optional<Pick> combinePicks(const World& world, const Ray& ray, Entity surface, const std::optional<Pick>& bounds,
                                 const MeshBounds* meshes = nullptr);

// Centre and radius of a sphere around the entities' bounds (for framing with F).
std::optional<std::pair<vec3, float>> boundsOf(const World& world, const std::vector<StableId>& ids,
                                               const MeshBounds* meshes = nullptr);

}  // namespace atrium::editor
