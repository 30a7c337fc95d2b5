#include "editor_camera.hpp"

#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

namespace atrium::editor {

namespace {
constexpr float kOrbitDegreesPerPixel = 0.3f;
constexpr float kNear = 0.05f;
constexpr float kFar = 5000.0f;
}  // namespace

vec3 EditorCamera::forward() const {
    float yaw = glm::radians(yawDegrees), pitch = glm::radians(pitchDegrees);
    return -vec3(std::cos(pitch) * std::sin(yaw), std::sin(pitch), std::cos(pitch) * std::cos(yaw));
}

vec3 EditorCamera::position() const { return target - forward() * distance; }

mat4 EditorCamera::view() const { return glm::lookAt(position(), target, vec3(0, 1, 0)); }

mat4 EditorCamera::projection(float aspect) const { return glm::perspective(glm::radians(fovYDegrees), std::max(aspect, 1e-3f), kNear, kFar); }

void EditorCamera::orbit(vec2 d) {
    yawDegrees -= d.x * kOrbitDegreesPerPixel;
    pitchDegrees = std::clamp(pitchDegrees + d.y * kOrbitDegreesPerPixel, -89.0f, 89.0f);
}

void EditorCamera::pan(vec2 d, const ViewRect& r) {
    // One pixel moves the target by the size of a pixel at the target's depth, so the point under
    // the cursor stays under it.
    float metresPerPixel = 2.0f * distance * std::tan(glm::radians(fovYDegrees) * 0.5f) / r.h;
    vec3 right = glm::normalize(glm::cross(forward(), vec3(0, 1, 0)));
    vec3 up = glm::cross(right, forward());
    target += (-right * d.x + up * d.y) * metresPerPixel;
}

void EditorCamera::zoom(float steps) { distance = std::clamp(distance * std::pow(0.85f, steps), 0.2f, 4000.0f); }

void EditorCamera::fly(vec3 move) {
    vec3 right = glm::normalize(glm::cross(forward(), vec3(0, 1, 0)));
    target += right * move.x + vec3(0, 1, 0) * move.y + forward() * move.z;
}

void EditorCamera::look(vec2 d) {
    // Turn about the eye: keep the eye where it is and move the target around it.
    vec3 eye = position();
    orbit(vec2(-d.x, -d.y));
    target = eye + forward() * distance;
}

void EditorCamera::frame(vec3 centre, float radius) {
    target = centre;
    // A bounding sphere is conservative for boxy venues: 0.8 of the exact fit fills the view better.
    distance = std::clamp(radius / std::sin(glm::radians(fovYDegrees) * 0.5f) * 0.8f, 1.0f, 4000.0f);
}

Ray EditorCamera::rayThrough(vec2 pixel, const ViewRect& r) const {
    mat4 inv = glm::inverse(viewProjection(r));
    float nx = (pixel.x - r.x) / r.w * 2.0f - 1.0f;
    float ny = 1.0f - (pixel.y - r.y) / r.h * 2.0f;
    vec4 a = inv * vec4(nx, ny, 0.0f, 1.0f);  // glm's default clip depth is -1..1; 0 is inside
    vec4 b = inv * vec4(nx, ny, 1.0f, 1.0f);
    vec3 pa = vec3(a) / a.w, pb = vec3(b) / b.w;
    Ray ray;
    ray.origin = position();
    ray.direction = glm::normalize(pb - pa);
    return ray;
}

std::optional<vec2> EditorCamera::project(vec3 world, const ViewRect& r) const {
    vec4 clip = viewProjection(r) * vec4(world, 1.0f);
    if (clip.w <= 1e-4f) return std::nullopt;
    vec3 ndc = vec3(clip) / clip.w;
    return vec2(r.x + (ndc.x * 0.5f + 0.5f) * r.w, r.y + (0.5f - ndc.y * 0.5f) * r.h);
}

}  // namespace atrium::editor
