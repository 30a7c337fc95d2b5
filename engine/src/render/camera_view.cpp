#include "atrium/render/camera_view.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

namespace atrium {

mat4 CameraView::view() const {
    vec3 dir = target - eye;
    vec3 u = up;
    // Looking straight up or down: any perpendicular up vector will do.
    if (glm::length(glm::cross(dir, u)) < 1e-6f * std::max(1.0f, glm::length(dir))) u = vec3(0.0f, 0.0f, -1.0f);
    return glm::lookAtRH(eye, target, u);
}

mat4 CameraView::projection(float aspect) const {
    mat4 p = glm::perspectiveRH_ZO(glm::radians(fovYDegrees), aspect, nearPlane, farPlane);
    p[1][1] *= -1.0f;  // Vulkan's clip space has y pointing down
    return p;
}

std::optional<CameraView> primaryCameraView(const World& world) {
    const ComponentPool<Camera>* pool = world.findPool<Camera>();
    if (!pool || pool->entities().empty()) return std::nullopt;
    auto entities = pool->entities();
    auto comps = pool->components();
    std::size_t pick = 0;
    for (std::size_t i = 0; i < entities.size(); ++i) {
        if (comps[i].primary) {
            pick = i;
            break;
        }
    }
    const mat4& m = world.worldMatrix(entities[pick]);
    CameraView v;
    v.eye = vec3(m[3]);
    v.target = v.eye + glm::normalize(vec3(m * vec4(0.0f, 0.0f, -1.0f, 0.0f)));
    v.up = glm::normalize(vec3(m * vec4(0.0f, 1.0f, 0.0f, 0.0f)));
    v.fovYDegrees = comps[pick].fovYDegrees;
    v.nearPlane = comps[pick].nearPlane;
    v.farPlane = comps[pick].farPlane;
    return v;
}

CameraView frameBounds(const Aabb& bounds, float aspect, float fovYDegrees) {
    CameraView v;
    v.fovYDegrees = fovYDegrees;
    if (bounds.empty()) return v;
    vec3 c = bounds.center();
    float radius = std::max(0.5f * glm::length(bounds.size()), 0.01f);
    // Three-quarter view: in front, to the right and above, like a photo of a model on a table.
    vec3 dir = glm::normalize(vec3(0.55f, 0.42f, 0.72f));
    float fovY = glm::radians(fovYDegrees);
    float fovX = 2.0f * std::atan(std::tan(fovY * 0.5f) * aspect);
    float halfFov = 0.5f * std::min(fovY, fovX);
    float distance = radius / std::sin(halfFov) * 1.02f;
    v.target = c;
    v.eye = c + dir * distance;
    v.nearPlane = std::max(distance - radius * 1.5f, distance * 0.001f);
    v.nearPlane = std::max(v.nearPlane, 0.001f);
    v.farPlane = distance + radius * 2.0f;
    return v;
}

}  // namespace atrium
