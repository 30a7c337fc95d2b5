#pragma once
// Builds Bullet shapes from Collider components. Triangle-mesh data is shared per mesh
// reference (a venue uses one stair mesh many times); every shape a body uses is owned by a
// ShapeSet, so destroying the body frees exactly what it made.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <btBulletDynamicsCommon.h>

#include "atrium/core/error.hpp"
#include "atrium/scene/components.hpp"

namespace atrium {
class AssetCache;
}

namespace atrium::physics {

// The shapes of one body: `root` is what the btRigidBody uses; `owned` keeps children alive.
struct ShapeSet {
    btCollisionShape* root = nullptr;
    std::vector<std::unique_ptr<btCollisionShape>> owned;
};

// One collider of a body with its pose relative to the body's origin (metres, unscaled) and the
// scale to apply to the collider's dimensions.
struct ColliderPart {
    const Collider* collider = nullptr;
    vec3 position{0.0f};
    quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
    vec3 scale{1.0f};
};

class ShapeFactory {
public:
    explicit ShapeFactory(AssetCache* assets);
    ~ShapeFactory();

    // Builds the body shape. `dynamic` bodies cannot use triangle meshes (Bullet only collides
    // those as static geometry); they fall back to a convex hull with an error. Colliders that
    // cannot be built are skipped with an error in `errors`, naming `where`.
    ShapeSet build(const std::vector<ColliderPart>& parts, bool dynamic, const std::string& where, std::vector<Error>& errors);

private:
    struct MeshData;
    std::unique_ptr<btCollisionShape> buildOne(const ColliderPart& part, bool dynamic, const std::string& where, std::vector<Error>& errors);
    Result<const MeshData*> meshData(const std::string& ref);

    AssetCache* assets_;
    std::unordered_map<std::string, std::unique_ptr<MeshData>> meshes_;
};

}  // namespace atrium::physics
