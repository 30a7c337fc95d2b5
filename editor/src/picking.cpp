#include "picking.hpp"

#include <algorithm>
#include <limits>

namespace atrium::editor {

namespace {

constexpr float kMarkerHalfSize = 0.25f;

}  // namespace

StableId selectableOf(const World& world, Entity e) {
    // Generated pieces are derived data: select the kit that made them.
    if (const Generated* g = world.get<Generated>(e); g && world.find(g->kit)) return g->kit;
    return world.stableId(e);
}

std::optional<Pick> pickSelectable(const World& world, const Ray& ray, const MeshBounds* meshes) {
    std::optional<PickHit> hit = pickEntity(world, ray, meshes);
    if (!hit) return std::nullopt;
    return Pick{selectableOf(world, hit->entity), hit->distance, world.stableId(hit->entity)};
}

std::optional<std::pair<vec3, float>> boundsOf(const World& world, const std::vector<StableId>& ids, const MeshBounds* meshes) {
    vec3 lo(std::numeric_limits<float>::max()), hi(-std::numeric_limits<float>::max());
    bool any = false;
    auto include = [&](Entity e) {
        auto b = pickBounds(world, e, meshes).value_or(std::pair{vec3(-kMarkerHalfSize), vec3(kMarkerHalfSize)});
        const mat4& m = world.worldMatrix(e);
        for (int c = 0; c < 8; ++c) {
            vec3 corner((c & 1) ? b.second.x : b.first.x, (c & 2) ? b.second.y : b.first.y, (c & 4) ? b.second.z : b.first.z);
            vec3 p = vec3(m * vec4(corner, 1.0f));
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
        any = true;
    };
    for (StableId id : ids) {
        Entity e = world.find(id);
        if (!e) continue;
        include(e);
        for (Entity c : world.children(e)) include(c);  // a kit's extent is its pieces
    }
    if (!any) return std::nullopt;
    return std::pair{(lo + hi) * 0.5f, std::max(glm::length(hi - lo) * 0.5f, 0.5f)};
}

}  // namespace atrium::editor
