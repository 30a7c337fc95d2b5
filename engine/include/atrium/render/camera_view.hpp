#pragma once
// Where the renderer looks from: an eye, a target and a lens.
#include <optional>

#include "atrium/core/math.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

struct CameraView {
    vec3 eye{0.0f, 1.7f, 5.0f};
    vec3 target{0.0f, 1.0f, 0.0f};
    vec3 up{0.0f, 1.0f, 0.0f};
    float fovYDegrees = 60.0f;
    float nearPlane = 0.05f;
    float farPlane = 1000.0f;

    mat4 view() const;
    // Vulkan clip space: y down, depth 0..1.
    mat4 projection(float aspect) const;
};

// The primary Camera entity (or the first camera) as a view, from its world matrix; looks
// along the entity's -Z as glTF cameras do. Call World::updateTransforms() first.
std::optional<CameraView> primaryCameraView(const World& world);

// The bounds of everything visible (MeshRenderer entities, meshes resolved through the
// renderer's asset cache) are computed by the renderer; this frames a box from a three-quarter
// view above and in front so the whole box fits the view at the given aspect.
CameraView frameBounds(const Aabb& bounds, float aspect, float fovYDegrees = 45.0f);

}  // namespace atrium
