#pragma once
// The viewport camera: orbit around a target, pan, zoom (as in Blender and Unity: middle mouse or
// Alt+left to orbit, Shift+middle to pan, wheel to zoom), fly with right mouse + WASD, and frame a
// bounding sphere (F). Also the projections between the viewport's pixels and the world that
// picking, the gizmo and the grid use.
#include <optional>

#include "atrium/core/math.hpp"

namespace atrium::editor {

struct ViewRect {
    float x = 0, y = 0, w = 1, h = 1;
    bool contains(vec2 p) const { return p.x >= x && p.y >= y && p.x < x + w && p.y < y + h; }
};

class EditorCamera {
public:
    vec3 target{0.0f, 1.0f, 0.0f};
    float yawDegrees = 30.0f;    // around +y; 0 looks along -z
    float pitchDegrees = 25.0f;  // above the horizon
    float distance = 25.0f;
    float fovYDegrees = 55.0f;

    vec3 position() const;
    vec3 forward() const;  // from the camera towards the target
    mat4 view() const;
    mat4 projection(float aspect) const;
    mat4 viewProjection(const ViewRect& r) const { return projection(r.w / r.h) * view(); }

    void orbit(vec2 pixelDelta);
    void pan(vec2 pixelDelta, const ViewRect& r);
    void zoom(float wheelSteps);
    // Moves target and eye together; `move` is (right, up, forward) in metres.
    void fly(vec3 move);
    void look(vec2 pixelDelta);  // turns in place (fly mode)
    void frame(vec3 centre, float radius);

    Ray rayThrough(vec2 pixel, const ViewRect& r) const;
    // Pixel position of a world point, or nothing when it is behind the camera.
    std::optional<vec2> project(vec3 world, const ViewRect& r) const;
};

}  // namespace atrium::editor
