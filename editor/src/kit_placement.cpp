#include "kit_placement.hpp"

#include <cmath>

#include "atrium/scene/kit.hpp"
#include "picking.hpp"

namespace atrium::editor {

Result<StableId> placeKit(Document& doc, const std::string& generatorId, vec3 position) {
    std::string label = generatorId;
    for (const KitGeneratorInfo& g : kitGenerators()) {
        if (g.id == generatorId) label = g.label;
    }
    Command create = makeCreate(label, {}, {KitInstance{generatorId, {}, ""}});
    auto& created = std::get<CreateEntities>(create).tree.entities.front();
    for (ComponentValue& c : created.components) {
        if (auto* t = std::get_if<Transform>(&c)) t->position = position;
    }
    StableId id = created.id;
    if (Status s = doc.execute(std::move(create)); !s.ok()) return s.error();
    doc.selection().select(id);
    return id;
}

std::optional<vec3> kitDropPoint(const World& world, const EditorCamera& camera, const ViewRect& view, vec2 mouse, const SnapSettings& snap,
                                 bool invertSnap, const MeshBounds* meshes) {
    if (!view.contains(mouse)) return std::nullopt;
    Ray ray = camera.rayThrough(mouse, view);
    std::optional<vec3> point;
    if (auto hit = pickEntity(world, ray, meshes)) point = ray.origin + ray.direction * hit->distance;
    if (!point) {
        // Nothing under the mouse: the ground plane, if the ray goes down to it.
        if (ray.direction.y > -1e-4f) return std::nullopt;
        float t = -ray.origin.y / ray.direction.y;
        if (t < 0.0f) return std::nullopt;
        point = ray.origin + ray.direction * t;
    }
    bool snapping = snap.enabled != invertSnap;
    if (snapping && snap.grid > 0.0f) {
        point->x = std::round(point->x / snap.grid) * snap.grid;
        point->z = std::round(point->z / snap.grid) * snap.grid;
    }
    return point;
}

}  // namespace atrium::editor
