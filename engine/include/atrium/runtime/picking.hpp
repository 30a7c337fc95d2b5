#pragma once
// Click picking on the CPU: the entity a ray (from a camera through a pixel) hits first. It sees
// what has no surface to draw (lights, spawn points, cameras, triggers, portals), needs no GPU and
// no frame drawn, and is the one picking path of the editor's selection and an attendee app's
// click-to-sit alike.
//
// An entity is hit where the ray enters its local bounds under its world matrix: the mesh's own
// bounds (through PickMeshes; without one, the unit box builtin meshes fill), the extent of a
// trigger, portal or media screen, or a small box for markers (lights, spawn points, cameras,
// seats without a mesh). Where the mesh is loaded, the ray must then hit one of its triangles,
// and the distance is the triangle's: among many close seats, the one whose triangles are under
// the mouse wins, not the one whose bounds begin nearest.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/core/math.hpp"
#include "atrium/render/camera_view.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

// The mesh references of a World resolved once for picking: each reference's local bounds and,
// when it loads, its triangles. A reference that cannot be loaded, or has no extent, counts as
// the unit box (with a warning) and is picked by that box alone.
class PickMeshes {
public:
    // Owns an asset cache; relative references resolve against `root` (the venue's folder).
    explicit PickMeshes(std::filesystem::path root = {});
    // Shares an app's cache (e.g. Renderer::assets(), so each mesh is loaded once); `shared`
    // must outlive this.
    explicit PickMeshes(AssetCache& shared);

    // A new root forgets what was resolved against the old one (and re-roots a shared cache).
    void setRoot(const std::filesystem::path& root);
    const std::filesystem::path& root() const { return cache_->root(); }

    std::pair<vec3, vec3> bounds(const std::string& meshRef) const;
    // The loaded mesh, or null when the reference does not load.
    const Mesh* mesh(const std::string& meshRef) const;
    std::size_t known() const { return known_.size(); }

private:
    struct Entry {
        std::pair<vec3, vec3> bounds;
        MeshRef mesh;  // model is null when the reference did not load
    };
    const Entry& resolve(const std::string& meshRef) const;

    std::unique_ptr<AssetCache> owned_;
    AssetCache* cache_ = nullptr;
    mutable std::unordered_map<std::string, Entry> known_;
};

struct PickHit {
    Entity entity;
    float distance = 0.0f;  // metres along the ray
    vec3 point{0.0f};       // where the ray hits it, in world space
};

// The entity's local-space pick bounds, or nothing when it has nothing to click on (no mesh or
// a hidden one, and no trigger, portal, screen or marker).
std::optional<std::pair<vec3, vec3>> pickBounds(const World& world, Entity e, const PickMeshes* meshes = nullptr);

// How far along the ray it hits one entity (bounds, then triangles where the mesh is loaded).
// Uses the World's cached world matrices (call updateTransforms() first), as pickEntity does.
std::optional<float> rayDistance(const World& world, Entity e, const Ray& ray, const PickMeshes* meshes = nullptr);

// The nearest entity the ray hits. Without `meshes`, meshes are their unit boxes.
std::optional<PickHit> pickEntity(const World& world, const Ray& ray, const PickMeshes* meshes = nullptr);

// The ray from the view's eye through a pixel of an image `size` pixels large (origin top-left,
// as mouse positions and renderOffscreen images are).
Ray rayThroughPixel(const CameraView& view, vec2 pixel, vec2 size);

}  // namespace atrium
