#include "mesh_bounds.hpp"

#include "atrium/core/log.hpp"

namespace atrium::editor {

void MeshBounds::setRoot(const std::filesystem::path& root) {
    if (root == cache_.root()) return;
    cache_.setRoot(root);
    cache_.clear();
    known_.clear();
}

std::pair<vec3, vec3> MeshBounds::of(const std::string& meshRef) const {
    if (auto it = known_.find(meshRef); it != known_.end()) return it->second;
    std::pair<vec3, vec3> bounds{vec3(-0.5f), vec3(0.5f)};
    Result<MeshRef> mesh = cache_.resolveMesh(meshRef);
    if (!mesh) {
        logWarn("editor", "picking uses a unit box for \"" + meshRef + "\": " + mesh.error().toString());
    } else if (const Aabb& b = mesh->get().bounds; !b.empty()) {
        bounds = {b.min, b.max};
    }
    known_.emplace(meshRef, bounds);
    return bounds;
}

}  // namespace atrium::editor
