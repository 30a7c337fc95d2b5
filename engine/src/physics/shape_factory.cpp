#include "shape_factory.hpp"

#include <BulletCollision/CollisionShapes/btScaledBvhTriangleMeshShape.h>
#include <BulletCollision/CollisionShapes/btShapeHull.h>
#include <algorithm>
#include <cmath>

#include "atrium/assets/asset_cache.hpp"
#include "bullet_math.hpp"

namespace atrium::physics {

// Vertex and index copies owned here, so Bullet's views stay valid however the asset cache
// evolves.
struct ShapeFactory::MeshData {
    std::vector<btScalar> vertices;  // xyz triples
    std::vector<int> indices;
    std::unique_ptr<btTriangleIndexVertexArray> array;
    std::unique_ptr<btBvhTriangleMeshShape> bvh;  // unscaled; instances wrap it with a scale
};

ShapeFactory::ShapeFactory(AssetCache* assets) : assets_(assets) {}
ShapeFactory::~ShapeFactory() = default;

namespace {

// A hull with thousands of points makes every contact test slow; Bullet's own reducer keeps
// the silhouette with far fewer points.
constexpr int kMaxHullPoints = 64;

float maxAbs(float a, float b) { return std::max(std::fabs(a), std::fabs(b)); }

std::unique_ptr<btConvexHullShape> makeHull(const std::vector<btScalar>& vertices) {
    auto hull = std::make_unique<btConvexHullShape>(vertices.data(), int(vertices.size() / 3), int(sizeof(btScalar) * 3));
    if (hull->getNumPoints() <= kMaxHullPoints) return hull;
    btShapeHull reducer(hull.get());
    reducer.buildHull(hull->getMargin());
    return std::make_unique<btConvexHullShape>(reinterpret_cast<const btScalar*>(reducer.getVertexPointer()), reducer.numVertices(),
                                               int(sizeof(btVector3)));
}

}  // namespace

Result<const ShapeFactory::MeshData*> ShapeFactory::meshData(const std::string& ref) {
    if (auto it = meshes_.find(ref); it != meshes_.end()) return static_cast<const MeshData*>(it->second.get());
    if (!assets_) return Error{"mesh collider \"" + ref + "\" needs an AssetCache (PhysicsWorld was made without one)"};
    auto mesh = assets_->resolveMesh(ref);
    if (!mesh) return Error{"mesh collider \"" + ref + "\": " + mesh.error().toString()};
    auto data = std::make_unique<MeshData>();
    for (const MeshPrimitive& prim : mesh->get().primitives) {
        if (prim.mode != PrimitiveMode::Triangles) continue;
        int base = int(data->vertices.size() / 3);
        for (const vec3& p : prim.positions) data->vertices.insert(data->vertices.end(), {p.x, p.y, p.z});
        for (std::size_t i = 0; i + 2 < prim.indices.size(); i += 3) {
            for (std::size_t k = 0; k < 3; ++k) {
                std::uint32_t index = prim.indices[i + k];
                if (index >= prim.positions.size()) return Error{"mesh collider \"" + ref + "\": index out of range"};
                data->indices.push_back(base + int(index));
            }
        }
    }
    if (data->indices.empty()) return Error{"mesh collider \"" + ref + "\": the mesh has no triangles"};
    data->array = std::make_unique<btTriangleIndexVertexArray>(int(data->indices.size() / 3), data->indices.data(), int(3 * sizeof(int)),
                                                               int(data->vertices.size() / 3), data->vertices.data(), int(3 * sizeof(btScalar)));
    data->bvh = std::make_unique<btBvhTriangleMeshShape>(data->array.get(), true);
    const MeshData* out = data.get();
    meshes_.emplace(ref, std::move(data));
    return out;
}

std::unique_ptr<btCollisionShape> ShapeFactory::buildOne(const ColliderPart& part, bool dynamic, const std::string& where,
                                                         std::vector<Error>& errors) {
    const Collider& c = *part.collider;
    const vec3 s = glm::abs(part.scale);
    auto bad = [&](const std::string& what) {
        errors.push_back(Error{where + ": collider: " + what});
        return nullptr;
    };
    switch (c.shape) {
        case Collider::Shape::Box:
            if (glm::any(glm::lessThanEqual(c.halfExtents, vec3(0.0f)))) return bad("box halfExtents must be > 0");
            return std::make_unique<btBoxShape>(toBt(c.halfExtents * s));
        case Collider::Shape::Sphere:
            if (!(c.radius > 0.0f)) return bad("sphere radius must be > 0");
            return std::make_unique<btSphereShape>(c.radius * std::max({s.x, s.y, s.z}));
        case Collider::Shape::Capsule:
            if (!(c.radius > 0.0f) || c.height < 0.0f) return bad("capsule needs radius > 0 and height >= 0");
            return std::make_unique<btCapsuleShape>(c.radius * maxAbs(s.x, s.z), c.height * s.y);
        case Collider::Shape::Cylinder:
            if (glm::any(glm::lessThanEqual(c.halfExtents, vec3(0.0f)))) return bad("cylinder halfExtents must be > 0");
            return std::make_unique<btCylinderShape>(toBt(c.halfExtents * s));
        case Collider::Shape::ConvexHull:
        case Collider::Shape::TriangleMesh: {
            auto data = meshData(c.mesh);
            if (!data) return bad(data.error().message);
            if (c.shape == Collider::Shape::TriangleMesh && !dynamic) {
                return std::make_unique<btScaledBvhTriangleMeshShape>((*data)->bvh.get(), toBt(s));
            }
            if (c.shape == Collider::Shape::TriangleMesh) {
                bad("triangle mesh \"" + c.mesh + "\" on a moving body; using its convex hull (triangle meshes are static only)");
            }
            auto hull = makeHull((*data)->vertices);
            hull->setLocalScaling(toBt(s));
            return hull;
        }
    }
    return bad("unknown shape");
}

ShapeSet ShapeFactory::build(const std::vector<ColliderPart>& parts, bool dynamic, const std::string& where, std::vector<Error>& errors) {
    ShapeSet set;
    std::vector<std::pair<std::size_t, std::unique_ptr<btCollisionShape>>> built;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (auto shape = buildOne(parts[i], dynamic, where, errors)) built.emplace_back(i, std::move(shape));
    }
    if (built.empty()) return set;
    const ColliderPart& first = parts[built[0].first];
    bool identity = first.position + first.collider->offset * first.scale == vec3(0.0f) && first.rotation == quat(1.0f, 0.0f, 0.0f, 0.0f);
    if (built.size() == 1 && identity) {
        set.root = built[0].second.get();
        set.owned.push_back(std::move(built[0].second));
        return set;
    }
    // Static triangle meshes and moving parts mix fine in a compound; Bullet handles the
    // children through their own dispatch.
    auto compound = std::make_unique<btCompoundShape>(true, int(built.size()));
    for (auto& [index, shape] : built) {
        const ColliderPart& p = parts[index];
        vec3 centre = p.position + p.rotation * (p.collider->offset * p.scale);
        compound->addChildShape(toBt(centre, p.rotation), shape.get());
        set.owned.push_back(std::move(shape));
    }
    set.root = compound.get();
    set.owned.push_back(std::move(compound));
    return set;
}

}  // namespace atrium::physics
