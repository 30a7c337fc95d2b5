#include "atrium/runtime/picking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "atrium/core/log.hpp"

namespace atrium {

namespace {

constexpr float kMarkerHalfSize = 0.25f;
const std::pair<vec3, vec3> kUnitBox{vec3(-0.5f), vec3(0.5f)};

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

// Moller-Trumbore, both faces (a click hits a seat's back as well as its front).
std::optional<float> hitTriangle(vec3 origin, vec3 dir, vec3 a, vec3 b, vec3 c) {
    vec3 e1 = b - a, e2 = c - a;
    vec3 p = glm::cross(dir, e2);
    float det = glm::dot(e1, p);
    if (std::abs(det) < 1e-12f) return std::nullopt;  // parallel to the triangle, or degenerate
    float inv = 1.0f / det;
    vec3 s = origin - a;
    float u = glm::dot(s, p) * inv;
    if (u < 0.0f || u > 1.0f) return std::nullopt;
    vec3 q = glm::cross(s, e1);
    float v = glm::dot(dir, q) * inv;
    if (v < 0.0f || u + v > 1.0f) return std::nullopt;
    float t = glm::dot(e2, q) * inv;
    if (t < 0.0f) return std::nullopt;
    return t;
}

struct TriangleHit {
    bool hasTriangles = false;  // false: the mesh is points or lines, pick it by its bounds
    std::optional<float> t;
};

TriangleHit hitMesh(const Mesh& mesh, vec3 origin, vec3 dir) {
    TriangleHit out;
    for (const MeshPrimitive& prim : mesh.primitives) {
        if (prim.mode != PrimitiveMode::Triangles) continue;
        out.hasTriangles = true;
        const std::vector<vec3>& pos = prim.positions;
        for (std::size_t i = 0; i + 2 < prim.indices.size(); i += 3) {
            std::uint32_t ia = prim.indices[i], ib = prim.indices[i + 1], ic = prim.indices[i + 2];
            if (ia >= pos.size() || ib >= pos.size() || ic >= pos.size()) continue;
            auto t = hitTriangle(origin, dir, pos[ia], pos[ib], pos[ic]);
            if (t && (!out.t || *t < *out.t)) out.t = t;
        }
    }
    return out;
}

// The ray in the entity's local space: the direction is not normalised, so a parameter t is the
// same distance in metres in both spaces.
Ray localRay(const World& world, Entity e, const Ray& ray) {
    mat4 inv = glm::inverse(world.worldMatrix(e));
    return Ray{vec3(inv * vec4(ray.origin, 1.0f)), vec3(inv * vec4(ray.direction, 0.0f))};
}

const Mesh* pickMesh(const World& world, Entity e, const PickMeshes* meshes) {
    if (!meshes) return nullptr;
    const MeshRenderer* m = world.get<MeshRenderer>(e);
    return m && m->visible && !m->mesh.empty() ? meshes->mesh(m->mesh) : nullptr;
}

// After the bounds were entered at `entry`: the exact distance, or nothing if the mesh's
// triangles are missed.
std::optional<float> refine(const World& world, Entity e, const Ray& local, float entry, const PickMeshes* meshes) {
    const Mesh* mesh = pickMesh(world, e, meshes);
    if (!mesh) return entry;
    TriangleHit hit = hitMesh(*mesh, local.origin, local.direction);
    if (!hit.hasTriangles) return entry;
    return hit.t;
}

}  // namespace

PickMeshes::PickMeshes(std::filesystem::path root) : owned_(std::make_unique<AssetCache>(std::move(root))), cache_(owned_.get()) {}

PickMeshes::PickMeshes(AssetCache& shared) : cache_(&shared) {}

void PickMeshes::setRoot(const std::filesystem::path& root) {
    if (root == cache_->root()) return;
    cache_->setRoot(root);
    if (owned_) owned_->clear();
    known_.clear();
}

const PickMeshes::Entry& PickMeshes::resolve(const std::string& meshRef) const {
    if (auto it = known_.find(meshRef); it != known_.end()) return it->second;
    Entry entry{kUnitBox, {}};
    Result<MeshRef> mesh = cache_->resolveMesh(meshRef);
    if (!mesh) {
        logWarn("picking", "picking uses a unit box for \"" + meshRef + "\": " + mesh.error().toString());
    } else if (const Aabb& b = mesh->get().bounds; !b.empty()) {
        entry = Entry{{b.min, b.max}, *mesh};
    }
    return known_.emplace(meshRef, std::move(entry)).first->second;
}

std::pair<vec3, vec3> PickMeshes::bounds(const std::string& meshRef) const { return resolve(meshRef).bounds; }

const Mesh* PickMeshes::mesh(const std::string& meshRef) const {
    const Entry& entry = resolve(meshRef);
    return entry.mesh.model ? &entry.mesh.get() : nullptr;
}

std::optional<std::pair<vec3, vec3>> pickBounds(const World& world, Entity e, const PickMeshes* meshes) {
    if (const MeshRenderer* m = world.get<MeshRenderer>(e); m && m->visible && !m->mesh.empty()) {
        return meshes ? meshes->bounds(m->mesh) : kUnitBox;
    }
    if (const Trigger* t = world.get<Trigger>(e)) return std::pair{-t->halfExtents, t->halfExtents};
    if (const StageZone* z = world.get<StageZone>(e)) return std::pair{-z->halfExtents, z->halfExtents};
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

std::optional<float> rayDistance(const World& world, Entity e, const Ray& ray, const PickMeshes* meshes) {
    auto bounds = pickBounds(world, e, meshes);
    if (!bounds) return std::nullopt;
    Ray local = localRay(world, e, ray);
    auto entry = hitBox(local.origin, local.direction, bounds->first, bounds->second);
    if (!entry) return std::nullopt;
    return refine(world, e, local, *entry, meshes);
}

std::optional<PickHit> pickEntity(const World& world, const Ray& ray, const PickMeshes* meshes) {
    // Bounds first, for every entity; triangles only for the boxes entered, nearest box first,
    // until the next box begins beyond the best hit.
    struct Candidate {
        Entity entity;
        float entry;
        Ray local;
    };
    std::vector<Candidate> candidates;
    world.forEachEntity([&](Entity e) {
        auto bounds = pickBounds(world, e, meshes);
        if (!bounds) return;
        Ray local = localRay(world, e, ray);
        if (auto entry = hitBox(local.origin, local.direction, bounds->first, bounds->second)) {
            candidates.push_back({e, *entry, local});
        }
    });
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) { return a.entry < b.entry; });
    std::optional<PickHit> best;
    for (const Candidate& c : candidates) {
        if (best && c.entry >= best->distance) break;
        auto t = refine(world, c.entity, c.local, c.entry, meshes);
        if (t && (!best || *t < best->distance)) best = PickHit{c.entity, *t, ray.origin + ray.direction * *t};
    }
    return best;
}

Ray rayThroughPixel(const CameraView& view, vec2 pixel, vec2 size) {
    vec2 extent = glm::max(size, vec2(1.0f));
    mat4 inv = glm::inverse(view.projection(extent.x / extent.y) * view.view());
    // Vulkan clip space: y points down, as pixel rows do; depth runs 0 (near) to 1 (far).
    float nx = pixel.x / extent.x * 2.0f - 1.0f;
    float ny = pixel.y / extent.y * 2.0f - 1.0f;
    vec4 a = inv * vec4(nx, ny, 0.0f, 1.0f);
    vec4 b = inv * vec4(nx, ny, 1.0f, 1.0f);
    return Ray{view.eye, glm::normalize(vec3(b) / b.w - vec3(a) / a.w)};
}

}  // namespace atrium
