#include "picking.hpp"

#include <algorithm>
#include <limits>

namespace atrium::editor {

namespace {

constexpr float kMarkerHalfSize = 0.25f;

// Slab test against an axis-aligned box in the ray's space; returns the entry parameter.
std::optional<float> hitBox(vec3 origin, vec3 dir, vec3 lo, vec3 hi) {
    float tNear = -std::numeric_limits<float>::infinity(), tFar = std::numeric_limits<float>::infinity();
    for (int a = 0; a < 3; ++a) {
        if (std::abs(dir[a]) < 1e-12f) {
            if (origin[a] < lo[a] || origin[a] > hi[a]) return std::nullopt;
            continue;
        }
        float t1 = (lo[a] - origin[a]) / dir[a], t2 = (hi[a] - origin[a]) / dir[a];
        if (t1 > t2) std::swap(t1, t2);
        tNear = std::max(tNear, t1);
        tFar = std::min(tFar, t2);
        if (tNear > tFar) return std::nullopt;
    }
    if (tFar < 0.0f) return std::nullopt;
    return std::max(tNear, 0.0f);
}

}  // namespace

std::optional<std::pair<vec3, vec3>> pickBounds(const World& world, Entity e, const MeshBounds* meshes) {
    if (const MeshRenderer* m = world.get<MeshRenderer>(e); m && m->visible && !m->mesh.empty()) {
        return meshes ? meshes->of(m->mesh) : std::pair{vec3(-0.5f), vec3(0.5f)};
    }
    if (const Trigger* t = world.get<Trigger>(e)) return std::pair{-t->halfExtents, t->halfExtents};
    if (const Portal* p = world.get<Portal>(e)) return std::pair{-p->halfExtents, p->halfExtents};
    if (const MediaScreen* s = world.get<MediaScreen>(e)) {
        vec3 h(s->width * 0.5f, s->height * 0.5f, 0.02f);
        return std::pair{-h, h};
    }
    if (world.has<Light>(e) || world.has<SpawnPoint>(e) || world.has<Camera>(e) || world.has<Seat>(e)) {
        return std::pair{vec3(-kMarkerHalfSize), vec3(kMarkerHalfSize)};
    }
    return std::nullopt;
}

std::optional<float> rayDistance(const World& world, Entity e, const Ray& ray, const MeshBounds* meshes) {
    auto bounds = pickBounds(world, e, meshes);
    if (!bounds) return std::nullopt;
    mat4 inv = glm::inverse(world.worldMatrix(e));
    vec3 o = vec3(inv * vec4(ray.origin, 1.0f));
    vec3 d = vec3(inv * vec4(ray.direction, 0.0f));  // not normalised: t stays in world metres
    return hitBox(o, d, bounds->first, bounds->second);
}

StableId selectableOf(const World& world, Entity e) {
    // Generated pieces are derived data: select the kit that made them.
    if (const Generated* g = world.get<Generated>(e); g && world.find(g->kit)) return g->kit;
    return world.stableId(e);
}

std::optional<Pick> pickEntity(const World& world, const Ray& ray, const MeshBounds* meshes) {
    std::optional<Pick> best;
    world.forEachEntity([&](Entity e) {
        auto t = rayDistance(world, e, ray, meshes);
        if (!t || (best && *t >= best->distance)) return;
        best = Pick{world.stableId(e), *t, world.stableId(e)};
    });
    if (best) best->entity = selectableOf(world, world.find(best->hit));
    return best;
}

std::optional<Pick> combinePicks(const World& world, const Ray& ray, Entity surface, const std::optional<Pick>& bounds,
                                 const MeshBounds* meshes) {
    std::optional<Pick> chosen;
    if (surface && world.alive(surface)) {
        chosen = Pick{selectableOf(world, surface), rayDistance(world, surface, ray, meshes).value_or(0.0f), world.stableId(surface)};
    }
    if (bounds) {
        Entity hit = world.find(bounds->hit);
        bool surfaceless = hit && !world.has<MeshRenderer>(hit);
        if (surfaceless && (!chosen || bounds->distance < chosen->distance)) chosen = bounds;
    }
    return chosen;
}

std::optional<std::pair<vec3, float>> boundsOf(const World& world, const std::vector<StableId>& ids,
                                               const MeshBounds* meshes) {
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
