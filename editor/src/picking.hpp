#pragma once
// Click-to-select on the engine's one picking path (atrium/runtime/picking.hpp: bounds, then the
// mesh's triangles where it is loaded; lights, spawn points and triggers included), plus the
// editor's own rule: a generated piece (a seat of a seating block) selects its kit, which is
// what the user edits.
#include <optional>
#include <utility>
#include <vector>

#include "atrium/runtime/picking.hpp"
#include "atrium/scene/world.hpp"
#include "editor_camera.hpp"
#include "mesh_bounds.hpp"

namespace atrium::editor {

struct Pick {
    StableId entity;        // what to select: a generated piece's kit
    float distance = 0.0f;  // metres along the ray
    StableId hit;           // what the ray hit (the piece itself)
};

// What a click along `ray` selects. Uses the World's cached world matrices (call
// updateTransforms() first).
std::optional<Pick> pickSelectable(const World& world, const Ray& ray, const MeshBounds* meshes = nullptr);

// What clicking `e` selects: the kit that generated it, or itself.
StableId selectableOf(const World& world, Entity e);

// Centre and radius of a sphere around the entities' bounds (for framing with F).
std::optional<std::pair<vec3, float>> boundsOf(const World& world, const std::vector<StableId>& ids, const MeshBounds* meshes = nullptr);

}  // namespace atrium::editor
